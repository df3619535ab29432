/** Closed vocabularies of the resolution loop, shared by the 0003 migration's CHECKs and the API schemas. */

/** Root cause categories (domain.md §4: investigation ends with a root cause). */
export const rootCauseCategories = [
  'packing',
  'carrier',
  'stock_data',
  'description',
  'staff_attitude',
  'supplier_quality',
  'other',
] as const;
export type RootCauseCategory = (typeof rootCauseCategories)[number];

/** Offer types (domain.md §5: solution and negotiation). */
export const offerTypes = [
  'refund',
  'return_refund',
  'exchange',
  'reshipment',
  'compensation',
  'coupon',
  'free_shipping',
  'membership_upgrade',
  'apology',
] as const;
export type OfferType = (typeof offerTypes)[number];

export const offerStates = [
  'draft',
  'pending_approval',
  'approved',
  'declined',
  'sent',
  'accepted',
  'rejected',
  'countered',
  'withdrawn',
] as const;
export type OfferState = (typeof offerStates)[number];

export const offerAnswers = ['accept', 'reject', 'counter'] as const;
export type OfferAnswer = (typeof offerAnswers)[number];

export const promiseKinds = ['reshipment', 'refund', 'callback', 'other'] as const;
export type PromiseKind = (typeof promiseKinds)[number];
export const promiseStates = ['open', 'kept', 'broken'] as const;

export const escalationTargets = [
  'supervisor',
  'platform',
  'consumer_association',
  'market_regulator_12315',
  'arbitration',
  'court',
] as const;
export type EscalationTarget = (typeof escalationTargets)[number];
/** Internal tiers stay inside the trade (agent → supervisor → platform); the rest are outside bodies. */
export const escalationLevelOf = (t: EscalationTarget) =>
  t === 'supervisor' || t === 'platform' ? ('internal' as const) : ('external' as const);

export const forwardReplyKinds = ['reply', 'proposal', 'dispute'] as const;
export type ForwardReplyKind = (typeof forwardReplyKinds)[number];
export const rulings = ['order_refund', 'order_compensation', 'dismiss', 'record_violation'] as const;
export type Ruling = (typeof rulings)[number];

/** Malicious-complaint flags a supervisor can set (domain.md §3: extortion pattern, IP claims by non-owners). */
export const flagKinds = ['extortion', 'false_claim', 'false_ip_claim'] as const;
export type FlagKind = (typeof flagKinds)[number];
