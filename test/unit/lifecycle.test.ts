import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyAction,
  type CaseAction,
  type CaseView,
  caseActions,
  type DecisionContext,
  transitions,
} from '../../src/domain/lifecycle.ts';
import { type CaseStatus, caseStatuses } from '../../src/domain/vocabulary.ts';

const now = new Date('2026-11-10T04:00:00Z');
const DAY = 86_400_000;
const agent: DecisionContext = { now, role: 'agent', tenantKind: 'merchant' };
const system: DecisionContext = { now, role: 'system', tenantKind: 'system' };

function view(over: Partial<CaseView> = {}): CaseView {
  return {
    status: 'submitted',
    assigneeId: 'u1',
    resolution: null,
    rootCauseType: null,
    rootCauseText: null,
    statusReason: null,
    acceptedAt: null,
    resolvedAt: null,
    closedAt: null,
    order: null,
    ...over,
  };
}

describe('the transition table', () => {
  // Every (status, action) pair: allowed exactly when the status is in the action's `from` list (guards aside).
  const permissive = (status: CaseStatus): CaseView =>
    view({
      status,
      resolution: 'done',
      rootCauseType: 'accidental',
      rootCauseText: 'x',
      acceptedAt: new Date(now.getTime() - DAY),
      resolvedAt: new Date(now.getTime() - DAY),
      statusReason: 'AFTER_SALES_WINDOW_PASSED',
    });
  for (const action of caseActions) {
    const t = transitions[action] as { from: readonly CaseStatus[]; system?: boolean };
    const ctx: DecisionContext = t.system ? system : { now, role: 'supervisor', tenantKind: 'platform' };
    for (const status of caseStatuses) {
      it(`${action} from ${status} is ${t.from.includes(status) ? 'allowed' : 'refused with ACTION_NOT_ALLOWED'}`, () => {
        const d = applyAction(permissive(status), action, ctx, {
          reason: 'r',
          resolution: 'done',
          rootCauseType: 'systemic',
          rootCauseText: 'why',
          rootCauseCategory: 'packing',
        });
        if (t.from.includes(status)) expect(d.ok).toBe(true);
        else expect(d).toMatchObject({ ok: false, code: 'ACTION_NOT_ALLOWED' });
      });
    }
  }
});

