import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  IntakeMessageBody,
  IntakeMessageResult,
  IntakeSettingsBody,
  IntakeSettingsDto,
  IntakeSourceBody,
  IntakeSourceDto,
  IntakeSourcePatch,
  IntakeSourceWithSecret,
  SignatureHeaders,
} from '../../contracts/omni.ts';
import { AppError } from '../../domain/errors.ts';
import { receiveIntakeMessage } from '../../services/intake-message.ts';
import { getIntakeSettings, putIntakeSettings } from '../../services/intake-settings.ts';
import {
  createIntakeSource,
  getIntakeSource,
  listIntakeSources,
  sourceForWebhook,
  updateIntakeSource,
  verifyIntakeSignature,
} from '../../services/intake-sources.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const tags = ['intake sources'];
const id = (req: { params: unknown }) => (req.params as { id: string }).id;

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as received, for signature checks (set only on signed-webhook routes). */
    rawBody?: string;
  }
}

/** IM and social sources (admin), their signed webhook, and the organisation's intake settings. */
export async function intakeSourceRoutes(app: FastifyInstance) {
  app.post(
    '/intake-sources',
    {
      schema: {
        tags,
        summary: '新增接入渠道 / Register an IM or social source (admin); the secret is shown once',
        body: IntakeSourceBody,
        response: { 201: IntakeSourceWithSecret, ...errorResponses(403) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createIntakeSource(ctxOf(req), req.body as Static<typeof IntakeSourceBody>)),
  );
  app.get(
    '/intake-sources',
    {
      schema: {
        tags,
        summary: '接入渠道列表 / The organisation’s IM and social sources (no secrets)',
        response: { 200: Type.Object({ items: Type.Array(IntakeSourceDto) }), ...errorResponses() },
      },
    },
    async (req) => ({ items: await listIntakeSources(ctxOf(req)) }),
  );
  app.get(
    '/intake-sources/:id',
    {
      schema: {
        tags,
        summary: '接入渠道 / One source (no secret)',
        params: IdParams,
        response: { 200: IntakeSourceDto, ...errorResponses(404) },
      },
    },
    async (req) => getIntakeSource(ctxOf(req), id(req)),
  );
  app.patch(
    '/intake-sources/:id',
    {
      schema: {
        tags,
        summary: '修改接入渠道 / Rename, switch off/on, change the public-post rule or rotate the secret (admin)',
        params: IdParams,
        body: IntakeSourcePatch,
        response: { 200: IntakeSourceWithSecret, ...errorResponses(403, 404) },
      },
    },
    async (req) => updateIntakeSource(ctxOf(req), id(req), req.body as Static<typeof IntakeSourcePatch>),
  );
  app.get(
    '/intake-settings',
    {
      schema: {
        tags,
        summary: '接入设置 / Duplicate window and phone verification on the public form',
        response: { 200: IntakeSettingsDto, ...errorResponses() },
      },
    },
    async (req) => getIntakeSettings(ctxOf(req)),
  );
  app.put(
    '/intake-settings',
    {
      schema: {
        tags,
        summary:
          '修改接入设置 / Set the duplicate window (days) and whether the public form needs a verified phone (admin)',
        body: IntakeSettingsBody,
        response: { 200: IntakeSettingsDto, ...errorResponses(403) },
      },
    },
    async (req) => putIntakeSettings(ctxOf(req), req.body as Static<typeof IntakeSettingsBody>),
  );
  await app.register(signedWebhookRoutes);
}

/** As Fastify's own JSON parser does: __proto__ and constructor.prototype keys are refused, never merged. */
function refusePrototypeKeys(key: string, value: unknown) {
  if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value && 'prototype' in value))
    throw new SyntaxError('forbidden key in JSON');
  return value;
}

/** Its own plugin: the JSON parser here keeps the raw text, which the HMAC signature covers byte for byte. */
async function signedWebhookRoutes(app: FastifyInstance) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    req.rawBody = text;
    try {
      done(null, JSON.parse(text, refusePrototypeKeys));
    } catch (err) {
      // Nesting deep enough to exhaust the reviver's stack is bad input too (found by fuzzing: it was a 500).
      done(
        err instanceof SyntaxError ? err : new AppError('INVALID_JSON', { problem: 'nested too deeply' }),
        undefined,
      );
    }
  });
  app.post(
    '/intake/sources/:sourceId/messages',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'IM/社交消息接入 / A signed message from an IM or social source: HMAC-SHA256 over "<x-kesu-timestamp>.<body>" in x-kesu-signature; a replayed messageId returns the same case',
        security: [],
        params: Type.Object({ sourceId: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        headers: SignatureHeaders,
        body: IntakeMessageBody,
        response: {
          200: IntakeMessageResult,
          201: IntakeMessageResult,
          ...errorResponses(403, 404, 409),
        },
      },
    },
    async (req, reply) => {
      const now = app.deps.clock();
      const { database, config } = app.deps;
      const source = await sourceForWebhook(database.db, (req.params as { sourceId: string }).sourceId);
      const h = req.headers as Record<string, string | undefined>;
      verifyIntakeSignature(
        source.secret,
        { timestamp: h['x-kesu-timestamp'], signature: h['x-kesu-signature'] },
        req.rawBody ?? '',
        now,
      );
      if (!source.active) throw new AppError('INTAKE_SOURCE_INACTIVE', { sourceId: source.id });
      const result = await receiveIntakeMessage(
        { db: database.db, evidenceDir: config.evidenceDir, now },
        source,
        req.body as Static<typeof IntakeMessageBody>,
      );
      return reply.status(result.outcome === 'case_created' ? 201 : 200).send(result);
    },
  );
}
