import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from './context.ts';

export type CaseScopeColumn = 'cases.platform_tenant_id' | 'cases.respondent_tenant_id' | 'cases.ops_tenant_id';

/**
 * Which cases an organisation sees (tenancy is never optional):
 * - a platform: cases filed on it or against its members (platform_tenant_id);
 * - a merchant or logistics company: cases where it is the respondent — which includes every case it files, since
 *   intake lets it file only about itself (resolveRespondent);
 * - an operations company: cases against it, and cases about the stores it runs (ops_tenant_id), which includes
 *   every case it files.
 * Each column is the head of its own work-queue index, so a scope is one or two index range scans.
 * Every case read goes through this filter; a case outside it is answered with 404.
 */
export function caseScopeColumns(actor: Actor): CaseScopeColumn[] {
  switch (actor.tenantKind) {
    case 'platform':
      return ['cases.platform_tenant_id'];
    case 'operations_company':
      return ['cases.respondent_tenant_id', 'cases.ops_tenant_id'];
    default:
      return ['cases.respondent_tenant_id'];
  }
}

export function caseVisibleTo(actor: Actor) {
  const columns = caseScopeColumns(actor);
  return (eb: ExpressionBuilder<DB, 'cases'>) => eb.or(columns.map((c) => eb(c, '=', actor.tenantId)));
}

/** Orders belong to the selling organisation; its platform and the operations company running it see them too. */
export function orderVisibleTo(actor: Actor) {
  const t = actor.tenantId;
  return (eb: ExpressionBuilder<DB, 'orders'>) => {
    if (actor.tenantKind === 'platform') {
      return eb.or([
        eb('orders.tenant_id', '=', t),
        eb(
          'orders.tenant_id',
          'in',
          eb.selectFrom('tenants').select('tenants.id').where('tenants.platform_id', '=', t),
        ),
      ]);
    }
    if (actor.tenantKind === 'operations_company') {
      return eb.or([
        eb('orders.tenant_id', '=', t),
        eb(
          'orders.tenant_id',
          'in',
          eb
            .selectFrom('operations_contracts')
            .select('operations_contracts.tenant_id')
            .where('operations_contracts.operations_company_id', '=', t),
        ),
      ]);
    }
    return eb('orders.tenant_id', '=', t);
  };
}