describe('guards and requirements', () => {
  it('accepts into pending_refund when the order is refunding', () => {
    expect(
      applyAction(view({ order: { state: 'refunding', afterSalesDeadline: null } }), 'accept', agent),
    ).toMatchObject({ ok: true, next: 'pending_refund' });
    expect(applyAction(view(), 'accept', agent)).toMatchObject({ ok: true, next: 'accepted' });
  });

  it('refuses to accept when the after-sales window of a completed order has passed', () => {
    const order = { state: 'completed' as const, afterSalesDeadline: new Date(now.getTime() - DAY) };
    expect(applyAction(view({ order }), 'accept', agent)).toMatchObject({
      ok: false,
      code: 'AFTER_SALES_WINDOW_PASSED',
    });
    const open = { state: 'completed' as const, afterSalesDeadline: new Date(now.getTime() + DAY) };
    expect(applyAction(view({ order: open }), 'accept', agent).ok).toBe(true);
  });

  it('needs a first responsible person to start work', () => {
    expect(applyAction(view({ status: 'accepted', assigneeId: null }), 'start', agent)).toMatchObject({
      ok: false,
      code: 'ASSIGNEE_REQUIRED',
    });
    expect(applyAction(view({ status: 'accepted' }), 'start', agent)).toMatchObject({ ok: true, next: 'in_progress' });
  });

  it('will not start work while a refund is running', () => {
    const order = { state: 'refunding' as const, afterSalesDeadline: null };
    expect(applyAction(view({ status: 'accepted', order }), 'start', agent)).toMatchObject({
      ok: false,
      code: 'REFUND_IN_PROGRESS',
    });
  });

  it('needs a resolution to resolve, and a resolution plus a root cause to close', () => {
    const inProgress = view({ status: 'in_progress' });
    expect(applyAction(inProgress, 'resolve', agent, {})).toMatchObject({ ok: false, code: 'RESOLUTION_REQUIRED' });
    expect(applyAction(inProgress, 'resolve', agent, { resolution: '补发' })).toMatchObject({
      ok: true,
      next: 'resolved',
    });
    const resolved = view({ status: 'resolved', resolution: '补发' });
    expect(applyAction(resolved, 'close', agent, {})).toMatchObject({ ok: false, code: 'ROOT_CAUSE_REQUIRED' });
    expect(applyAction(resolved, 'close', agent, { rootCauseType: 'systemic' })).toMatchObject({
      ok: false,
      code: 'ROOT_CAUSE_REQUIRED',
    });
    expect(
      applyAction(resolved, 'close', agent, { rootCauseType: 'systemic', rootCauseText: '打包标准缺失' }),
    ).toMatchObject({ ok: false, code: 'ROOT_CAUSE_CATEGORY_REQUIRED' });
    expect(
      applyAction(resolved, 'close', agent, {
        rootCauseType: 'systemic',
        rootCauseText: '打包标准缺失',
        rootCauseCategory: 'packing',
      }),
    ).toMatchObject({ ok: true, next: 'closed' });
    // An unkept promise is never silently closed, and allowedActions says so.
    const promised = view({ status: 'resolved', resolution: '补发', openPromises: 1 });
    expect(applyAction(promised, 'close', agent)).toMatchObject({ ok: false, code: 'OPEN_PROMISES' });
    expect(allowedActions(promised, agent)).not.toContain('close');
    expect(
      applyAction(view({ status: 'resolved' }), 'close', agent, { rootCauseType: 'accidental', rootCauseText: 'x' }),
    ).toMatchObject({ ok: false, code: 'RESOLUTION_REQUIRED' });
  });

  it('needs a reason to reject, request information, escalate, reopen or override', () => {
    for (const [action, status] of [
      ['reject', 'submitted'],
      ['request_info', 'accepted'],
      ['escalate', 'in_progress'],
      ['reopen', 'resolved'],
    ] as const) {
      expect(applyAction(view({ status, resolvedAt: now }), action, agent, {})).toMatchObject({
        ok: false,
        code: 'REASON_REQUIRED',
      });
      expect(applyAction(view({ status, resolvedAt: now }), action, agent, { reason: '  ' })).toMatchObject({
        ok: false,
        code: 'REASON_REQUIRED',
      });
      expect(applyAction(view({ status, resolvedAt: now }), action, agent, { reason: '买家要求' }).ok).toBe(true);
    }
  });

  it('reopens only within the window after resolution (default 7 days, tenant-adjustable)', () => {
    const recent = view({ status: 'closed', resolvedAt: new Date(now.getTime() - 6 * DAY) });
    const old = view({ status: 'closed', resolvedAt: new Date(now.getTime() - 8 * DAY) });
    expect(applyAction(recent, 'reopen', agent, { reason: '不满意' })).toMatchObject({ ok: true, next: 'reopened' });
    expect(applyAction(old, 'reopen', agent, { reason: '不满意' })).toMatchObject({
      ok: false,
      code: 'REOPEN_WINDOW_PASSED',
    });
    expect(applyAction(old, 'reopen', { ...agent, reopenWindowDays: 10 }, { reason: '不满意' }).ok).toBe(true);
    // A 1–2 star follow-up reopens by itself: the system may reopen, but takes no other user action.
    expect(applyAction(recent, 'reopen', system, { reason: '回访不满意' })).toMatchObject({ ok: true });
    expect(applyAction(recent, 'close', system)).toMatchObject({ ok: false, code: 'ROLE_NOT_PERMITTED' });
  });

  it('lets only a platform supervisor or admin override an after-sales rejection', () => {
    const rejected = view({ status: 'rejected', statusReason: 'AFTER_SALES_WINDOW_PASSED' });
    const input = { reason: '商家曾承诺延保' };
    expect(
      applyAction(rejected, 'override_rejection', { now, role: 'supervisor', tenantKind: 'platform' }, input),
    ).toMatchObject({ ok: true, next: 'accepted' });
    expect(applyAction(rejected, 'override_rejection', { now, role: 'admin', tenantKind: 'platform' }, input).ok).toBe(
      true,
    );
    expect(
      applyAction(rejected, 'override_rejection', { now, role: 'agent', tenantKind: 'platform' }, input),
    ).toMatchObject({ ok: false, code: 'OVERRIDE_NOT_PERMITTED' });
    expect(
      applyAction(rejected, 'override_rejection', { now, role: 'supervisor', tenantKind: 'merchant' }, input),
    ).toMatchObject({ ok: false, code: 'OVERRIDE_NOT_PERMITTED' });
    const manual = view({ status: 'rejected', statusReason: '重复投诉' });
    expect(
      applyAction(manual, 'override_rejection', { now, role: 'supervisor', tenantKind: 'platform' }, input),
    ).toMatchObject({ ok: false, code: 'REJECTION_NOT_OVERRIDABLE' });
  });

  it('returns a customer reply to where the case was', () => {
    expect(
      applyAction(view({ status: 'awaiting_customer', acceptedAt: null }), 'customer_replied', agent),
    ).toMatchObject({ next: 'submitted' });
    expect(
      applyAction(view({ status: 'awaiting_customer', acceptedAt: now, assigneeId: null }), 'customer_replied', agent),
    ).toMatchObject({ next: 'accepted' });
    expect(
      applyAction(view({ status: 'awaiting_customer', acceptedAt: now }), 'customer_replied', agent),
    ).toMatchObject({ next: 'in_progress' });
  });

  it('moves refund outcomes only for the system, and closes with REFUND_COMPLETED', () => {
    const pending = view({ status: 'pending_refund' });
    expect(applyAction(pending, 'refund_completed', system)).toEqual({
      ok: true,
      next: 'closed',
      statusReason: 'REFUND_COMPLETED',
    });
    expect(applyAction(pending, 'refund_failed', system)).toMatchObject({ ok: true, next: 'in_progress' });
    expect(applyAction(view({ status: 'in_progress' }), 'refund_started', system)).toMatchObject({
      ok: true,
      next: 'pending_refund',
    });
    expect(applyAction(pending, 'refund_completed', agent)).toMatchObject({ ok: false, code: 'ROLE_NOT_PERMITTED' });
  });

  it('lets viewers and auditors take no action at all', () => {
    for (const role of ['viewer', 'auditor'] as const) {
      for (const status of caseStatuses) {
        expect(allowedActions(view({ status, resolvedAt: now }), { now, role, tenantKind: 'platform' })).toEqual([]);
      }
    }
  });
});

describe('allowedActions', () => {
  it('lists what an agent can do on a new complaint', () => {
    expect(allowedActions(view(), agent).sort()).toEqual(['accept', 'reject', 'request_info', 'withdraw']);
  });
  it('never lists system actions', () => {
    const systemOnly: CaseAction[] = ['refund_started', 'refund_completed', 'refund_failed'];
    for (const status of caseStatuses) {
      const listed = allowedActions(view({ status }), { now, role: 'admin', tenantKind: 'platform' });
      expect(listed.filter((a) => systemOnly.includes(a))).toEqual([]);
    }
  });
  it('offers nothing on withdrawn cases and only the override on after-sales rejections for platform supervisors', () => {
    expect(allowedActions(view({ status: 'withdrawn' }), agent)).toEqual([]);
    const rejected = view({ status: 'rejected', statusReason: 'AFTER_SALES_WINDOW_PASSED' });
    expect(allowedActions(rejected, agent)).toEqual([]);
    expect(allowedActions(rejected, { now, role: 'supervisor', tenantKind: 'platform' })).toEqual([
      'override_rejection',
    ]);
  });
});
