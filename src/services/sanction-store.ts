import type { Selectable } from 'kysely';
import type { SanctionsTable } from '../db/schema-sanctions.ts';
import { AppError } from '../domain/errors.ts';
import { type AppealDecision, appealStateOf, isSanctionActive, type SanctionType } from '../domain/sanctions.ts';
import { isUuid } from './case-queries.ts';
import type { Actor, Executor } from './context.ts';

export type SanctionRow = Selectable<SanctionsTable>;

/**
 * Who sees a sanction: the platform that issued it (tenant_id) and the sanctioned member (member_tenant_id).
 * One column per kind of organisation, so each side's list is one index range scan; anyone else gets 404.
 */
export const sanctionScopeColumn = (actor: Actor) =>
  actor.tenantKind === 'platform' ? ('sanctions.tenant_id' as const) : ('sanctions.member_tenant_id' as const);

/** Loads a sanction the actor may see (optionally locked); anything else is SANCTION_NOT_FOUND. */
export async function loadVisibleSanction(db: Executor, actor: Actor, id: string, forUpdate = false) {
  if (!isUuid(id)) throw new AppError('SANCTION_NOT_FOUND', { sanctionId: id });
  let q = db
    .selectFrom('sanctions')
    .selectAll()
    .where('sanctions.id', '=', id)
    .where(sanctionScopeColumn(actor), '=', actor.tenantId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('SANCTION_NOT_FOUND', { sanctionId: id });
  return row;
}

export interface SanctionExtras {
  names: Map<string, string>;
  cases: Map<string, { id: string; caseNumber: string }[]>;
}

/** Organisation names and cited cases for a page of sanctions, in two queries. */
export async function loadExtras(db: Executor, rows: SanctionRow[]): Promise<SanctionExtras> {
  if (rows.length === 0) return { names: new Map(), cases: new Map() };
  const tenantIds = [...new Set(rows.flatMap((r) => [r.tenant_id, r.member_tenant_id]))];
  const tenants = await db.selectFrom('tenants').select(['id', 'name']).where('id', 'in', tenantIds).execute();
  const linked = await db
    .selectFrom('sanction_cases as sc')
    .innerJoin('cases as c', (j) => j.onRef('c.tenant_id', '=', 'sc.case_tenant_id').onRef('c.id', '=', 'sc.case_id'))
    .select(['sc.sanction_id', 'c.id', 'c.case_number'])
    .where(
      'sc.tenant_id',
      'in',
      rows.map((r) => r.tenant_id),
    )
    .where(
      'sc.sanction_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('c.case_number')
    .execute();
  const cases = new Map<string, { id: string; caseNumber: string }[]>();
  for (const l of linked) {
    const list = cases.get(l.sanction_id) ?? [];
    list.push({ id: l.id, caseNumber: l.case_number });
    cases.set(l.sanction_id, list);
  }
  return { names: new Map(tenants.map((t) => [t.id, t.name])), cases };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentSanction(s: SanctionRow, extras: SanctionExtras, now: Date) {
  const state = {
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    revokedAt: s.revoked_at,
    appealedAt: s.appealed_at,
    decidedAt: s.decided_at,
  };
  return {
    id: s.id,
    platformTenantId: s.tenant_id,
    platformName: extras.names.get(s.tenant_id) ?? '',
    memberTenantId: s.member_tenant_id,
    memberName: extras.names.get(s.member_tenant_id) ?? '',
    type: s.type as SanctionType,
    reason: s.reason,
    publicText: s.public_text,
    startsAt: s.starts_at.toISOString(),
    endsAt: iso(s.ends_at),
    active: isSanctionActive(state, now),
    cases: extras.cases.get(s.id) ?? [],
    issuedBy: s.issued_by,
    createdAt: s.created_at.toISOString(),
    appeal: {
      state: appealStateOf({ ...state, appealDecision: s.appeal_decision as AppealDecision | null }),
      reason: s.appeal_reason,
      evidence: s.appeal_evidence,
      appealedAt: iso(s.appealed_at),
      decisionReason: s.appeal_decision_reason,
      decidedAt: iso(s.decided_at),
    },
    revokedAt: iso(s.revoked_at),
  };
}

export async function presentOne(db: Executor, s: SanctionRow, now: Date) {
  return presentSanction(s, await loadExtras(db, [s]), now);
}
