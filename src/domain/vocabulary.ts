/** Closed vocabularies shared by the database CHECKs, the API schemas and the UI. See docs/glossary.md. */
export const tenantKinds = ['platform', 'merchant', 'operations_company', 'logistics'] as const;
export type TenantKind = (typeof tenantKinds)[number];

export const roles = ['admin', 'supervisor', 'agent', 'auditor', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const orderStates = [
  'placed',
  'paid',
  'shipped',
  'delivered',
  'completed',
  'refunding',
  'refunded',
  'refund_failed',
  'closed',
] as const;
export type OrderState = (typeof orderStates)[number];

export const caseKinds = ['complaint', 'bad_review', 'inquiry'] as const;
export type CaseKind = (typeof caseKinds)[number];

export const channels = [
  'hotline',
  'im',
  'email',
  'social_dm',
  'social_post',
  'web_form',
  'review',
  'forum',
  'api',
  'other',
] as const;
export type Channel = (typeof channels)[number];

export const expectedResolutions = [
  'refund',
  'return_refund',
  'exchange',
  'reshipment',
  'compensation',
  'apology',
  'other',
] as const;
export type ExpectedResolution = (typeof expectedResolutions)[number];

export const categories = [
  'product_quality',
  'logistics_delay',
  'service_attitude',
  'after_sales_refund',
  'description_mismatch',
  'price',
  'counterfeit_ip',
  'platform_rules',
  'operations_service',
  'other',
] as const;
export type Category = (typeof categories)[number];

export const rootCauseTypes = ['accidental', 'systemic'] as const;
export type RootCauseType = (typeof rootCauseTypes)[number];

export const caseStatuses = [
  'submitted',
  'accepted',
  'pending_refund',
  'in_progress',
  'awaiting_customer',
  'resolved',
  'closed',
  'rejected',
  'withdrawn',
  'escalated',
  'reopened',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Statuses in which somebody still owes the complainant work: the open-work queue. */
export const openStatuses: readonly CaseStatus[] = [
  'submitted',
  'accepted',
  'pending_refund',
  'in_progress',
  'awaiting_customer',
  'escalated',
  'reopened',
];
