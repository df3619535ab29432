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
  const replied = fromComplainant(r)
    ? sql`, r as (update cases set customer_replied_at = ${r.at} where tenant_id = ${r.caseTenantId} and id = ${r.caseId})`
    : sql``;
  await sql`with e as (${event}), a as (${audit})${replied} ${outbox}`.execute(trx);
}

/** Events that are the complainant writing to us: answers and uploads on the link page, mail, IM, offer answers, ratings. */
const complainantEvents = new Set([
  'complainant_answered',
  'evidence_added',
  'message_received',
  'offer_answered',
  'follow_up_answered',
]);

/**
 * Whether a change is the complainant's own word on an existing case (no staff user acted): it makes the case
 * "unread" in the queue for everybody who opened it before (0018, case-read-marks.ts). A message that created the
 * case is not a reply, nor is mail from another address than the complainant's.
 */
export function fromComplainant(r: Pick<ChangeRecord, 'actorUserId' | 'event'>): boolean {
  if (r.actorUserId !== null || !complainantEvents.has(r.event.type)) return false;
  return r.event.data.newCase !== true && r.event.data.fromComplainant !== false;
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
