import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { complainantView, createAccessLink } from '../../services/access-links.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

export async function accessLinkRoutes(app: FastifyInstance) {
  app.post(
    '/cases/:id/access-links',
    {
      schema: {
        tags: ['access links'],
        summary: '投诉人查看链接 / Issue a link the complainant can use without an account (shown once)',
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 180 })) },
            { additionalProperties: false },
          ),
        ),
        response: {
          201: Type.Object({ token: Type.String(), path: Type.String(), expiresAt: Type.String() }),
          ...errorResponses(403, 404),
        },
      },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as { days?: number };
      return reply.status(201).send(await createAccessLink(ctxOf(req), (req.params as { id: string }).id, body.days));
    },
  );
  app.get(
    '/access/:token',
    {
      config: { public: true },
      schema: {
        tags: ['access links'],
        summary: '投诉进度 / The complainant’s view of their case through the link',
        security: [],
        params: Type.Object({ token: Type.String({ maxLength: 100 }) }),
        response: errorResponses(404, 410),
      },
    },
    async (req) => complainantView(app.deps.database.db, (req.params as { token: string }).token, app.deps.clock()),
  );
}
