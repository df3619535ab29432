import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { retryQuarantined } from '../../channels/email/retry.ts';
import { StringEnum } from '../../contracts/common.ts';
import {
  InboundAddressBody,
  InboundAddressDto,
  IngestResultDto,
  QuarantineDto,
  ReplyBody,
  ReplyDto,
} from '../../contracts/mail.ts';
import { addInboundAddress, listInboundAddresses } from '../../services/inbound-addresses.ts';
import { listQuarantine } from '../../services/mail-quarantine.ts';
import { sendCaseReply } from '../../services/mail-replies.ts';
import { requireRole } from '../../services/permissions.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

export async function mailRoutes(app: FastifyInstance) {
  app.post(
    '/cases/:id/replies',
    {
      schema: {
        tags: ['mail'],
        summary: '邮件回复投诉人 / Reply to the complainant by e-mail (threaded, case number in the subject)',
        params: IdParams,
        body: ReplyBody,
        response: { 201: ReplyDto, ...errorResponses(403, 404, 409, 502, 503) },
      },
    },
    async (req, reply) => {
      const body = req.body as { text: string; cannedResponseId?: string };
      const sent = await sendCaseReply(ctxOf(req), (req.params as { id: string }).id, body, app.mailOut);
      return reply.status(201).send(sent);
    },
  );
  app.get(
    '/mail/inbound-addresses',
    {
      schema: {
        tags: ['mail'],
        summary: '收件地址 / Addresses whose mail becomes this organisation’s cases',
        response: { 200: Type.Object({ items: Type.Array(InboundAddressDto) }) },
      },
    },
    async (req) => ({ items: await listInboundAddresses(ctxOf(req)) }),
  );
  app.post(
    '/mail/inbound-addresses',
    {
      schema: {
        tags: ['mail'],
        summary: '添加收件地址 / Route mail sent to an address to this organisation (admin)',
        body: InboundAddressBody,
        response: { 201: InboundAddressDto, ...errorResponses(403, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addInboundAddress(ctxOf(req), (req.body as { address: string }).address)),
  );
  app.get(
    '/mail/quarantine',
    {
      schema: {
        tags: ['mail'],
        summary: '隔离邮件 / Mail that could not be taken in, with the reason',
        querystring: Type.Object(
          { status: Type.Optional(StringEnum(['held', 'released'] as const)) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(QuarantineDto) }), ...errorResponses(403) },
      },
    },
    async (req) => ({
      items: await listQuarantine(ctxOf(req), (req.query as { status?: 'held' | 'released' }).status),
    }),
  );
  app.post(
    '/mail/quarantine/:id/retry',
    {
      schema: {
        tags: ['mail'],
        summary: '重新处理隔离邮件 / Run a quarantined mail through intake again',
        params: IdParams,
        response: {
          200: Type.Object({ released: Type.Boolean(), results: Type.Array(IngestResultDto) }),
          ...errorResponses(403, 404, 409),
        },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
      const { config, database, clock } = app.deps;
      return retryQuarantined(
        { db: database.db, evidenceDir: config.evidenceDir, clock, out: app.mailOut },
        (req.params as { id: string }).id,
        { tenantId: ctx.actor.tenantId, actorUserId: ctx.actor.userId },
      );
    },
  );
}
