import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { Nullable } from '../../contracts/common.ts';
import { OrderCreateBody, OrderDto, OrderListQuery, OrderStateBody } from '../../contracts/orders.ts';
import { createOrder, getOrder, listOrders, updateOrderState } from '../../services/orders.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

export async function orderRoutes(app: FastifyInstance) {
  app.post(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: '创建订单 / Create an order',
        body: OrderCreateBody,
        response: { 201: OrderDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createOrder(ctxOf(req), req.body as OrderCreateBody)),
  );
  app.get(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: '订单列表 / List orders',
        querystring: OrderListQuery,
        response: {
          200: Type.Object({ items: Type.Array(OrderDto), nextCursor: Nullable(Type.String()) }),
          ...errorResponses(),
        },
      },
    },
    async (req) => {
      const q = req.query as Static<typeof OrderListQuery>;
      return listOrders(ctxOf(req), { ...q, limit: q.limit ?? 50 });
    },
  );
  app.get(
    '/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: '订单详情 / Get an order',
        params: IdParams,
        response: { 200: OrderDto, ...errorResponses(404) },
      },
    },
    async (req) => getOrder(ctxOf(req), (req.params as { id: string }).id),
  );
  app.post(
    '/orders/:id/state',
    {
      schema: {
        tags: ['orders'],
        summary: '订单状态变更 / Record a new order state; refund outcomes move the linked cases',
        params: IdParams,
        body: OrderStateBody,
        response: {
          200: Type.Object({ order: OrderDto, movedCaseIds: Type.Array(Type.String()) }),
          ...errorResponses(403, 404),
        },
      },
    },
    async (req) => {
      const b = req.body as Static<typeof OrderStateBody>;
      return updateOrderState(ctxOf(req), (req.params as { id: string }).id, b.state, b.completedAt);
    },
  );
}
