import type { ErrorCode } from './errors.ts';
import { afterSalesWindowPassed, type OrderFacts } from './order-rules.ts';
import type { RootCauseCategory } from './resolution-vocabulary.ts';
import type { CaseStatus, Role, RootCauseType, TenantKind } from './vocabulary.ts';

/** What the lifecycle needs to know about a case; services build it from the row and its order. */
export interface CaseView {
  status: CaseStatus;
  assigneeId: string | null;
  resolution: string | null;
  rootCauseType: RootCauseType | null;
  rootCauseText: string | null;
  /** Required at close with the type and text (issue 5); optional here so older callers stay valid. */
  rootCauseCategory?: RootCauseCategory | null;
  statusReason: string | null;
  acceptedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  order: OrderFacts | null;
  /** Promises not yet marked kept or broken: an unkept promise is never silently closed (issue 5). */
  openPromises?: number;
}

export interface DecisionContext {
  now: Date;
  role: Role | 'system';
  tenantKind: TenantKind | 'system';
  /** Days after resolution within which an unsatisfied complainant can reopen (tenant policy, default 7). */
  reopenWindowDays?: number;
}

/** What the caller sends with an action; checked only when the action is applied, not for allowedActions. */
export interface ActionInput {
  reason?: string | undefined;
  resolution?: string | undefined;
  rootCauseType?: RootCauseType | undefined;
  rootCauseText?: string | undefined;
  rootCauseCategory?: RootCauseCategory | undefined;
}

type Guard = (c: CaseView, ctx: DecisionContext) => ErrorCode | null;
type Requirement = (c: CaseView, input: ActionInput) => ErrorCode | null;

interface Transition {
  from: readonly CaseStatus[];
  to: CaseStatus | ((c: CaseView) => CaseStatus);
  /** System actions follow from order events; people cannot take them. */
  system?: boolean;
  /** A user action the system may also take (a 1–2 star follow-up reopens the case by itself). */
  systemToo?: boolean;
  guard?: Guard;
  requires?: Requirement;
  /** Set as the case's status_reason when the move happens. */
  statusReason?: ErrorCode;
}

const DAY_MS = 86_400_000;
const DEFAULT_REOPEN_WINDOW_DAYS = 7;

const present = (s: string | null | undefined) => typeof s === 'string' && s.trim().length > 0;

const needsReason: Requirement = (_c, input) => (present(input.reason) ? null : 'REASON_REQUIRED');
const needsAssignee: Guard = (c) => (c.assigneeId ? null : 'ASSIGNEE_REQUIRED');
const withinAfterSales: Guard = (c, ctx) =>
  afterSalesWindowPassed(c.order, ctx.now) ? 'AFTER_SALES_WINDOW_PASSED' : null;
const noRefundRunning: Guard = (c) => (c.order?.state === 'refunding' ? 'REFUND_IN_PROGRESS' : null);

