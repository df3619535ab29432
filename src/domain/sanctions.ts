/**
 * Platform sanctions (平台处罚, issue 5 item 9): what a platform may record against one of its members after a
 * verified violation, when a sanction is in force, and the one appeal the member has. Pure rules: time comes in.
 */
export const sanctionTypes = [
  'warning',
  'listing_restriction',
  'temporary_freeze',
  'public_notice',
  'account_ban',
] as const;
export type SanctionType = (typeof sanctionTypes)[number];

export const appealDecisions = ['upheld', 'revoked'] as const;
export type AppealDecision = (typeof appealDecisions)[number];

/** Organisations a platform can sanction: the merchants and operations companies on it. */
export const sanctionableKinds = ['merchant', 'operations_company'] as const;

export interface SanctionPeriodInput {
  type: SanctionType;
  startsAt?: Date | undefined;
  endsAt?: Date | undefined;
  publicText?: string | undefined;
}

export type SanctionRefusal = 'SANCTION_PERIOD_INVALID' | 'PUBLIC_TEXT_REQUIRED';

/**
 * Checks a new sanction's period and public text. A temporary freeze needs both ends (start defaults to now);
 * a public notice (公示) needs the text the public will read; any end lies after the start.
 */
export function checkSanction(
  input: SanctionPeriodInput,
  now: Date,
): { ok: true; startsAt: Date; endsAt: Date | null } | { ok: false; code: SanctionRefusal; field: string } {
  const startsAt = input.startsAt ?? now;
  const endsAt = input.endsAt ?? null;
  if (input.type === 'temporary_freeze' && (!input.startsAt || !input.endsAt))
    return { ok: false, code: 'SANCTION_PERIOD_INVALID', field: input.startsAt ? 'endsAt' : 'startsAt' };
  if (endsAt && endsAt.getTime() <= startsAt.getTime())
    return { ok: false, code: 'SANCTION_PERIOD_INVALID', field: 'endsAt' };
  if (input.type === 'public_notice' && !input.publicText?.trim())
    return { ok: false, code: 'PUBLIC_TEXT_REQUIRED', field: 'publicText' };
  return { ok: true, startsAt, endsAt };
}

export interface SanctionState {
  startsAt: Date;
  endsAt: Date | null;
  revokedAt: Date | null;
  appealedAt: Date | null;
  decidedAt: Date | null;
}

/** In force: not revoked, started, not yet ended (an end is exclusive). */
export function isSanctionActive(s: SanctionState, now: Date): boolean {
  if (s.revokedAt) return false;
  if (s.startsAt.getTime() > now.getTime()) return false;
  return s.endsAt === null || s.endsAt.getTime() > now.getTime();
}

export type AppealState = 'none' | 'pending' | 'upheld' | 'revoked';

export function appealStateOf(s: SanctionState & { appealDecision: AppealDecision | null }): AppealState {
  if (!s.appealedAt) return 'none';
  return s.appealDecision ?? 'pending';
}

/** The sanctioned member appeals once (平台规则：申诉机会仅一次); a revoked sanction has nothing to appeal. */
export function canAppeal(s: SanctionState): 'APPEAL_ALREADY_FILED' | 'SANCTION_REVOKED' | null {
  if (s.appealedAt) return 'APPEAL_ALREADY_FILED';
  if (s.revokedAt) return 'SANCTION_REVOKED';
  return null;
}

/** The platform decides an appeal that is filed and not yet decided. */
export function canDecideAppeal(s: SanctionState): 'APPEAL_NOT_PENDING' | null {
  return s.appealedAt && !s.decidedAt ? null : 'APPEAL_NOT_PENDING';
}
