import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { CaseSlaTable } from '../db/schema-sla.ts';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { type ClockState, nextCheck, pauseClock, resumeClock, startClock } from '../domain/sla/clock.ts';
import { pickPolicy, type SlaTarget, type TargetSpec } from '../domain/sla/policy.ts';
import { recordCaseHours } from './case-hours.ts';
import type { Actor, Executor } from './context.ts';
import { loadCalendar } from './sla-calendar.ts';
import { activePolicies } from './sla-policies.ts';

/**
 * Per-case SLA clocks (table case_sla). Rules, in one place:
 * - started at intake from the tenant's matching policy; a case rejected at intake gets none;
 * - paused while the case is awaiting_customer or pending_refund (the complainant or the refund owes the next
 *   step), resumed with the time that was left when the case moves on;
 * - acceptance is met when the case is accepted, rejected or parked for a refund; resolution when resolved;
 * - first response is met by the first note or lifecycle action a person takes after intake;
 * - respondent reply (cases filed against another organisation) by the first note or action of the respondent
 *   or the operations company running its store;
 * - closing, rejecting or withdrawing a case cancels what is still open.
 * cases.due_at mirrors the earliest running due time so the work queue's `overdue` filter sees it.
 */
export const pausedStatuses = ['awaiting_customer', 'pending_refund'];
const finalStatuses = ['closed', 'rejected', 'withdrawn'];

export type CaseSlaRow = Selectable<CaseSlaTable>;

export interface SlaCase {
  tenant_id: string;
  id: string;
  kind: string;
  channel: string;
  severity: number;
  status: string;
  respondent_tenant_id: string;
  ops_tenant_id: string | null;
}

export const stateOf = (r: CaseSlaRow): ClockState => ({
  clock: r.clock,
  startedAt: r.started_at,
  budgetMinutes: r.budget_minutes,
  dueAt: r.due_at,
  warnAt: r.warn_at,
  pausedAt: r.paused_at,
  leftAtPauseMs: r.left_at_pause_ms,
  warnedAt: r.warned_at,
  breachedAt: r.breached_at,
  metAt: r.met_at,
  cancelledAt: r.cancelled_at,
});

export const columnsOf = (s: ClockState) => ({
  due_at: s.dueAt,
  warn_at: s.warnAt,
  paused_at: s.pausedAt,
  left_at_pause_ms: s.leftAtPauseMs,
  warned_at: s.warnedAt,
  breached_at: s.breachedAt,
  met_at: s.metAt,
  cancelled_at: s.cancelledAt,
  next_check_at: nextCheck(s),
});

/** Called by intake after the case row is inserted, in the same transaction. */
export async function startCaseSla(trx: Executor, c: SlaCase, now: Date): Promise<void> {
  if (finalStatuses.includes(c.status)) return;
  const policy = pickPolicy(await activePolicies(trx, c.tenant_id), {
    kind: c.kind,
    channel: c.channel,
    severity: c.severity,
    respondentTenantId: c.respondent_tenant_id,
  });
  if (!policy) return;
  const cal = await loadCalendar(trx, c.tenant_id);
  const rows = [];
  for (const [target, spec] of Object.entries(policy.targets) as [SlaTarget, TargetSpec][]) {
    if (target === 'respondent_reply' && c.respondent_tenant_id === c.tenant_id) continue;
    if (target === 'acceptance' && c.status === 'pending_refund') continue;
    let state = startClock(cal, spec, now);
    if (pausedStatuses.includes(c.status)) state = pauseClock(cal, state, now);
    rows.push({
      tenant_id: c.tenant_id,
      case_id: c.id,
      target,
      policy_id: policy.id,
      clock: state.clock,
      started_at: now,
      budget_minutes: state.budgetMinutes,
      ...columnsOf(state),
    });
  }
  if (rows.length) await trx.insertInto('case_sla').values(rows).execute();
  await refreshCaseDueAt(trx, c.tenant_id, c.id);
}

async function openClocks(trx: Executor, c: Pick<SlaCase, 'tenant_id' | 'id'>) {
  return trx
    .selectFrom('case_sla')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .where('met_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .forUpdate()
    .execute();
}

async function save(trx: Executor, r: CaseSlaRow, s: ClockState) {
  await trx
    .updateTable('case_sla')
    .set(columnsOf(s))
    .where('tenant_id', '=', r.tenant_id)
    .where('case_id', '=', r.case_id)
    .where('target', '=', r.target)
    .execute();
}

async function update(
  trx: Executor,
  c: SlaCase,
  change: (cal: WorkingCalendar, r: CaseSlaRow, s: ClockState) => ClockState,
): Promise<void> {
  const rows = await openClocks(trx, c);
  if (rows.length === 0) return;
  const cal = await loadCalendar(trx, c.tenant_id);
  let responded = false;
  for (const r of rows) {
    const before = stateOf(r);
    const after = change(cal, r, before);
    if (after !== before) {
      await save(trx, r, after);
      if (r.target === 'first_response' && after.metAt && !before.metAt) responded = true;
    }
  }
  await refreshCaseDueAt(trx, c.tenant_id, c.id);
  // The first response is recorded here: store its working hours with it (analytics reads them).
  if (responded) await recordCaseHours(trx, c.tenant_id, c.id);
}

/** Hook for moveCase: after every status change, in its transaction. */
export async function onCaseStatusChanged(
  trx: Executor,
  c: SlaCase,
  from: string,
  to: string,
  actor: Actor,
  now: Date,
  action?: string,
): Promise<void> {
  // Logging the customer's reply is the customer's step, not the team's response.
  const isResponse = action !== 'customer_replied';
  await update(trx, c, (cal, r, s) => {
    if (finalStatuses.includes(to)) {
      const met = (r.target === 'acceptance' && to === 'rejected') || (r.target === 'resolution' && to === 'closed');
      return met ? { ...s, metAt: now } : { ...s, cancelledAt: now };
    }
    if (r.target === 'acceptance' && ['accepted', 'pending_refund', 'in_progress'].includes(to)) {
      return { ...s, metAt: now };
    }
    if (r.target === 'resolution' && to === 'resolved') return { ...s, metAt: now };
    if (isResponse && responds(r.target, c, actor)) return { ...s, metAt: now };
    const wasPaused = pausedStatuses.includes(from);
    const isPaused = pausedStatuses.includes(to);
    if (isPaused && !wasPaused) return pauseClock(cal, s, now);
    if (wasPaused && !isPaused) return resumeClock(cal, s, now);
    return s;
  });
}

/** Hook for notes and messages people add: they count as a response. */
export async function onCaseResponded(trx: Executor, c: SlaCase, actor: Actor, now: Date): Promise<void> {
  if (!actor.userId) return;
  await update(trx, c, (_cal, r, s) => (responds(r.target, c, actor) ? { ...s, metAt: now } : s));
}

function responds(target: string, c: SlaCase, actor: Actor): boolean {
  if (!actor.userId) return false;
  if (target === 'first_response') return true;
  return (
    target === 'respondent_reply' && (actor.tenantId === c.respondent_tenant_id || actor.tenantId === c.ops_tenant_id)
  );
}

/** cases.due_at = the earliest due time among running clocks (NULL when none runs). */
export async function refreshCaseDueAt(trx: Executor, tenantId: string, caseId: string): Promise<void> {
  await trx
    .updateTable('cases')
    .set({
      due_at: sql<Date | null>`(select min(s.due_at) from case_sla s where s.tenant_id = ${tenantId}
        and s.case_id = ${caseId} and s.met_at is null and s.cancelled_at is null and s.paused_at is null)`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', caseId)
    .execute();
}