export const transitions = {
  // Order-state rule: a complaint on an order whose refund is under way waits for the refund's outcome.
  accept: {
    from: ['submitted'],
    to: (c) => (c.order?.state === 'refunding' ? 'pending_refund' : 'accepted'),
    guard: withinAfterSales,
  },
  reject: { from: ['submitted', 'accepted'], to: 'rejected', requires: needsReason },
  start: {
    from: ['accepted', 'reopened'],
    to: 'in_progress',
    guard: (c, ctx) => needsAssignee(c, ctx) ?? noRefundRunning(c, ctx),
  },
  request_info: { from: ['submitted', 'accepted', 'in_progress'], to: 'awaiting_customer', requires: needsReason },
  // The complainant's own answer through the access link (details, evidence) resumes the case: the system acts.
  customer_replied: {
    from: ['awaiting_customer'],
    systemToo: true,
    to: (c) => (!c.acceptedAt ? 'submitted' : c.assigneeId ? 'in_progress' : 'accepted'),
  },
  resolve: {
    from: ['in_progress'],
    to: 'resolved',
    requires: (c, input) => (present(input.resolution ?? c.resolution) ? null : 'RESOLUTION_REQUIRED'),
  },
  // Closing needs a complete record: what was done and why it happened (accidental slip or systemic defect).
  // Issue 5: the root cause also carries a category, and a case with open promises cannot close.
  close: {
    from: ['resolved'],
    to: 'closed',
    guard: (c) => ((c.openPromises ?? 0) > 0 ? 'OPEN_PROMISES' : null),
    requires: (c, input) => {
      if (!present(input.resolution ?? c.resolution)) return 'RESOLUTION_REQUIRED';
      const type = input.rootCauseType ?? c.rootCauseType;
      if (!type || !present(input.rootCauseText ?? c.rootCauseText)) return 'ROOT_CAUSE_REQUIRED';
      return (input.rootCauseCategory ?? c.rootCauseCategory) ? null : 'ROOT_CAUSE_CATEGORY_REQUIRED';
    },
  },
  reopen: {
    from: ['resolved', 'closed'],
    to: 'reopened',
    systemToo: true,
    guard: (c, ctx) => {
      const since = c.resolvedAt ?? c.closedAt;
      const days = ctx.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
      return since && ctx.now.getTime() - since.getTime() > days * DAY_MS ? 'REOPEN_WINDOW_PASSED' : null;
    },
    requires: needsReason,
  },
  withdraw: {
    from: ['submitted', 'accepted', 'pending_refund', 'in_progress', 'awaiting_customer', 'escalated', 'reopened'],
    to: 'withdrawn',
  },
  escalate: {
    from: ['accepted', 'pending_refund', 'in_progress', 'awaiting_customer', 'reopened'],
    to: 'escalated',
    requires: needsReason,
  },
  // SLA rule: a breached target may escalate the case on the tenant's policy, even before anyone accepted it.
  sla_escalate: {
    from: ['submitted', 'accepted', 'pending_refund', 'in_progress', 'awaiting_customer', 'reopened'],
    to: 'escalated',
    system: true,
    requires: needsReason,
  },
  deescalate: { from: ['escalated'], to: 'in_progress', guard: needsAssignee },
  // Platform rule: a platform supervisor may take on a complaint the after-sales rule declined, with a reason.
  override_rejection: {
    from: ['rejected'],
    to: 'accepted',
    guard: (c, ctx) => {
      if (c.statusReason !== 'AFTER_SALES_WINDOW_PASSED') return 'REJECTION_NOT_OVERRIDABLE';
      const platformSupervisor = ctx.tenantKind === 'platform' && (ctx.role === 'supervisor' || ctx.role === 'admin');
      return platformSupervisor ? null : 'OVERRIDE_NOT_PERMITTED';
    },
    requires: needsReason,
  },
  refund_started: {
    from: ['accepted', 'in_progress', 'awaiting_customer', 'reopened'],
    to: 'pending_refund',
    system: true,
  },
  refund_completed: { from: ['pending_refund'], to: 'closed', system: true, statusReason: 'REFUND_COMPLETED' },
  refund_failed: { from: ['pending_refund'], to: 'in_progress', system: true },
} as const satisfies Record<string, Transition>;

export type CaseAction = keyof typeof transitions;
export const caseActions = Object.keys(transitions) as CaseAction[];
export const userActions = caseActions.filter((a) => !(transitions[a] as Transition).system);

export type Decision =
  | { ok: true; next: CaseStatus; statusReason: ErrorCode | null }
  | { ok: false; code: ErrorCode; details: Record<string, unknown> };

const refuse = (code: ErrorCode, details: Record<string, unknown> = {}): Decision => ({ ok: false, code, details });

const actingRoles: readonly (Role | 'system')[] = ['admin', 'supervisor', 'agent'];

/**
 * Decides one move. With `input` it also checks what the caller must supply (reason, resolution, root cause);
 * without it, it answers "could this actor take this action now", which is what allowedActions lists.
 */
export function applyAction(c: CaseView, action: CaseAction, ctx: DecisionContext, input?: ActionInput): Decision {
  const t: Transition = transitions[action];
  const mayAct = t.system
    ? ctx.role === 'system'
    : actingRoles.includes(ctx.role) || (Boolean(t.systemToo) && ctx.role === 'system');
  if (!mayAct) {
    return refuse('ROLE_NOT_PERMITTED', { action, role: ctx.role });
  }
  if (!t.from.includes(c.status)) return refuse('ACTION_NOT_ALLOWED', { action, status: c.status });
  const why = t.guard?.(c, ctx) ?? (input ? t.requires?.(c, input) : null);
  if (why) return refuse(why, { action, status: c.status });
  const next = typeof t.to === 'function' ? t.to(c) : t.to;
  return { ok: true, next, statusReason: t.statusReason ?? null };
}

export function allowedActions(c: CaseView, ctx: DecisionContext): CaseAction[] {
  return userActions.filter((a) => applyAction(c, a, ctx).ok);
}
