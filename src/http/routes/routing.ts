import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  CollaboratorAdded,
  CollaboratorBody,
  CollaboratorDto,
  DepartmentBody,
  DepartmentDto,
  InvestigationBody,
  InvestigationDto,
  List,
  PolicyDto,
  PolicyPatch,
  RoutingRuleBody,
  RoutingRuleDto,
  SystemicDto,
  SystemicQuery,
} from '../../contracts/resolution.ts';
import { addCollaborator, listCollaborators } from '../../services/collaborators.ts';
import { createDepartment, listDepartments } from '../../services/departments.ts';
import { addInvestigationNote } from '../../services/investigation-notes.ts';
import { getPolicy, setPolicy } from '../../services/resolution-policy.ts';
import { createRoutingRule, deleteRoutingRule, listRoutingRules } from '../../services/routing-rules.ts';
import { listSystemicCauses } from '../../services/systemic-causes.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

/** Departments, routing rules, collaborators, investigation notes, systemic causes and the resolution policy. */
export async function routingRoutes(app: FastifyInstance) {
  const tags = ['routing & investigation'];
  app.get(
    '/resolution-policy',
    {
      schema: {
        tags,
        summary: '处理策略 / Approval limits, follow-up and reply deadlines',
        response: { 200: PolicyDto },
      },
    },
    async (req) => getPolicy(ctxOf(req)),
  );
  app.patch(
    '/resolution-policy',
    {
      schema: {
        tags,
        summary: '设置处理策略 / Set approval limits (fen), follow-up days, reopen window, reply hours (admin)',
        body: PolicyPatch,
        response: { 200: PolicyDto, ...errorResponses(403) },
      },
    },
    async (req) => setPolicy(ctxOf(req), req.body as Static<typeof PolicyPatch>),
  );
  app.get(
    '/departments',
    { schema: { tags, summary: '部门列表 / Departments', response: { 200: List(DepartmentDto) } } },
    async (req) => listDepartments(ctxOf(req)),
  );
  app.post(
    '/departments',
    {
      schema: {
        tags,
        summary: '新建部门 / Create a department',
        body: DepartmentBody,
        response: { 201: DepartmentDto, ...errorResponses(403, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createDepartment(ctxOf(req), req.body as Static<typeof DepartmentBody>)),
  );
  app.get(
    '/routing-rules',
    {
      schema: { tags, summary: '分派规则 / Routing rules in priority order', response: { 200: List(RoutingRuleDto) } },
    },
    async (req) => listRoutingRules(ctxOf(req)),
  );
  app.post(
    '/routing-rules',
    {
      schema: {
        tags,
        summary: '新建分派规则 / Create a routing rule (first match by ascending priority wins)',
        body: RoutingRuleBody,
        response: { 201: RoutingRuleDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createRoutingRule(ctxOf(req), req.body as Static<typeof RoutingRuleBody>)),
  );
  app.delete(
    '/routing-rules/:id',
    {
      schema: {
        tags,
        summary: '删除分派规则 / Delete a routing rule',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(403, 404) },
      },
    },
    async (req, reply) => {
      await deleteRoutingRule(ctxOf(req), (req.params as { id: string }).id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/cases/:id/collaborators',
    {
      schema: {
        tags,
        summary: '协办人 / Collaborators on a case',
        params: IdParams,
        response: { 200: List(CollaboratorDto), ...errorResponses(404) },
      },
    },
    async (req) => listCollaborators(ctxOf(req), (req.params as { id: string }).id),
  );
  app.post(
    '/cases/:id/collaborators',
    {
      schema: {
        tags,
        summary: '添加协办人 / Add a colleague from another department',
        params: IdParams,
        body: CollaboratorBody,
        response: { 201: CollaboratorAdded, ...errorResponses(403, 404, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body as Static<typeof CollaboratorBody>;
      const r = await addCollaborator(ctxOf(req), (req.params as { id: string }).id, b.userId, b.departmentId);
      return reply.status(201).send(r);
    },
  );
  app.post(
    '/cases/:id/investigation-notes',
    {
      schema: {
        tags,
        summary: '调查记录 / Investigation note: department and findings',
        params: IdParams,
        body: InvestigationBody,
        response: { 201: InvestigationDto, ...errorResponses(403, 404) },
      },
    },
    async (req, reply) => {
      const r = await addInvestigationNote(
        ctxOf(req),
        (req.params as { id: string }).id,
        req.body as Static<typeof InvestigationBody>,
      );
      return reply.status(201).send(r);
    },
  );
  app.get(
    '/root-causes/systemic',
    {
      schema: {
        tags,
        summary: '系统性原因 / Systemic root causes of closed cases, for the analysis meeting',
        querystring: SystemicQuery,
        response: { 200: SystemicDto },
      },
    },
    async (req) => listSystemicCauses(ctxOf(req), req.query as Static<typeof SystemicQuery>),
  );
}
