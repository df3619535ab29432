import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import {
  AppealBody,
  AppealDecisionBody,
  DepartmentLedger,
  PeopleLedger,
  PeriodQuery,
  PublicNoticePage,
  PublicNoticeQuery,
  SanctionBody,
  SanctionDto,
  SanctionListQuery,
  SanctionPage,
} from '../../contracts/sanctions.ts';
import { listPublicNotices } from '../../services/public-notices.ts';
import { responsibilityByDepartment, responsibilityByPerson } from '../../services/responsibility-stats.ts';
import { appealSanction, decideAppeal } from '../../services/sanction-appeals.ts';
import { getSanction, issueSanction, listSanctions } from '../../services/sanctions.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const id = (req: { params: unknown }) => (req.params as { id: string }).id;

/** Platform sanctions with one appeal, the public notice board, and the responsibility ledger. */
export async function sanctionRoutes(app: FastifyInstance) {
  const tags = ['sanctions'];
  app.post(
    '/sanctions',
    {
      schema: {
        tags,
        summary: '平台处罚 / The platform sanctions a member, citing cases whose ruling recorded a violation',
        description:
          'Platform admin or supervisor only. Types: warning, listing_restriction, temporary_freeze (startsAt and endsAt required), public_notice (publicText required; shown at /public/notices while active), account_ban.',
        body: SanctionBody,
        response: { 201: SanctionDto, ...errorResponses(403, 409, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await issueSanction(ctxOf(req), req.body as Static<typeof SanctionBody>)),
  );
  app.get(
    '/sanctions',
    {
      schema: {
        tags,
        summary: '处罚列表 / Sanctions your platform issued, or those against your organisation',
        querystring: SanctionListQuery,
        response: { 200: SanctionPage, ...errorResponses() },
      },
    },
    async (req) => {
      const q = req.query as Static<typeof SanctionListQuery>;
      return listSanctions(ctxOf(req), { ...q, limit: q.limit ?? 50 });
    },
  );
  app.get(
    '/sanctions/:id',
    {
      schema: {
        tags,
        summary: '处罚详情 / One sanction, with its cases and appeal',
        params: IdParams,
        response: { 200: SanctionDto, ...errorResponses(404) },
      },
    },
    async (req) => getSanction(ctxOf(req), id(req)),
  );
  app.post(
    '/sanctions/:id/appeal',
    {
      schema: {
        tags,
        summary: '申诉 / The sanctioned member appeals once, with a reason and optional evidence',
        params: IdParams,
        body: AppealBody,
        response: { 200: SanctionDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req) => appealSanction(ctxOf(req), id(req), req.body as Static<typeof AppealBody>),
  );
  app.post(
    '/sanctions/:id/appeal/decision',
    {
      schema: {
        tags,
        summary: '申诉裁定 / The platform upholds the sanction or revokes it',
        params: IdParams,
        body: AppealDecisionBody,
        response: { 200: SanctionDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req) => decideAppeal(ctxOf(req), id(req), req.body as Static<typeof AppealDecisionBody>),
  );
  app.get(
    '/public/notices',
    {
      config: { public: true },
      schema: {
        tags: ['public'],
        summary: '处罚公示 / Active public notices across platforms, without login (no complainant data)',
        security: [],
        querystring: PublicNoticeQuery,
        response: { 200: PublicNoticePage, ...errorResponses() },
      },
    },
    async (req) => {
      const q = req.query as Static<typeof PublicNoticeQuery>;
      return listPublicNotices(app.deps.database.db, app.deps.clock(), { ...q, limit: q.limit ?? 50 });
    },
  );
  const ledger = { tags: ['responsibility'], querystring: PeriodQuery };
  app.get(
    '/responsibility/people',
    {
      schema: {
        ...ledger,
        summary:
          '责任台账（个人）/ Per person: cases closed, on-time rate, satisfaction, unkept promises, zero-complaint days',
        response: { 200: PeopleLedger, ...errorResponses(403, 422) },
      },
    },
    async (req) => responsibilityByPerson(ctxOf(req), req.query as Static<typeof PeriodQuery>),
  );
  app.get(
    '/responsibility/departments',
    {
      schema: {
        ...ledger,
        summary: '责任台账（部门）/ Per department: cases closed, on-time rate, satisfaction, unkept promises',
        response: { 200: DepartmentLedger, ...errorResponses(403, 422) },
      },
    },
    async (req) => responsibilityByDepartment(ctxOf(req), req.query as Static<typeof PeriodQuery>),
  );
}
