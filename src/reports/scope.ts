import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Category, Channel } from '../domain/vocabulary.ts';
import type { Actor, Executor } from '../services/context.ts';
import { caseVisibleTo } from '../services/scope.ts';

/** The dashboard's filters (analytics contract): every figure is about the cases they select. */
export interface AnalyticsFilters {
  respondentTenantId?: string | undefined;
  category?: Category | undefined;
  channel?: Channel | undefined;
  departmentId?: string | undefined;
  /** First responsible person: the assignee, as the responsibility ledger counts it. */
  personId?: string | undefined;
  /** Substring of an item name on the case's order. */
  product?: string | undefined;
  /**
   * Count from the cases and the rows hanging off them instead of the rollups (not an HTTP parameter): the
   * reference the rollup test compares against, and the bench's ratio.
   */
  raw?: boolean | undefined;
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Orders whose items name the product (a substring, case-insensitive). */
export const orderHasProduct = (product: string) =>
  sql<SqlBool>`exists (select 1 from jsonb_array_elements(orders.items) i where i->>'name' ilike ${likePattern(product)})`;

export function caseFilter(f: AnalyticsFilters) {
  return (eb: ExpressionBuilder<DB, 'cases'>) => {
    const all: Expression<SqlBool>[] = [];
    if (f.respondentTenantId) all.push(eb('cases.respondent_tenant_id', '=', f.respondentTenantId));
    if (f.category) all.push(eb('cases.category', '=', f.category));
    if (f.channel) all.push(eb('cases.channel', '=', f.channel));
    if (f.departmentId) all.push(eb('cases.department_id', '=', f.departmentId));
    if (f.personId) all.push(eb('cases.assignee_id', '=', f.personId));
    if (f.product)
      all.push(
        sql<SqlBool>`exists (select 1 from orders where orders.id = cases.order_id and ${orderHasProduct(f.product)})`,
      );
    return eb.and(all);
  };
}

/** Visible cases matching the filters; callers add the period. */
export const scopedCases = (db: Executor, actor: Actor, f: AnalyticsFilters) =>
  db.selectFrom('cases').where(caseVisibleTo(actor)).where(caseFilter(f));

/** Ids of the visible, filtered cases, for figures kept in other tables (promises, offers, escalations …). */
export const scopedCaseIds = (db: Executor, actor: Actor, f: AnalyticsFilters) =>
  scopedCases(db, actor, f).select('cases.id');

/**
 * The sellers whose orders make the complaint-rate denominator: the organisation itself, a platform's members,
 * an operations company's stores (the same rule as orderVisibleTo), narrowed to the respondent filter.
 */
export async function orderSellers(db: Executor, actor: Actor, f: AnalyticsFilters): Promise<string[]> {
  const t = actor.tenantId;
  let ids = [t];
  if (actor.tenantKind === 'platform') {
    const m = await db.selectFrom('tenants').select('id').where('platform_id', '=', t).execute();
    ids = [t, ...m.map((r) => r.id)];
  } else if (actor.tenantKind === 'operations_company') {
    const m = await db
      .selectFrom('operations_contracts')
      .select('tenant_id')
      .where('operations_company_id', '=', t)
      .execute();
    ids = [t, ...m.map((r) => r.tenant_id)];
  }
  return f.respondentTenantId ? ids.filter((id) => id === f.respondentTenantId) : ids;
}

type CaseChild = 'case_sla' | 'promises' | 'offers' | 'follow_ups' | 'escalations';

/**
 * A row of a table hanging off cases (clocks, promises, offers …) belongs to a visible, filtered case: a correlated
 * EXISTS on the case's primary key, so the planner starts from the period's rows (time indexes of 0013) and looks
 * each case up, instead of hashing every case the organisation can see.
 */
export const ofScopedCase =
  <T extends CaseChild>(db: Executor, actor: Actor, f: AnalyticsFilters, table: T) =>
  (eb: ExpressionBuilder<DB, T>) =>
    eb.exists(
      scopedCases(db, actor, f)
        .select(sql`1`.as('x'))
        .where(
          sql<SqlBool>`cases.tenant_id = ${sql.ref(`${table}.tenant_id`)} and cases.id = ${sql.ref(`${table}.case_id`)}`,
        ),
    );
