import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { timelineTypes } from '../support/resolution.ts';
import { publicNotice, ruledCase } from '../support/sanctions.ts';
import { buildWorld, DAY, type World } from '../support/world.ts';

describe.each(testDatabases())('platform sanctions and the public notice board on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  const sup = () => w.tokens['platform:supervisor']!;
  const body = (caseIds: string[], over: Record<string, unknown> = {}) => ({
    memberTenantId: w.tenants.merchantA,
    type: 'warning',
    reason: '未按时发货',
    caseIds,
    ...over,
  });
  const code = (r: { body: any }) => r.body?.error?.code;

  it('ruling with a violation → public notice → visible without login → appeal once → revoked → notice gone', async () => {
    const violation = await ruledCase(w);
    const notice = await w.req(sup(), 'POST', '/api/v1/sanctions', {
      ...body([violation.id]),
      type: 'public_notice',
      publicText: '商家甲存在未发货违规，平台予以公示。',
      endsAt: new Date(w.now.getTime() + 30 * DAY).toISOString(),
    });
    expect(notice.status, JSON.stringify(notice.body)).toBe(201);
    expect(notice.body).toMatchObject({
      platformTenantId: w.tenants.platform,
      platformName: '测试平台',
      memberTenantId: w.tenants.merchantA,
      memberName: '商家甲',
      type: 'public_notice',
      active: true,
      cases: [{ id: violation.id, caseNumber: violation.caseNumber }],
      appeal: { state: 'none' },
      startsAt: w.now.toISOString(),
    });
    const sid = notice.body.id as string;

    // The notice board: no token, platform and member names, text, dates, case numbers — no complainant.
    const board = await w.req(null, 'GET', '/api/v1/public/notices');
    expect(board.status).toBe(200);
    const item = board.body.items.find((n: { id: string }) => n.id === sid);
    expect(item).toEqual({
      id: sid,
      platformName: '测试平台',
      memberName: '商家甲',
      text: '商家甲存在未发货违规，平台予以公示。',
      startsAt: notice.body.startsAt,
      endsAt: notice.body.endsAt,
      caseNumbers: [violation.caseNumber],
    });
    const raw = JSON.stringify(board.body);
    expect(raw).not.toContain('13812345678');
    expect(raw).not.toContain('张三');
    expect(raw).not.toContain('未按时发货'); // the internal reason stays internal

    // The member sees it (any role), nobody else does.
    expect((await w.req(w.tokens['merchantA:viewer']!, 'GET', `/api/v1/sanctions/${sid}`)).status).toBe(200);
    for (const who of ['merchantB:admin', 'opsco:admin', 'otherPlatform:admin']) {
      const r = await w.req(w.tokens[who]!, 'GET', `/api/v1/sanctions/${sid}`);
      expect([who, r.status, code(r)]).toEqual([who, 404, 'SANCTION_NOT_FOUND']);
      const list = await w.req(w.tokens[who]!, 'GET', '/api/v1/sanctions');
      expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(sid);
    }
    const mine = await w.req(w.tokens['merchantA:agent']!, 'GET', '/api/v1/sanctions');
    expect(mine.body.items.map((s: { id: string }) => s.id)).toContain(sid);

    // Appeal: only the member's admin or supervisor, once.
    const appealUrl = `/api/v1/sanctions/${sid}/appeal`;
    const appeal = { reason: '物流公司延误，非我方原因', evidence: '物流单号 SF123456 的揽收记录' };
    expect(code(await w.req(sup(), 'POST', appealUrl, appeal))).toBe('NOT_THE_SANCTIONED_PARTY');
    expect(code(await w.req(w.tokens['merchantA:agent']!, 'POST', appealUrl, appeal))).toBe('FORBIDDEN');
    expect(code(await w.req(w.tokens['merchantB:admin']!, 'POST', appealUrl, appeal))).toBe('SANCTION_NOT_FOUND');
    const decisionUrl = `/api/v1/sanctions/${sid}/appeal/decision`;
    expect(code(await w.req(sup(), 'POST', decisionUrl, { decision: 'revoked', reason: 'x' }))).toBe(
      'APPEAL_NOT_PENDING',
    );
    const filed = await w.req(w.tokens['merchantA:admin']!, 'POST', appealUrl, appeal);
    expect(filed.status).toBe(200);
    expect(filed.body.appeal).toMatchObject({ state: 'pending', reason: appeal.reason, evidence: appeal.evidence });
    const again = await w.req(w.tokens['merchantA:supervisor']!, 'POST', appealUrl, { reason: '再次申诉' });
    expect([again.status, code(again)]).toEqual([409, 'APPEAL_ALREADY_FILED']);
    expect(again.body.error.messageZh).toContain('只能申诉一次');

    // The member cannot decide its own appeal; the platform revokes.
    const self = await w.req(w.tokens['merchantA:admin']!, 'POST', decisionUrl, {
      decision: 'revoked',
      reason: '撤销',
    });
    expect([self.status, code(self)]).toEqual([403, 'SANCTION_PLATFORM_ONLY']);
    const revoked = await w.req(sup(), 'POST', decisionUrl, { decision: 'revoked', reason: '核实为物流原因' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      active: false,
      revokedAt: w.now.toISOString(),
      appeal: { state: 'revoked', decisionReason: '核实为物流原因' },
    });
    expect(code(await w.req(sup(), 'POST', decisionUrl, { decision: 'upheld', reason: 'x' }))).toBe(
      'APPEAL_NOT_PENDING',
    );

    const after = await w.req(null, 'GET', '/api/v1/public/notices');
    expect(after.body.items.map((n: { id: string }) => n.id)).not.toContain(sid);
    const active = await w.req(sup(), 'GET', '/api/v1/sanctions?active=true');
    expect(active.body.items.map((s: { id: string }) => s.id)).not.toContain(sid);
    const inactive = await w.req(sup(), 'GET', '/api/v1/sanctions?active=false&type=public_notice');
    expect(inactive.body.items.map((s: { id: string }) => s.id)).toContain(sid);

    // Every step on the cited case's timeline and in the audit log.
    const types = await timelineTypes(w, w.tokens['merchantA:agent']!, violation.id);
    expect(types.filter((t) => t.startsWith('sanction_'))).toEqual([
      'sanction_issued',
      'sanction_appealed',
      'sanction_appeal_decided',
    ]);
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select(['tenant_id', 'action'])
      .where('entity', '=', 'sanction')
      .where('entity_id', '=', sid)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { tenant_id: w.tenants.platform, action: 'sanction.issue' },
      { tenant_id: w.tenants.merchantA, action: 'sanction.appeal' },
      { tenant_id: w.tenants.platform, action: 'sanction.appeal_decision' },
    ]);
  });

  it('refuses a sanction from anyone but a platform’s admin or supervisor, against anyone but its member', async () => {
    const violation = await ruledCase(w);
    const merchant = await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/sanctions', {
      ...body([violation.id]),
      memberTenantId: w.tenants.merchantB,
    });
    expect([merchant.status, code(merchant)]).toEqual([403, 'SANCTION_PLATFORM_ONLY']);
    const agent = await w.req(w.tokens['platform:agent']!, 'POST', '/api/v1/sanctions', body([violation.id]));
    expect([agent.status, code(agent)]).toEqual([403, 'FORBIDDEN']);
    const foreign = await w.req(w.tokens['otherPlatform:admin']!, 'POST', '/api/v1/sanctions', body([violation.id]));
    expect([foreign.status, code(foreign)]).toEqual([403, 'SANCTION_TARGET_INVALID']);
    const itself = await w.req(sup(), 'POST', '/api/v1/sanctions', {
      ...body([violation.id]),
      memberTenantId: w.tenants.platform,
    });
    expect(code(itself)).toBe('SANCTION_TARGET_INVALID');
  });

  it('sanctions only for cases whose ruling recorded a violation by that member', async () => {
    const dismissed = await ruledCase(w, 'dismiss');
    const againstB = await ruledCase(w, 'record_violation', 'merchantB');
    const good = await ruledCase(w);
    const unruled = (
      await w.req(w.tokens['platform:agent']!, 'POST', '/api/v1/cases', {
        kind: 'complaint',
        channel: 'hotline',
        complainant: { name: '李四', phone: '13700001111' },
        reason: '一直未发货，要求退款。',
        respondentTenantId: w.tenants.merchantA,
      })
    ).body.id as string;
    for (const ids of [
      [dismissed.id],
      [againstB.id],
      [good.id, unruled],
      [good.id, '00000000-0000-4000-8000-000000000000'],
    ]) {
      const r = await w.req(sup(), 'POST', '/api/v1/sanctions', body(ids));
      expect([r.status, code(r)]).toEqual([409, 'VIOLATION_NOT_VERIFIED']);
      expect(r.body.error.details.caseIds).not.toContain(good.id);
    }
    // The case merchantB was ruled against counts for merchantB.
    const onB = await w.req(sup(), 'POST', '/api/v1/sanctions', {
      ...body([againstB.id]),
      memberTenantId: w.tenants.merchantB,
    });
    expect(onB.status).toBe(201);
    // Nothing was written by the refusals.
    const count = await w.database.db
      .selectFrom('sanction_cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('case_id', 'in', [dismissed.id, good.id, unruled])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('checks the period and the public text of each type', async () => {
    const v = await ruledCase(w);
    const at = (days: number) => new Date(w.now.getTime() + days * DAY).toISOString();
    const refusals: [Record<string, unknown>, string][] = [
      [{ type: 'temporary_freeze', startsAt: at(0) }, 'SANCTION_PERIOD_INVALID'],
      [{ type: 'temporary_freeze', endsAt: at(7) }, 'SANCTION_PERIOD_INVALID'],
      [{ type: 'temporary_freeze', startsAt: at(7), endsAt: at(7) }, 'SANCTION_PERIOD_INVALID'],
      [{ type: 'listing_restriction', endsAt: at(-1) }, 'SANCTION_PERIOD_INVALID'],
      [{ type: 'public_notice' }, 'PUBLIC_TEXT_REQUIRED'],
    ];
    for (const [over, want] of refusals) {
      const r = await w.req(sup(), 'POST', '/api/v1/sanctions', body([v.id], over));
      expect([JSON.stringify(over), r.status, code(r)]).toEqual([JSON.stringify(over), 422, want]);
    }
    const freeze = await w.req(
      sup(),
      'POST',
      '/api/v1/sanctions',
      body([v.id], { type: 'temporary_freeze', startsAt: at(1), endsAt: at(8) }),
    );
    expect(freeze.status).toBe(201);
    expect(freeze.body).toMatchObject({ type: 'temporary_freeze', active: false, startsAt: at(1), endsAt: at(8) });
    // Only a public notice carries public text.
    const ban = await w.req(
      sup(),
      'POST',
      '/api/v1/sanctions',
      body([v.id], { type: 'account_ban', publicText: '不应保存' }),
    );
    expect(ban.body).toMatchObject({ type: 'account_ban', publicText: null, endsAt: null, active: true });
  });

  it('shows a notice only within its period, and pages the board', async () => {
    const v = await ruledCase(w);
    const at = (days: number) => new Date(w.now.getTime() + days * DAY).toISOString();
    const soon = await publicNotice(w, [v.id], { endsAt: at(1) });
    const later = await publicNotice(w, [v.id], { startsAt: at(3), endsAt: at(10) });
    const ids = async () => {
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: any } = await w.req(
          null,
          'GET',
          `/api/v1/public/notices?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.body.items.length).toBeLessThanOrEqual(1);
        all.push(...page.body.items.map((n: { id: string }) => n.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return all;
    };
    expect(await ids()).toContain(soon.id);
    expect(await ids()).not.toContain(later.id);
    const start = w.now;
    try {
      w.setNow(new Date(start.getTime() + 4 * DAY));
      const now = await ids();
      expect(now).toContain(later.id);
      expect(now).not.toContain(soon.id);
      expect(new Set(now).size).toBe(now.length);
    } finally {
      w.setNow(start);
    }
    expect((await w.req(null, 'GET', '/api/v1/public/notices?cursor=!!!')).body.error.code).toBe('INVALID_CURSOR');
  });
});
