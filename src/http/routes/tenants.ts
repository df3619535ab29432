import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ContactTimingSettingsBody } from '../../contracts/calls.ts';
import { StringEnum, Text } from '../../contracts/common.ts';
import { roles } from '../../domain/vocabulary.ts';
import { verifyTenant } from '../../services/audit-chain.ts';
import { changeMemberRole, removeMember } from '../../services/members.ts';
import { requireRole } from '../../services/permissions.ts';
import { addMember, listMembers, listVisibleTenants, updateTenantSettings } from '../../services/tenants.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses, IdParams } from './shared.ts';

const MemberDto = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  role: StringEnum(roles),
  since: Type.String({ format: 'date-time' }),
});

export async function tenantRoutes(app: FastifyInstance) {
  app.get(
    '/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: '可见组织 / Organisations you can name in cases',
        response: errorResponses(),
      },
    },
    async (req) => ({
      items: await listVisibleTenants(ctxOf(req)),
    }),
  );

  app.patch(
    '/tenants/current',
    {
      schema: {
        tags: ['tenants'],
        summary: '组织设置 / Your organisation’s policy: name, after-sales window in days, contact timing (admin)',
        body: Type.Object(
          {
            name: Type.Optional(Text(200)),
            afterSalesDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
            contactTiming: Type.Optional(ContactTimingSettingsBody),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: errorResponses(403, 422),
      },
    },
    async (req) => updateTenantSettings(ctxOf(req), req.body as Parameters<typeof updateTenantSettings>[1]),
  );

  app.get(
    '/members',
    { schema: { tags: ['tenants'], summary: '成员 / Members of your organisation', response: errorResponses(403) } },
    async (req) => ({
      items: await listMembers(ctxOf(req)),
    }),
  );

  app.post(
    '/members',
    {
      schema: {
        tags: ['tenants'],
        summary: '添加成员 / Add a user to your organisation (admin)',
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 254 }),
            displayName: Text(100),
            password: Type.Optional(Type.String({ minLength: 10, maxLength: 200 })),
            role: StringEnum(roles),
          },
          { additionalProperties: false },
        ),
        response: errorResponses(403),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addMember(ctxOf(req), req.body as Parameters<typeof addMember>[1])),
  );

  app.patch(
    '/members/:id',
    {
      schema: {
        tags: ['tenants'],
        summary: '修改成员角色 / Change a member’s role (admin; the last admin cannot be demoted: 409 LAST_ADMIN)',
        params: IdParams,
        body: Type.Object({ role: StringEnum(roles) }, { additionalProperties: false }),
        response: { 200: MemberDto, ...errorResponses(403, 404, 409) },
      },
    },
    async (req) =>
      changeMemberRole(
        ctxOf(req),
        (req.params as { id: string }).id,
        (req.body as { role: (typeof roles)[number] }).role,
      ),
  );

  app.delete(
    '/members/:id',
    {
      schema: {
        tags: ['tenants'],
        summary:
          '移除成员 / Remove a member (admin): their tokens stop working, their cases and history stay; never the last admin',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await removeMember(ctxOf(req), (req.params as { id: string }).id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: '审计链校验 / Verify your organisation’s audit hash chain (admin, auditor)',
        response: errorResponses(403),
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      requireRole(ctx.actor, ['admin', 'auditor']);
      await app.auditSealer.flush();
      return verifyTenant(ctx.db, ctx.actor.tenantId);
    },
  );
}
