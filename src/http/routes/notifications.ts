import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { IsoDateTime, Nullable, Uuid } from '../../contracts/common.ts';
import { listNotifications, markRead, unreadCount } from '../../services/notifications.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const tags = ['notifications'];
const NotificationDto = Type.Object({
  id: Uuid,
  kind: Type.String({ examples: ['sla.breached'] }),
  caseId: Nullable(Uuid),
  title: Type.String(),
  titleEn: Type.String(),
  body: Type.String(),
  bodyEn: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: IsoDateTime,
  readAt: Nullable(IsoDateTime),
});
const ListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
const Updated = Type.Object({ updated: Type.Integer() });

export async function notificationRoutes(app: FastifyInstance) {
  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: '站内通知 / Your inbox in this organisation, newest first',
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(NotificationDto), unread: Type.Integer() }),
          ...errorResponses(),
        },
      },
    },
    async (req) => {
      const q = req.query as Static<typeof ListQuery>;
      return listNotifications(ctxOf(req), { unread: q.unread ?? false, limit: q.limit ?? 50 });
    },
  );
  app.get(
    '/notifications/unread-count',
    {
      schema: {
        tags,
        summary: '未读数 / Unread count',
        response: { 200: Type.Object({ unread: Type.Integer() }), ...errorResponses() },
      },
    },
    async (req) => ({ unread: await unreadCount(ctxOf(req)) }),
  );
  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: '标为已读 / Mark one notification read',
        params: IdParams,
        response: { 200: Updated, ...errorResponses(404) },
      },
    },
    async (req) => markRead(ctxOf(req), (req.params as { id: string }).id),
  );
  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags,
        summary: '全部已读 / Mark every notification read',
        response: { 200: Updated, ...errorResponses() },
      },
    },
    async (req) => markRead(ctxOf(req)),
  );
}
