import type { ErrorCode } from './errors.ts';
import { approvalLimitFen, approverRoleFor, type ResolutionPolicy } from './resolution-policy.ts';
import type { OfferAnswer, OfferState, OfferType, PromiseKind } from './resolution-vocabulary.ts';
import type { Role } from './vocabulary.ts';

/**
 * Offer negotiation (domain.md §5). An offer within the maker's approval limit starts as a draft that can be sent;
 * above it, it waits for a supervisor or admin whose limit covers the amount (issue 5: agent ≤ ¥50,
 * supervisor ≤ ¥500 by default, above that an admin). The complainant accepts, rejects or counters a sent offer.
 */
export function initialOfferState(
  amountFen: number,
  role: Role | 'system',
  p: ResolutionPolicy,
  forceApprovalRole: 'admin' | null = null,
): { state: OfferState; approvalRole: 'supervisor' | 'admin' | null } {
  if (forceApprovalRole && role !== 'admin') return { state: 'pending_approval', approvalRole: forceApprovalRole };
  if (amountFen <= approvalLimitFen(role, p)) return { state: 'draft', approvalRole: null };
  const needed = approverRoleFor(amountFen, p);
  return { state: 'pending_approval', approvalRole: needed === 'agent' ? 'supervisor' : needed };
}

const moves = {
  send: { from: ['draft', 'approved'] },
  approve: { from: ['pending_approval'] },
  decline: { from: ['pending_approval'] },
  answer: { from: ['sent'] },
  withdraw: { from: ['draft', 'pending_approval', 'approved', 'sent'] },
} as const satisfies Record<string, { from: readonly OfferState[] }>;
export type OfferMove = keyof typeof moves;

/** Why a move on an offer is refused, or null. Sending an unapproved offer is APPROVAL_REQUIRED. */
export function offerMoveRefusal(state: OfferState, move: OfferMove): ErrorCode | null {
  if ((moves[move].from as readonly OfferState[]).includes(state)) return null;
  if (move === 'send' && state === 'pending_approval') return 'APPROVAL_REQUIRED';
  return 'OFFER_STATE_INVALID';
}

/** Approval needs a role whose limit covers the amount, and at least the role the offer asked for. */
export function mayApprove(
  role: Role | 'system',
  amountFen: number,
  approvalRole: 'supervisor' | 'admin' | null,
  p: ResolutionPolicy,
): boolean {
  if (approvalRole === 'admin' && role !== 'admin' && role !== 'system') return false;
  if (role !== 'admin' && role !== 'supervisor' && role !== 'system') return false;
  return amountFen <= approvalLimitFen(role, p);
}

export const answerState: Record<OfferAnswer, OfferState> = {
  accept: 'accepted',
  reject: 'rejected',
  counter: 'countered',
};

/** The promise an accepted offer turns into (reshipment by date, refund by date …). */
export function promiseKindFor(type: OfferType): PromiseKind {
  if (type === 'reshipment' || type === 'exchange') return 'reshipment';
  if (type === 'refund' || type === 'return_refund' || type === 'compensation') return 'refund';
  return 'other';
}
