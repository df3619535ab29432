import type { OfferType } from './resolution-vocabulary.ts';
import type { Role } from './vocabulary.ts';

/** A tenant's resolution policy; issue 5 sets the defaults (agent ≤ ¥50, supervisor ≤ ¥500, above: admin). */
export interface ResolutionPolicy {
  agentLimitFen: number;
  supervisorLimitFen: number;
  followUpDays: number;
  reopenWindowDays: number;
  /** Hours a respondent has to answer a case the platform forwarded (common platform rule: 48 hours). */
  replyHours: number;
}

export const defaultResolutionPolicy: ResolutionPolicy = {
  agentLimitFen: 5_000,
  supervisorLimitFen: 50_000,
  followUpDays: 3,
  reopenWindowDays: 7,
  replyHours: 48,
};

/** What a role may grant on its own; admins have no limit, viewers and auditors grant nothing. */
export function approvalLimitFen(role: Role | 'system', p: ResolutionPolicy): number {
  if (role === 'admin' || role === 'system') return Number.POSITIVE_INFINITY;
  if (role === 'supervisor') return p.supervisorLimitFen;
  if (role === 'agent') return p.agentLimitFen;
  return -1;
}

/** The lowest role that may approve this amount. */
export function approverRoleFor(amountFen: number, p: ResolutionPolicy): 'agent' | 'supervisor' | 'admin' {
  if (amountFen <= p.agentLimitFen) return 'agent';
  if (amountFen <= p.supervisorLimitFen) return 'supervisor';
  return 'admin';
}

/** Offers that move money to the complainant; the ones a flagged complainant would need admin approval for. */
export const monetaryOfferTypes: readonly OfferType[] = ['refund', 'return_refund', 'compensation', 'coupon'];

const DAY_MS = 86_400_000;
/**
 * When the follow-up (回访) is due after resolution. Calendar days for now; the working-day calendar issue
 * swaps this one function for a working-day count.
 */
export function followUpDueAt(resolvedAt: Date, days: number): Date {
  return new Date(resolvedAt.getTime() + days * DAY_MS);
}

/** A rating of 1–2 within the reopen window reopens the case (issue 5, part 5). */
export const ratingReopens = (rating: number) => rating <= 2;
