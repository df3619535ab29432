import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { IsoDateTime, Nullable, StringEnum, Uuid } from '../../contracts/common.ts';
import {
  createEndpoint,
  deactivateEndpoint,
  getDelivery,
  listDeliveries,
  listEndpoints,
  redeliver,
  webhookEventTypes,
} from '../../services/webhooks.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const tags = ['webhooks'];
const EndpointDto = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Nullable(Type.String()),
  eventTypes: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: IsoDateTime,
});
const EndpointBody = Type.Object(
  {
    url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    eventTypes: Type.Array(StringEnum(webhookEventTypes), { minItems: 1, maxItems: 10, uniqueItems: true }),
  },
  { additionalProperties: false },
);
const DeliveryDto = Type.Object({
  id: Uuid,
  endpointId: Uuid,
  eventType: Type.String(),
  status: StringEnum(['pending', 'delivered', 'dead'] as const),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(IsoDateTime),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(IsoDateTime),
  createdAt: IsoDateTime,
});
const DeliveryQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(['pending', 'delivered', 'dead'] as const)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
const id = (req: { params: unknown }) => (req.params as { id: string }).id;

export async function webhookRoutes(app: FastifyInstance) {
  app.post(
    '/webhooks/endpoints',
    {
      schema: {
        tags,
        summary: '注册 Webhook / Register an endpoint (admin); the signing secret is shown once',
        body: EndpointBody,
        response: {
          201: Type.Intersect([EndpointDto, Type.Object({ secret: Type.String() })]),
          ...errorResponses(403),
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createEndpoint(ctxOf(req), req.body as Static<typeof EndpointBody>)),
  );
  app.get(
    '/webhooks/endpoints',
    {
      schema: {
        tags,
        summary: 'Webhook 列表 / Registered endpoints (admin)',
        response: { 200: Type.Object({ items: Type.Array(EndpointDto) }), ...errorResponses(403) },
      },
    },
    async (req) => ({ items: await listEndpoints(ctxOf(req)) }),
  );
  app.delete(
    '/webhooks/endpoints/:id',
    {
      schema: {
        tags,
        summary: '停用 Webhook / Deactivate an endpoint (admin)',
        params: IdParams,
        response: { 200: EndpointDto, ...errorResponses(403, 404) },
      },
    },
    async (req) => deactivateEndpoint(ctxOf(req), id(req)),
  );
  app.get(
    '/webhooks/deliveries',
    {
      schema: {
        tags,
        summary: '推送记录 / Delivery log; status=dead is the dead-letter list (admin)',
        querystring: DeliveryQuery,
        response: { 200: Type.Object({ items: Type.Array(DeliveryDto) }), ...errorResponses(403) },
      },
    },
    async (req) => {
      const q = req.query as Static<typeof DeliveryQuery>;
      return { items: await listDeliveries(ctxOf(req), { ...q, limit: q.limit ?? 50 }) };
    },
  );
  app.get(
    '/webhooks/deliveries/:id',
    {
      schema: {
        tags,
        summary: '推送详情 / One delivery with its payload and every attempt (admin)',
        params: IdParams,
        response: {
          200: Type.Intersect([
            DeliveryDto,
            Type.Object({
              payload: Type.Unknown(),
              attemptLog: Type.Array(
                Type.Object({
                  at: IsoDateTime,
                  statusCode: Nullable(Type.Integer()),
                  error: Nullable(Type.String()),
                  durationMs: Type.Integer(),
                }),
              ),
            }),
          ]),
          ...errorResponses(403, 404),
        },
      },
    },
    async (req) => getDelivery(ctxOf(req), id(req)),
  );
  app.post(
    '/webhooks/deliveries/:id/redeliver',
    {
      schema: {
        tags,
        summary: '重新推送 / Send a delivery again (admin)',
        params: IdParams,
        response: { 200: DeliveryDto, ...errorResponses(403, 404) },
      },
    },
    async (req) => redeliver(ctxOf(req), id(req)),
  );
}
