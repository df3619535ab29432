import { sql } from 'kysely';
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
  // One round trip for the whole trail: data-modifying CTEs run even when nothing selects from them.
  const event = sql`insert into case_events (tenant_id, case_id, type, actor_user_id, actor_tenant_id, data, at)
    values (${r.caseTenantId}, ${r.caseId}, ${r.event.type}, ${r.actorUserId}, ${r.actorTenantId}, ${JSON.stringify(r.event.data)}::jsonb, ${r.at})`;
  const audit = auditInsert({
    tenantId: r.actorTenantId,
    actorUserId: r.actorUserId,
    action: r.audit.action,
    entity: 'case',
    entityId: r.caseId,
    before: r.audit.before,
    after: r.audit.after,
    at: r.at,
  });
  const payload = JSON.stringify({ caseId: r.caseId, type: r.event.type, at: r.at.toISOString(), ...r.event.data });
  const outbox = r.topic
    ? sql`insert into outbox (tenant_id, topic, payload) values (${r.caseTenantId}, ${r.topic}, ${payload}::jsonb)`
    : sql`select 1`;
  await sql`with e as (${event}), a as (${audit}) ${outbox}`.execute(trx);
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

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

function auditInsert(a: AuditEntry) {
  return sql`insert into audit_log (tenant_id, actor_user_id, action, entity, entity_id, before, after, at)
    values (${a.tenantId}, ${a.actorUserId}, ${a.action}, ${a.entity}, ${a.entityId}, ${json(a.before)}::jsonb, ${json(a.after)}::jsonb, ${a.at})`;
}

export async function writeAudit(trx: Executor, a: AuditEntry): Promise<void> {
  await auditInsert(a).execute(trx);
}
