import { AppError } from '../domain/errors.ts';
import { isUuid } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { TtlCache } from './ttl-cache.ts';

export interface CaseParties {
  respondentId: string;
  platformId: string | null;
  opsId: string | null;
}

/**
 * Who a new case is against and who else must see it. A platform files against its members (or itself);
 * other organisations file about themselves, and an operations company also about the stores it runs.
 */
export async function resolveRespondent(
  ctx: ServiceContext,
  respondentTenantId: string | undefined,
): Promise<CaseParties> {
  const { actor } = ctx;
  const id = respondentTenantId ?? actor.tenantId;
  const key = `${actor.tenantId}|${actor.tenantKind}|${id}`;
  const cached = partiesCache.get(key);
  if (cached) return cached;
  const respondent = isUuid(id)
    ? await ctx.db.selectFrom('tenants').select(['id', 'kind', 'platform_id']).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!respondent) throw new AppError('RESPONDENT_INVALID', { respondentTenantId: id });
  const contracts = await ctx.db
    .selectFrom('operations_contracts')
    .select(['tenant_id', 'operations_company_id'])
    .where((eb) => eb.or([eb('tenant_id', '=', respondent.id), eb('operations_company_id', '=', actor.tenantId)]))
    .execute();
  const self = respondent.id === actor.tenantId;
  const allowed =
    actor.tenantKind === 'platform'
      ? self || respondent.platform_id === actor.tenantId
      : self ||
        (actor.tenantKind === 'operations_company' &&
          contracts.some((k) => k.tenant_id === respondent.id && k.operations_company_id === actor.tenantId));
  if (!allowed) throw new AppError('RESPONDENT_INVALID', { respondentTenantId: id });
  // The operations company that files about a store it runs is the one that must see the case (scope.ts).
  const opsId =
    respondent.kind === 'operations_company'
      ? respondent.id
      : actor.tenantKind === 'operations_company'
        ? actor.tenantId
        : (contracts.find((k) => k.tenant_id === respondent.id)?.operations_company_id ?? null);
  const platformId = actor.tenantKind === 'platform' ? actor.tenantId : (respondent.platform_id ?? actor.platformId);
  const parties = { respondentId: respondent.id, platformId, opsId };
  partiesCache.set(key, parties);
  return parties;
}

/** Who may file against whom changes rarely (membership of a platform, operations contracts): 5 s is fresh enough. */
const partiesCache = new TtlCache<CaseParties>(5_000);
