import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  DueFollowUpDto,
  FollowUpDto,
  List,
  OverduePromiseDto,
  OverdueQuery,
  PromiseBody,
  PromiseDto,
  PromiseSettleBody,
  PublicRatingDto,
  RatingBody,
} from '../../contracts/resolution.ts';
import { listCaseFollowUps, listDueFollowUps, rateByLink, recordFollowUp } from '../../services/follow-ups.ts';
import { createPromise, listCasePromises, listOverduePromises, settlePromise } from '../../services/promises.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const PromiseParams = Type.Object(
  { id: Type.String({ maxLength: 64 }), promiseId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

/** Promises (承诺) and follow-ups (回访) with satisfaction. */
export async function promiseRoutes(app: FastifyInstance) {
  const tags = ['promises & follow-up'];
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;
  app.get(
    '/cases/:id/promises',
    {
      schema: {
        tags,
        summary: '承诺列表 / Promises on a case',
        params: IdParams,
        response: { 200: List(PromiseDto), ...errorResponses(404) },
      },
    },
    async (req) => listCasePromises(ctxOf(req), id(req)),
  );
  app.post(
    '/cases/:id/promises',
    {
      schema: {
        tags,
        summary: '记录承诺 / Record a commitment with owner and due time',
        params: IdParams,
        body: PromiseBody,
        response: { 201: PromiseDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createPromise(ctxOf(req), id(req), req.body as Static<typeof PromiseBody>)),
  );
  app.post(
    '/cases/:id/promises/:promiseId/settle',
    {
      schema: {
        tags,
        summary: '承诺兑现/未兑现 / Mark a promise kept or broken, with a note and evidence',
        params: PromiseParams,
        body: PromiseSettleBody,
        response: { 200: PromiseDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req) => {
      const p = req.params as Static<typeof PromiseParams>;
      return settlePromise(ctxOf(req), p.id, p.promiseId, req.body as Static<typeof PromiseSettleBody>);
    },
  );
  app.get(
    '/promises/overdue',
    {
      schema: {
        tags,
        summary: '逾期承诺 / Overdue promises of your organisation, optionally for one owner',
        querystring: OverdueQuery,
        response: { 200: List(OverduePromiseDto) },
      },
    },
    async (req) => listOverduePromises(ctxOf(req), (req.query as Static<typeof OverdueQuery>).ownerId),
  );
  app.get(
    '/cases/:id/follow-ups',
    {
      schema: {
        tags,
        summary: '回访记录 / Follow-ups of a case',
        params: IdParams,
        response: { 200: List(FollowUpDto), ...errorResponses(404) },
      },
    },
    async (req) => listCaseFollowUps(ctxOf(req), id(req)),
  );
  app.post(
    '/cases/:id/follow-up',
    {
      schema: {
        tags,
        summary: '记录电话回访 / Record the satisfaction given by phone (1–2 stars reopen the case)',
        params: IdParams,
        body: RatingBody,
        response: { 200: FollowUpDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req) => recordFollowUp(ctxOf(req), id(req), req.body as Static<typeof RatingBody>),
  );
  app.get(
    '/follow-ups/due',
    { schema: { tags, summary: '待回访 / Follow-ups due now', response: { 200: List(DueFollowUpDto) } } },
    async (req) => listDueFollowUps(ctxOf(req)),
  );
  app.post(
    '/access/:token/follow-up',
    {
      config: { public: true },
      schema: {
        tags: ['access links'],
        summary: '投诉人评价 / The complainant rates 1–5 with a comment through the link',
        security: [],
        params: Type.Object({ token: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
        body: RatingBody,
        response: { 200: PublicRatingDto, ...errorResponses(404, 409, 410) },
      },
    },
    async (req) =>
      rateByLink(
        app.deps.database.db,
        (req.params as { token: string }).token,
        req.body as Static<typeof RatingBody>,
        app.deps.clock(),
      ),
  );
}
