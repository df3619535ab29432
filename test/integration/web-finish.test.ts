import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromComplainant } from '../../src/services/record.ts';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, type World } from '../support/world.ts';

const HOUR = 3_600_000;

/** Issue 8 on the API side: members' roles and removal, unread customer replies, the list of forwards. */
describe.each(testDatabases())('members, unread replies and forwards on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  const auditOf = (action: string, entityId: string) =>
    w.database.db
      .selectFrom('audit_log')
      .select(['tenant_id', 'actor_user_id', 'before', 'after'])
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .execute();

  /** A new member of merchant A with a session token of their own. */
  async function newMember(role: string, n: string) {
    const admin = w.tokens['merchantA:admin']!;
    const email = `m${n}@ma.test`;
    const added = await w.req(admin, 'POST', '/api/v1/members', {
      email,
      displayName: `成员${n}`,
      password: 'correct horse battery',
      role,
    });
    expect(added.status).toBe(201);
    const login = await w.req(null, 'POST', '/api/v1/auth/login', {
      email,
      password: 'correct horse battery',
      tenant: 'ma',
    });
    expect(login.status).toBe(200);
    return { id: added.body.userId as string, token: login.body.token as string };
  }

  describe('members', () => {
    it('an admin changes a role: the member acts with it at once, and the change is audited', async () => {
      const m = await newMember('agent', '1');
      expect((await w.req(m.token, 'GET', '/api/v1/me')).body.role).toBe('agent');
      const res = await w.req(w.tokens['merchantA:admin']!, 'PATCH', `/api/v1/members/${m.id}`, { role: 'supervisor' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ userId: m.id, role: 'supervisor', email: 'm1@ma.test' });
      expect((await w.req(m.token, 'GET', '/api/v1/me')).body.role).toBe('supervisor');
      const listed = (await w.req(w.tokens['merchantA:admin']!, 'GET', '/api/v1/members')).body.items;
      expect(listed.find((x: { userId: string }) => x.userId === m.id).role).toBe('supervisor');
      const audit = await auditOf('membership.role', m.id);
      expect(audit).toEqual([
        {
          tenant_id: w.tenants.merchantA,
          actor_user_id: w.userIds['merchantA:admin'],
          before: { role: 'agent' },
          after: { role: 'supervisor' },
        },
      ]);
    });

    it('only the own organisation’s admin may: other roles 403, other organisations and unknown ids 404', async () => {
      const m = await newMember('agent', '2');
      const url = `/api/v1/members/${m.id}`;
      for (const role of ['supervisor', 'agent', 'auditor', 'viewer']) {
        expect((await w.req(w.tokens[`merchantA:${role}`]!, 'PATCH', url, { role: 'admin' })).status, role).toBe(403);
        expect((await w.req(w.tokens[`merchantA:${role}`]!, 'DELETE', url)).status, role).toBe(403);
      }
      for (const t of ['merchantB:admin', 'platform:admin', 'opsco:admin']) {
        const r = await w.req(w.tokens[t]!, 'PATCH', url, { role: 'admin' });
        expect(r.status, t).toBe(404);
        expect(r.body.error.code).toBe('MEMBER_NOT_FOUND');
        expect((await w.req(w.tokens[t]!, 'DELETE', url)).body.error.code, t).toBe('MEMBER_NOT_FOUND');
      }
      for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000'])
        expect((await w.req(w.tokens['merchantA:admin']!, 'DELETE', `/api/v1/members/${id}`)).status).toBe(404);
      expect((await w.req(w.tokens['merchantA:admin']!, 'PATCH', url, { role: 'owner' })).status).toBe(400);
      expect((await w.req(m.token, 'GET', '/api/v1/me')).body.role).toBe('agent');
    });

    it('removing a member stops their tokens; their cases keep the assignee and the history', async () => {
      const m = await newMember('agent', '3');
      const c = (await w.req(m.token, 'POST', '/api/v1/cases', complaintBody())).body;
      expect((await w.req(m.token, 'POST', `/api/v1/cases/${c.id}/assign`, { assigneeId: m.id })).status).toBe(200);
      const removed = await w.req(w.tokens['merchantA:admin']!, 'DELETE', `/api/v1/members/${m.id}`);
      expect(removed.status).toBe(204);
      expect((await w.req(m.token, 'GET', '/api/v1/me')).status).toBe(401);
      expect((await w.req(m.token, 'GET', '/api/v1/cases')).status).toBe(401);
      const login = await w.req(null, 'POST', '/api/v1/auth/login', {
        email: 'm3@ma.test',
        password: 'correct horse battery',
      });
      expect(login.status).toBe(403);
      const sup = w.tokens['merchantA:supervisor']!;
      const kept = (await w.req(sup, 'GET', `/api/v1/cases/${c.id}`)).body;
      expect(kept.assigneeId).toBe(m.id);
      const timeline = (await w.req(sup, 'GET', `/api/v1/cases/${c.id}/timeline`)).body.items;
      expect(timeline.some((e: { actorUserId: string }) => e.actorUserId === m.id)).toBe(true);
      const members = (await w.req(w.tokens['merchantA:admin']!, 'GET', '/api/v1/members')).body.items;
      expect(members.some((x: { userId: string }) => x.userId === m.id)).toBe(false);
      const [audit] = await auditOf('membership.remove', m.id);
      expect(audit).toMatchObject({ before: { email: 'm3@ma.test', role: 'agent' }, after: { revokedTokens: 1 } });
      expect((await w.req(w.tokens['merchantA:admin']!, 'DELETE', `/api/v1/members/${m.id}`)).status).toBe(404);
    });

    it('an organisation keeps its last admin: no demotion, no removal (409 LAST_ADMIN) until another admin exists', async () => {
      const admin = w.tokens['opsco:admin']!;
      const me = w.userIds['opsco:admin']!;
      const demote = await w.req(admin, 'PATCH', `/api/v1/members/${me}`, { role: 'supervisor' });
      expect(demote.status).toBe(409);
      expect(demote.body.error).toMatchObject({ code: 'LAST_ADMIN', messageZh: '组织至少需要保留一名管理员' });
      expect((await w.req(admin, 'DELETE', `/api/v1/members/${me}`)).body.error.code).toBe('LAST_ADMIN');
      // Setting the same role is no change, even for the last admin.
      expect((await w.req(admin, 'PATCH', `/api/v1/members/${me}`, { role: 'admin' })).status).toBe(200);
      const other = w.userIds['opsco:supervisor']!;
      expect((await w.req(admin, 'PATCH', `/api/v1/members/${other}`, { role: 'admin' })).status).toBe(200);
      expect((await w.req(admin, 'PATCH', `/api/v1/members/${me}`, { role: 'supervisor' })).status).toBe(200);
      const second = w.tokens['opsco:supervisor']!; // an admin now
      expect((await w.req(second, 'PATCH', `/api/v1/members/${other}`, { role: 'agent' })).body.error.code).toBe(
        'LAST_ADMIN',
      );
      expect((await w.req(second, 'PATCH', `/api/v1/members/${me}`, { role: 'admin' })).status).toBe(200);
    });
  });

  describe('unread customer replies', () => {
    it('a complainant’s answer marks the case unread for whoever opened it before; opening it clears it for that user only', async () => {
      const agent = w.tokens['merchantA:agent']!;
      const sup = w.tokens['merchantA:supervisor']!;
      const c = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'product_quality' }))).body;
      expect(c.customerRepliedAt).toBeNull();
      const row = async (token: string, query = '') =>
        (await w.req(token, 'GET', `/api/v1/cases?limit=200${query}`)).body.items.find(
          (x: { id: string }) => x.id === c.id,
        );
      await w.req(agent, 'GET', `/api/v1/cases/${c.id}`);
      expect((await row(agent)).unreadReply).toBe(false);
      // staff writing is not a customer reply
      await w.req(agent, 'POST', `/api/v1/cases/${c.id}/notes`, { body: '已联系仓库' });
      expect((await row(agent)).unreadReply).toBe(false);

      const link = (await w.req(agent, 'POST', `/api/v1/cases/${c.id}/access-links`, { days: 7 })).body;
      w.setNow(new Date(w.now.getTime() + HOUR));
      const answered = await w.req(null, 'POST', `/api/v1/access/${link.token}/answers`, {
        text: '补充：外箱破损照片已拍',
      });
      expect(answered.status).toBe(201);
      const unread = await row(agent);
      expect(unread).toMatchObject({ unreadReply: true, customerRepliedAt: w.now.toISOString() });
      expect(await row(agent, '&unread=true')).toBeDefined();
      expect((await row(sup)).unreadReply).toBe(true);

      w.setNow(new Date(w.now.getTime() + 60_000));
      const opened = await w.req(agent, 'GET', `/api/v1/cases/${c.id}`);
      expect(opened.body.unreadReply).toBeUndefined();
      expect(opened.body.customerRepliedAt).toBe(unread.customerRepliedAt);
      expect((await row(agent)).unreadReply).toBe(false);
      expect(await row(agent, '&unread=true')).toBeUndefined();
      // the supervisor never opened it: still unread for them
      expect(await row(sup, '&unread=true')).toBeDefined();
      // another organisation neither sees the case nor its mark
      expect(await row(w.tokens['merchantB:agent']!, '&unread=true')).toBeUndefined();

      // the next reply makes it unread again
      w.setNow(new Date(w.now.getTime() + HOUR));
      await w.req(null, 'POST', `/api/v1/access/${link.token}/answers`, { text: '再补充：快递单号 SF123' });
      expect((await row(agent, '&unread=true')).unreadReply).toBe(true);
      const marks = await w.database.db
        .selectFrom('case_reads')
        .select(['tenant_id', 'user_id'])
        .where('case_id', '=', c.id)
        .execute();
      expect(marks).toEqual([{ tenant_id: w.tenants.merchantA, user_id: w.userIds['merchantA:agent'] }]);
    });

    it('a platform user’s marks are theirs: the platform and the respondent read the same case separately', async () => {
      const plat = w.tokens['platform:agent']!;
      const merchant = w.tokens['merchantA:agent']!;
      const c = (await w.req(plat, 'POST', '/api/v1/cases', complaintBody({ respondentTenantId: w.tenants.merchantA })))
        .body;
      const link = (await w.req(plat, 'POST', `/api/v1/cases/${c.id}/access-links`, { days: 7 })).body;
      w.setNow(new Date(w.now.getTime() + HOUR));
      await w.req(null, 'POST', `/api/v1/access/${link.token}/answers`, { text: '请尽快处理' });
      const ids = async (token: string) =>
        (await w.req(token, 'GET', '/api/v1/cases?unread=true&limit=200')).body.items.map((x: { id: string }) => x.id);
      expect(await ids(plat)).toContain(c.id);
      expect(await ids(merchant)).toContain(c.id);
      await w.req(plat, 'GET', `/api/v1/cases/${c.id}`);
      expect(await ids(plat)).not.toContain(c.id);
      expect(await ids(merchant)).toContain(c.id);
    });

    it('counts the complainant’s messages and uploads, not staff, a message that opened the case or mail from others', () => {
      const at = (type: string, data: Record<string, unknown> = {}, actorUserId: string | null = null) =>
        fromComplainant({ actorUserId, event: { type, data } });
      expect(at('complainant_answered')).toBe(true);
      expect(at('evidence_added')).toBe(true);
      expect(at('offer_answered')).toBe(true);
      expect(at('follow_up_answered')).toBe(true);
      expect(at('message_received', { channel: 'weibo', newCase: false })).toBe(true);
      expect(at('message_received', { channel: 'email', fromComplainant: true })).toBe(true);
      expect(at('message_received', { channel: 'email', fromComplainant: false })).toBe(false);
      expect(at('message_received', { newCase: true })).toBe(false);
      expect(at('evidence_added', {}, w.userIds['merchantA:agent']!)).toBe(false);
      expect(at('note_added')).toBe(false);
      expect(at('status_changed')).toBe(false);
    });
  });

  describe('GET /forwards', () => {
    it('lists the forwards across cases in one read: the platform’s, each respondent’s own, filtered and paged', async () => {
      const plat = w.tokens['platform:agent']!;
      const forwarded: { id: string; caseNumber: string }[] = [];
      for (const respondent of ['merchantA', 'merchantA', 'merchantB'] as const) {
        const c = (
          await w.req(
            plat,
            'POST',
            '/api/v1/cases',
            complaintBody({ respondentTenantId: w.tenants[respondent], category: 'service_attitude' }),
          )
        ).body;
        await w.req(plat, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'accept' });
        w.setNow(new Date(w.now.getTime() + 60_000));
        expect((await w.req(plat, 'POST', `/api/v1/cases/${c.id}/forward`, {})).status).toBe(201);
        forwarded.push(c);
      }
      const [a1, a2, b1] = forwarded as [(typeof forwarded)[0], (typeof forwarded)[0], (typeof forwarded)[0]];
      w.setNow(new Date(w.now.getTime() + HOUR));
      expect(
        (
          await w.req(w.tokens['merchantA:agent']!, 'POST', `/api/v1/cases/${a1.id}/forward/reply`, {
            kind: 'reply',
            text: '已联系买家',
          })
        ).status,
      ).toBe(200);

      const list = async (token: string, query = '') => (await w.req(token, 'GET', `/api/v1/forwards${query}`)).body;
      const all = await list(plat);
      expect(all.items.map((f: { caseId: string }) => f.caseId)).toEqual([b1.id, a2.id, a1.id]);
      expect(all.items[0]).toMatchObject({
        caseNumber: b1.caseNumber,
        respondentTenantId: w.tenants.merchantB,
        respondentName: '商家乙',
        state: 'awaiting_reply',
        replyOverdue: false,
      });
      expect(all.nextCursor).toBeNull();
      const replied = await list(plat, '?state=replied');
      expect(replied.items.map((f: { caseId: string }) => f.caseId)).toEqual([a1.id]);
      const two = await list(plat, `?state=replied&state=awaiting_reply&respondentTenantId=${w.tenants.merchantA}`);
      expect(two.items.map((f: { caseId: string }) => f.caseId)).toEqual([a2.id, a1.id]);

      // keyset pages of one: every forward once, in order
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(plat, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((f: { caseId: string }) => f.caseId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([b1.id, a2.id, a1.id]);

      // each respondent sees the forwards it must answer; other organisations none of these
      expect((await list(w.tokens['merchantA:viewer']!)).items.map((f: { caseId: string }) => f.caseId)).toEqual([
        a2.id,
        a1.id,
      ]);
      expect((await list(w.tokens['merchantB:agent']!)).items.map((f: { caseId: string }) => f.caseId)).toEqual([
        b1.id,
      ]);
      const others = [
        ...(await list(w.tokens['otherPlatform:admin']!)).items,
        ...(await list(w.tokens['opsco:admin']!)).items,
      ];
      expect(others.filter((f: { caseId: string }) => forwarded.some((c) => c.id === f.caseId))).toEqual([]);

      // past the 48-hour deadline the two unanswered ones are overdue
      w.setNow(new Date(w.now.getTime() + 49 * HOUR));
      const overdue = await list(plat, '?overdue=true');
      expect(overdue.items.map((f: { caseId: string }) => f.caseId)).toEqual([b1.id, a2.id]);
      expect(overdue.items.every((f: { replyOverdue: boolean }) => f.replyOverdue)).toBe(true);

      expect((await w.req(plat, 'GET', '/api/v1/forwards?state=lost')).status).toBe(400);
      expect((await w.req(plat, 'GET', '/api/v1/forwards?cursor=abc')).body.error.code).toBe('INVALID_CURSOR');
      expect((await w.req(null, 'GET', '/api/v1/forwards')).status).toBe(401);
    });
  });
});
