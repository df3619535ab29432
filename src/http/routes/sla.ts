import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  PolicyCreateBody,
  PolicyDto,
  PolicyPatchBody,
  PresetDto,
  SlaSettingsBody,
  SlaSettingsDto,
} from '../../contracts/sla.ts';
import { slaPresets } from '../../domain/sla/policy.ts';
import { getSlaSettings, putSlaSettings } from '../../services/sla-calendar.ts';
import { createPolicy, deactivatePolicy, getPolicy, listPolicies, updatePolicy } from '../../services/sla-policies.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const tags = ['sla'];
const id = (req: { params: unknown }) => (req.params as { id: string }).id;

export async function slaRoutes(app: FastifyInstance) {
  app.get(
    '/sla/presets',
    {
      schema: {
        tags,
        summary: '时效预设 / Presets with their source (platform rule, regulation)',
        response: { 200: Type.Object({ items: Type.Array(PresetDto) }), ...errorResponses() },
      },
    },
    async () => ({ items: slaPresets }),
  );
  app.get(
    '/sla/policies',
    {
      schema: {
        tags,
        summary: '时效规则 / Your organisation’s SLA policies (every member may read)',
        response: { 200: Type.Object({ items: Type.Array(PolicyDto) }), ...errorResponses() },
      },
    },
    async (req) => ({ items: await listPolicies(ctxOf(req)) }),
  );
  app.get(
    '/sla/policies/:id',
    {
      schema: {
        tags,
        summary: '时效规则详情 / One policy',
        params: IdParams,
        response: { 200: PolicyDto, ...errorResponses(404) },
      },
    },
    async (req) => getPolicy(ctxOf(req), id(req)),
  );
  app.post(
    '/sla/policies',
    {
      schema: {
        tags,
        summary: '新建时效规则 / Create a policy, from scratch or from a preset (admin)',
        description:
          'Matches cases by kind, channel, severity and respondent; the most specific active policy wins, then priority. Targets: acceptance, first_response, respondent_reply, resolution, each in working_minutes, working_hours, working_days or calendar_hours.',
        body: PolicyCreateBody,
        response: { 201: PolicyDto, ...errorResponses(403, 404, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createPolicy(ctxOf(req), req.body as PolicyCreateBody)),
  );
  app.patch(
    '/sla/policies/:id',
    {
      schema: {
        tags,
        summary: '修改时效规则 / Change a policy (admin); running clocks keep their due times',
        params: IdParams,
        body: PolicyPatchBody,
        response: { 200: PolicyDto, ...errorResponses(403, 404, 422) },
      },
    },
    async (req) => updatePolicy(ctxOf(req), id(req), req.body as Static<typeof PolicyPatchBody>),
  );
  app.delete(
    '/sla/policies/:id',
    {
      schema: {
        tags,
        summary: '停用时效规则 / Deactivate a policy (admin); kept for the record',
        params: IdParams,
        response: { 200: PolicyDto, ...errorResponses(403, 404) },
      },
    },
    async (req) => deactivatePolicy(ctxOf(req), id(req)),
  );
  app.get(
    '/sla/settings',
    {
      schema: {
        tags,
        summary: '工作时间 / Business hours, lunch break and closed days',
        response: { 200: SlaSettingsDto, ...errorResponses() },
      },
    },
    async (req) => getSlaSettings(ctxOf(req)),
  );
  app.put(
    '/sla/settings',
    {
      schema: {
        tags,
        summary: '设置工作时间 / Set business hours, lunch break and closed days (admin)',
        body: SlaSettingsBody,
        response: { 200: SlaSettingsDto, ...errorResponses(403, 422) },
      },
    },
    async (req) => putSlaSettings(ctxOf(req), req.body as Static<typeof SlaSettingsBody>),
  );
}
