import type { CaseRow } from '../db/schema.ts';
import { allowedActions, type CaseView } from '../domain/lifecycle.ts';
import { maskEmail, maskIdNumber, maskPhone, seesPersonalData } from '../domain/masking.ts';
import type { OrderFacts } from '../domain/order-rules.ts';
import type { RootCauseCategory } from '../domain/resolution-vocabulary.ts';
import type { CaseStatus, OrderState, RootCauseType } from '../domain/vocabulary.ts';
import type { Actor } from './context.ts';
import { presentSla } from './sla-view.ts';

/** A case row joined with the few order columns the lifecycle reads. */
export type CaseWithOrder = CaseRow & {
  order_number: string | null;
  order_state: string | null;
  order_after_sales_deadline: Date | null;
  open_promises: number;
  sla_clocks?: unknown;
  sla_settings?: unknown;
  /** Only on queue rows: the complainant wrote since the reading user last opened the case. */
  unread_reply?: boolean;
};

export function orderFactsOf(c: CaseWithOrder): OrderFacts | null {
  return c.order_state
    ? { state: c.order_state as OrderState, afterSalesDeadline: c.order_after_sales_deadline }
    : null;
}

export function toCaseView(c: CaseWithOrder): CaseView {
  return {
    status: c.status as CaseStatus,
    assigneeId: c.assignee_id,
    resolution: c.resolution,
    rootCauseType: c.root_cause_type as RootCauseType | null,
    rootCauseText: c.root_cause_text,
    rootCauseCategory: c.root_cause_category as RootCauseCategory | null,
    statusReason: c.status_reason,
    acceptedAt: c.accepted_at,
    resolvedAt: c.resolved_at,
    closedAt: c.closed_at,
    order: orderFactsOf(c),
    openPromises: c.open_promises,
  };
}

/**
 * The API shape of a case: contact data masked for roles that do not need it, and the actions allowed now.
 * Reads that show it in full are logged (pii-access.ts).
 */
export function presentCase(c: CaseWithOrder, actor: Actor, now: Date) {
  const pii = seesPersonalData(actor.role);
  return {
    id: c.id,
    caseNumber: c.case_number,
    kind: c.kind,
    channel: c.channel,
    status: c.status,
    statusReason: c.status_reason,
    ownerTenantId: c.tenant_id,
    respondentTenantId: c.respondent_tenant_id,
    platformTenantId: c.platform_tenant_id,
    operationsCompanyId: c.ops_tenant_id,
    orderId: c.order_id,
    orderNumber: c.order_number,
    complainant: {
      name: c.complainant_name,
      phone: pii ? c.complainant_phone : maskPhone(c.complainant_phone),
      email: pii ? c.complainant_email : maskEmail(c.complainant_email),
      idNumber: pii ? c.complainant_id_number : maskIdNumber(c.complainant_id_number),
    },
    reason: c.reason,
    expectedResolution: c.expected_resolution,
    category: c.category,
    severity: c.severity,
    reviewRating: c.review_rating,
    assigneeId: c.assignee_id,
    departmentId: c.department_id,
    missing: c.missing as unknown as string[],
    resolution: c.resolution,
    rootCause: c.root_cause_type
      ? { type: c.root_cause_type, text: c.root_cause_text ?? '', category: c.root_cause_category }
      : null,
    openPromises: c.open_promises,
    dueAt: c.due_at?.toISOString() ?? null,
    sla: presentSla(c.sla_clocks, c.sla_settings, now),
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    acceptedAt: c.accepted_at?.toISOString() ?? null,
    resolvedAt: c.resolved_at?.toISOString() ?? null,
    closedAt: c.closed_at?.toISOString() ?? null,
    version: c.version,
    flags: c.flags as unknown as string[],
    repeatCount: c.repeat_count,
    allowedActions: allowedActions(toCaseView(c), { now, role: actor.role, tenantKind: actor.tenantKind }),
    customerRepliedAt: c.customer_replied_at?.toISOString() ?? null,
    ...(c.unread_reply === undefined ? {} : { unreadReply: c.unread_reply }),
  };
}
export type CaseDto = ReturnType<typeof presentCase>;
