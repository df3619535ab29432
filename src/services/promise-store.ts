import type { Selectable } from 'kysely';
import type { PromisesTable } from '../db/schema-resolution.ts';
import type { PromiseKind } from '../domain/resolution-vocabulary.ts';
import type { Executor } from './context.ts';
import { recordCaseChange } from './record.ts';

export interface NewPromise {
  caseTenantId: string;
  caseId: string;
  offerId: string | null;
  kind: PromiseKind;
  description: string;
  ownerId: string;
  ownerTenantId: string;
  dueAt: Date;
  createdBy: string | null;
  /** Who records it: the actor's organisation (the complainant's link acts as the case owner). */
  actorTenantId: string;
}

/** Records a commitment to the complainant with owner and due time, on the timeline and in the audit log. */
export async function insertPromise(trx: Executor, p: NewPromise, now: Date) {
  const row = await trx
    .insertInto('promises')
    .values({
      tenant_id: p.caseTenantId,
      case_id: p.caseId,
      offer_id: p.offerId,
      kind: p.kind,
      description: p.description,
      owner_id: p.ownerId,
      owner_tenant_id: p.ownerTenantId,
      due_at: p.dueAt,
      state: 'open',
      created_by: p.createdBy,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const data = {
    promiseId: row.id,
    kind: p.kind,
    description: p.description,
    ownerId: p.ownerId,
    dueAt: p.dueAt.toISOString(),
    ...(p.offerId ? { offerId: p.offerId } : {}),
  };
  await recordCaseChange(trx, {
    caseTenantId: p.caseTenantId,
    caseId: p.caseId,
    actorTenantId: p.actorTenantId,
    actorUserId: p.createdBy,
    at: now,
    event: { type: 'promise_made', data },
    audit: { action: 'promise.create', before: null, after: data },
    topic: 'promise.created',
  });
  return row;
}

export function presentPromise(p: Selectable<PromisesTable>, now: Date) {
  return {
    id: p.id,
    caseId: p.case_id,
    offerId: p.offer_id,
    kind: p.kind,
    description: p.description,
    ownerId: p.owner_id,
    ownerTenantId: p.owner_tenant_id,
    dueAt: p.due_at.toISOString(),
    state: p.state,
    overdue: p.state === 'open' && p.due_at.getTime() < now.getTime(),
    outcomeNote: p.outcome_note,
    evidenceId: p.evidence_id,
    settledBy: p.settled_by,
    settledAt: p.settled_at?.toISOString() ?? null,
    createdAt: p.created_at.toISOString(),
  };
}
