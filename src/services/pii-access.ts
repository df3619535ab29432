import type { CaseRow } from '../db/schema.ts';
import { seesPersonalData } from '../domain/masking.ts';
import type { Actor, Executor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';

type Via = 'case' | 'list' | 'search' | 'dossier' | 'export';
type ContactColumns = Pick<
  CaseRow,
  'tenant_id' | 'id' | 'complainant_phone' | 'complainant_email' | 'complainant_id_number'
>;

/** The contact fields of a case that a full read shows. */
export function fullFieldsOf(c: ContactColumns): string[] {
  return [
    c.complainant_phone ? 'phone' : null,
    c.complainant_email ? 'email' : null,
    c.complainant_id_number ? 'idNumber' : null,
  ].filter((f): f is string => f !== null);
}

/**
 * PIPL: a full (unmasked) read of a complainant's contact data is logged — who, which case, which fields, when —
 * in the case owner's log. Masked reads (viewers, auditors, lists) and cases without contact data write nothing.
 */
export async function recordPiiAccess(db: Executor, actor: Actor, cases: ContactColumns[], via: Via, at: Date) {
  if (actor.role === 'system' || !seesPersonalData(actor.role)) return;
  const rows = cases
    .map((c) => ({ c, fields: fullFieldsOf(c) }))
    .filter((r) => r.fields.length > 0)
    .map(({ c, fields }) => ({
      tenant_id: c.tenant_id,
      user_id: actor.userId,
      reader_tenant_id: actor.tenantId,
      case_id: c.id,
      fields,
      via,
      at,
    }));
  if (rows.length) await db.insertInto('pii_access').values(rows).execute();
}

/** Who read full contact data in this organisation's cases, newest first (admins and auditors). */
export async function listPiiAccess(ctx: ServiceContext, f: { caseId?: string | undefined; limit: number }) {
  requireRole(ctx.actor, ['admin', 'auditor']);
  let q = ctx.db
    .selectFrom('pii_access as p')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.id', 'p.user_id', 'u.email', 'p.reader_tenant_id', 'p.case_id', 'p.fields', 'p.via', 'p.at'])
    .where('p.tenant_id', '=', ctx.actor.tenantId);
  if (f.caseId) q = q.where('p.case_id', '=', f.caseId);
  const rows = await q.orderBy('p.at', 'desc').orderBy('p.id', 'desc').limit(f.limit).execute();
  return {
    items: rows.map((r) => ({
      userId: r.user_id,
      userEmail: r.email,
      readerTenantId: r.reader_tenant_id,
      caseId: r.case_id,
      fields: r.fields,
      via: r.via,
      at: r.at.toISOString(),
    })),
  };
}
