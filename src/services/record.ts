import type { Executor } from './context.ts';

/**
 * Every change writes its trail in the caller's transaction: a timeline event for people, an audit row for
 * the record (sealed into the per-tenant hash chain after commit) and an outbox event for webhooks.
 */
export interface ChangeRecord {
  caseTenantId: string;
  caseId: string;
  actorTenantId: string;
  actorUserId: string | null;
  at: Date;
  event: { type: string; data: Record<string, unknown> };
  audit: { action: string; before: unknown; after: unknown };
  /** Outbox topic, e.g. case.created; omit for changes nobody subscribes to. */
  topic?: string;
}

export async function recordCaseChange(trx: Executor, r: ChangeRecord): Promise<void> {
  await trx
    .insertInto('case_events')
    .values({
      tenant_id: r.caseTenantId,
      case_id: r.caseId,
      type: r.event.type,
      actor_user_id: r.actorUserId,
      actor_tenant_id: r.actorTenantId,
      data: JSON.stringify(r.event.data),
      at: r.at,
    })
    .execute();
  await writeAudit(trx, {
    tenantId: r.actorTenantId,
    actorUserId: r.actorUserId,
    action: r.audit.action,
    entity: 'case',
    entityId: r.caseId,
    before: r.audit.before,
    after: r.audit.after,
    at: r.at,
  });
  if (r.topic) {
    await trx
      .insertInto('outbox')
      .values({
        tenant_id: r.caseTenantId,
        topic: r.topic,
        payload: JSON.stringify({ caseId: r.caseId, type: r.event.type, at: r.at.toISOString(), ...r.event.data }),
      })
      .execute();
  }
}

export interface AuditEntry {
  tenantId: string;
  actorUserId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  at: Date;
}

export async function writeAudit(trx: Executor, a: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: a.tenantId,
      actor_user_id: a.actorUserId,
      action: a.action,
      entity: a.entity,
      entity_id: a.entityId,
      before: a.before === undefined || a.before === null ? null : JSON.stringify(a.before),
      after: a.after === undefined || a.after === null ? null : JSON.stringify(a.after),
      at: a.at,
    })
    .execute();
}
