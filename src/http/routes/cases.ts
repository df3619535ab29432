import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  CaseCreateBody,
  CaseDto,
  CaseListQuery,
  CasePage,
  CasePatchBody,
  TimelineEvent,
} from '../../contracts/cases.ts';
import { caseTimeline, getCase, listCases } from '../../services/case-reads.ts';
import { intakeCase } from '../../services/intake-case.ts';
import { updateCaseDetails } from '../../services/update-case.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdempotencyHeaders, IdParams } from './shared.ts';

export async function caseRoutes(app: FastifyInstance) {
  app.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '受理投诉 / File a complaint, bad review or inquiry',
        description:
          'Incomplete cases are kept: `missing` lists what the complainant must add. Send `Idempotency-Key` to make retries safe: the same key and body return the same case; the same key with another body is 409 IDEMPOTENCY_KEY_REUSED.',
        headers: IdempotencyHeaders,
        body: CaseCreateBody,
        response: { 201: CaseDto, ...errorResponses(403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const key = (req.headers as Static<typeof IdempotencyHeaders>)['idempotency-key'];
      const r = await intakeCase(ctxOf(req), req.body as CaseCreateBody, key);
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).header('location', `/api/v1/cases/${r.case.id}`).send(r.case);
    },
  );
  app.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '投诉列表 / The work queue: filter, newest first, cursor pagination',
        querystring: CaseListQuery,
        response: { 200: CasePage, ...errorResponses() },
      },
    },
    async (req) => {
      const q = req.query as Static<typeof CaseListQuery>;
      return listCases(ctxOf(req), { ...q, limit: q.limit ?? 50 });
    },
  );
  app.get(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: '投诉详情 / Get a case with its allowed actions',
        params: IdParams,
        response: { 200: CaseDto, ...errorResponses(404) },
      },
    },
    async (req) => getCase(ctxOf(req), (req.params as { id: string }).id),
  );
  app.patch(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: '补充/更正信息 / Add or correct intake details; recomputes `missing`',
        params: IdParams,
        body: CasePatchBody,
        response: { 200: CaseDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req) =>
      updateCaseDetails(ctxOf(req), (req.params as { id: string }).id, req.body as Static<typeof CasePatchBody>),
  );
  app.get(
    '/cases/:id/timeline',
    {
      schema: {
        tags: ['cases'],
        summary: '时间线 / Every change on the case, oldest first',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(TimelineEvent) }), ...errorResponses(404) },
      },
    },
    async (req) => ({ items: await caseTimeline(ctxOf(req), (req.params as { id: string }).id) }),
  );
}
