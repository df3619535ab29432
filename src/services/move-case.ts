import type { Updateable } from 'kysely';
import type { CasesTable } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { type ActionInput, applyAction, type CaseAction, type DecisionContext } from '../domain/lifecycle.ts';
import { recordCaseHours } from './case-hours.ts';
import { onCaseStatusChanged } from './case-sla.ts';
import { type CaseWithOrder, toCaseView } from './case-view.ts';
import type { Actor, Executor } from './context.ts';
import { recordCaseChange } from './record.ts';
import { recordResponsibility } from './responsibility-ledger.ts';
import { scheduleFollowUp } from './schedule-follow-up.ts';

/**
 * Applies one lifecycle action to a locked case row inside the caller's transaction: asks the domain, writes
 * the new state with an optimistic version check, and records the timeline event, audit row and outbox event.
 */
export async function moveCase(
  trx: Executor,
  c: CaseWithOrder,
  action: CaseAction,
  actor: Actor,
  now: Date,
  input: ActionInput = {},
  policy: Pick<DecisionContext, 'reopenWindowDays'> = {},
): Promise<void> {
  const decision = applyAction(
    toCaseView(c),
    action,
    { now, role: actor.role, tenantKind: actor.tenantKind, ...policy },
    input,
  );
  if (!decision.ok) throw new AppError(decision.code, decision.details);
  const next = decision.next;
  const set: Updateable<CasesTable> = { status: next, updated_at: now, version: c.version + 1 };
  if (input.resolution !== undefined) set.resolution = input.resolution;
  if (input.rootCauseType !== undefined) set.root_cause_type = input.rootCauseType;
  if (input.rootCauseText !== undefined) set.root_cause_text = input.rootCauseText;
  if (input.rootCauseCategory !== undefined) set.root_cause_category = input.rootCauseCategory;
  set.status_reason =
    decision.statusReason ??
    (['rejected', 'withdrawn', 'escalated', 'reopened', 'awaiting_customer'].includes(next)
      ? (input.reason ?? null)
      : null);
  if (next === 'accepted' && !c.accepted_at) set.accepted_at = now;
  if (next === 'pending_refund' && !c.accepted_at) set.accepted_at = now;
  if (next === 'resolved') set.resolved_at = now;
  if (next === 'closed') set.closed_at = now;
  if (next === 'reopened') {
    set.resolved_at = null;
    set.closed_at = null;
  }
  const updated = await trx
    .updateTable('cases')
    .set(set)
    .where('tenant_id', '=', c.tenant_id)
    .where('id', '=', c.id)
    .where('version', '=', c.version)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) throw new AppError('CONCURRENT_UPDATE', { caseId: c.id });
  await onCaseStatusChanged(trx, c, c.status, next, actor, now, action);
  // Resolution recorded or undone (reopen): store the working hours with it (analytics reads them).
  if ('resolved_at' in set) await recordCaseHours(trx, c.tenant_id, c.id);
  await recordCaseChange(trx, {
    caseTenantId: c.tenant_id,
    caseId: c.id,
    actorTenantId: actor.tenantId,
    actorUserId: actor.userId,
    at: now,
    event: {
      type: 'status_changed',
      data: {
        action,
        from: c.status,
        to: next,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(set.status_reason ? { statusReason: set.status_reason } : {}),
      },
    },
    audit: {
      action: `case.${action}`,
      before: { status: c.status, version: c.version },
      after: { status: next, version: c.version + 1, ...stripUndefined(input) },
    },
    topic: 'case.status_changed',
  });
  // Closing writes the case's line in the responsibility ledger (issue 5, item 10).
  if (next === 'closed') await recordResponsibility(trx, c.tenant_id, c.id, now);
  // Resolving schedules the follow-up (回访) in the same transaction (issue 5, part 5).
  if (next === 'resolved') await scheduleFollowUp(trx, c, actor, now);
}

function stripUndefined(o: object) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
