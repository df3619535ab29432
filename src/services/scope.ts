import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from './context.ts';

/**
 * Which cases an organisation sees (tenancy is never optional):
 * - a platform: cases filed on it or against its members (platform_tenant_id);
 * - a merchant or logistics company: cases it owns or where it is the respondent;
 * - an operations company: the same, plus cases about the stores it runs (ops_tenant_id).
 * Every case read goes through this filter; a case outside it is answered with 404.
 */
export function caseVisibleTo(actor: Actor) {
  const t = actor.tenantId;
  return (eb: ExpressionBuilder<DB, 'cases'>) => {
    switch (actor.tenantKind) {
      case 'platform':
        return eb('cases.platform_tenant_id', '=', t);
      case 'operations_company':
        return eb.or([
          eb('cases.tenant_id', '=', t),
          eb('cases.respondent_tenant_id', '=', t),
          eb('cases.ops_tenant_id', '=', t),
        ]);
      default:
        return eb.or([eb('cases.tenant_id', '=', t), eb('cases.respondent_tenant_id', '=', t)]);
    }
  };
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
