import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Static, Type } from 'typebox';
import { StringEnum, Text } from '../../contracts/common.ts';
import { AccessAnswerBody, AccessAnswerResult, PhoneCodeBody, PhoneCodeResult } from '../../contracts/omni.ts';
import { AppError } from '../../domain/errors.ts';
import { expectedResolutions } from '../../domain/vocabulary.ts';
import { answerByLink } from '../../services/access-answers.ts';
import { addEvidenceByLink } from '../../services/access-evidence.ts';
import { sendPhoneCode } from '../../services/phone-codes.ts';
import { filePublicComplaint } from '../../services/public-complaint.ts';
import { SlidingWindowLimiter } from '../../services/rate-limit.ts';
import { malformedMultipart } from './evidence.ts';
import { errorResponses } from './shared.ts';

const PublicComplaintBody = Type.Object(
  {
    orderNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
    name: Text(100),
    phone: Type.String({ pattern: '^1[3-9]\\d{9}$', description: '中国大陆手机号 / mainland mobile number' }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    reason: Text(5000, 5),
    expectedResolution: Type.Optional(StringEnum(expectedResolutions)),
    phoneCode: Type.Optional(
      Type.String({ pattern: '^\\d{6}$', description: '短信验证码 / the code from POST …/phone-codes' }),
    ),
  },
  { additionalProperties: false },
);

const HOUR = 3_600_000;

/** Retry-After on 429, so clients and proxies know when to come back. */
function limit(reply: FastifyReply, limiter: SlidingWindowLimiter, key: string, now: Date) {
  try {
    limiter.take(key, now);
  } catch (err) {
    if (err instanceof AppError) reply.header('retry-after', String(err.details.retryAfterSeconds));
    throw err;
  }
}

export async function publicComplaintRoutes(app: FastifyInstance) {
  // Per IP: a household or office behind one address may file a few; per phone: nobody needs more than 3 a day.
  const perIp = new SlidingWindowLimiter(10, HOUR);
  const perPhone = new SlidingWindowLimiter(3, 24 * HOUR);
  app.post(
    '/public/:tenantSlug/complaints',
    {
      config: { public: true },
      schema: {
        tags: ['public'],
        summary: '消费者投诉表单 / File a complaint without an account (rate limited per IP and per phone)',
        security: [],
        params: Type.Object({ tenantSlug: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        body: PublicComplaintBody,
        response: {
          201: Type.Object({
            caseNumber: Type.String(),
            status: Type.String(),
            missing: Type.Array(Type.String()),
            accessToken: Type.String(),
            accessPath: Type.String(),
            expiresAt: Type.String(),
          }),
          ...errorResponses(404, 410, 422, 429),
        },
      },
    },
    async (req, reply) => {
      const now = app.deps.clock();
      const body = req.body as Static<typeof PublicComplaintBody>;
      limit(reply, perIp, req.ip, now);
      limit(reply, perPhone, body.phone, now);
      const { database, config } = app.deps;
      const filed = await filePublicComplaint(
        { db: database.db, evidenceDir: config.evidenceDir, now },
        (req.params as { tenantSlug: string }).tenantSlug,
        body,
      );
      return reply.status(201).send(filed);
    },
  );
  // Codes cost an SMS each: one a minute and five a day per phone, ten an hour per IP.
  const codesPerIp = new SlidingWindowLimiter(10, HOUR);
  const codesPerMinute = new SlidingWindowLimiter(1, 60_000);
  const codesPerDay = new SlidingWindowLimiter(5, 24 * HOUR);
  app.post(
    '/public/:tenantSlug/phone-codes',
    {
      config: { public: true },
      schema: {
        tags: ['public'],
        summary: '发送手机验证码 / Send a 6-digit code to the phone (10 minutes, 5 tries; rate limited)',
        security: [],
        params: Type.Object({ tenantSlug: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        body: PhoneCodeBody,
        response: { 201: PhoneCodeResult, ...errorResponses(404, 429) },
      },
    },
    async (req, reply) => {
      const now = app.deps.clock();
      const { phone } = req.body as Static<typeof PhoneCodeBody>;
      limit(reply, codesPerIp, req.ip, now);
      limit(reply, codesPerMinute, phone, now);
      limit(reply, codesPerDay, phone, now);
      const sent = await sendPhoneCode(
        { db: app.deps.database.db, now, sender: app.phoneSender },
        (req.params as { tenantSlug: string }).tenantSlug,
        phone,
      );
      return reply.status(201).send(sent);
    },
  );
  app.post(
    '/access/:token/answers',
    {
      config: { public: true },
      schema: {
        tags: ['access links'],
        summary:
          '投诉人补充材料 / The complainant answers what is missing (text, order number, expected resolution, contact); a case waiting only for it resumes',
        security: [],
        params: Type.Object({ token: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
        body: AccessAnswerBody,
        response: { 201: AccessAnswerResult, ...errorResponses(404, 409, 410, 422, 429) },
      },
    },
    async (req, reply) => {
      const now = app.deps.clock();
      limit(reply, perIp, `answers:${req.ip}`, now);
      const answered = await answerByLink(
        { db: app.deps.database.db, now },
        (req.params as { token: string }).token,
        req.body as Static<typeof AccessAnswerBody>,
      );
      return reply.status(201).send(answered);
    },
  );
  app.post(
    '/access/:token/evidence',
    {
      config: { public: true },
      schema: {
        tags: ['access links'],
        summary: '投诉人上传证据 / The complainant adds evidence through the link (multipart `file`, ≤ 10 MB)',
        security: [],
        consumes: ['multipart/form-data'],
        params: Type.Object({ token: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            id: Type.String(),
            mime: Type.String(),
            sizeBytes: Type.Integer(),
            missing: Type.Array(Type.String()),
          }),
          ...errorResponses(404, 410, 413, 415, 429),
        },
      },
    },
    async (req, reply) => {
      limit(reply, perIp, `evidence:${req.ip}`, app.deps.clock());
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' });
      const part = await req.file().catch(malformedMultipart);
      if (part?.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', { field: 'file', problem: 'missing' });
      const bytes = await part.toBuffer().catch(malformedMultipart);
      const { database, config } = app.deps;
      const added = await addEvidenceByLink(
        { db: database.db, evidenceDir: config.evidenceDir, now: app.deps.clock() },
        (req.params as { token: string }).token,
        { bytes, fileName: part.filename?.slice(0, 255), declaredMime: part.mimetype?.slice(0, 100) },
      );
      return reply.status(201).send(added);
    },
  );
}
