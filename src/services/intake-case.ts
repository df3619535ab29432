import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { missingFor } from '../domain/intake-requirements.ts';
import { afterSalesWindowPassed } from '../domain/order-rules.ts';
import type { CaseKind, CaseStatus, Category, Channel, ExpectedResolution, OrderState } from '../domain/vocabulary.ts';
import { loadVisibleCase } from './case-queries.ts';
import { startCaseSla } from './case-sla.ts';
import { presentCase } from './case-view.ts';
import { classifyIntake, recordIntakeClassification } from './classify-case.ts';
import type { ServiceContext } from './context.ts';
import { linkDuplicates } from './duplicates.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';
import { resolveRespondent } from './respondent.ts';
import { routeNewCase } from './route-case.ts';
import { refreshSearchDoc } from './search-doc.ts';

export interface CaseIntakeInput {
  kind: CaseKind;
  channel: Channel;
  respondentTenantId?: string | undefined;
  orderId?: string | undefined;
  orderNumber?: string | undefined;
  complainant: {
    name: string;
    phone?: string | undefined;
    email?: string | undefined;
    idNumber?: string | undefined;
    /** The buyer's id on the channel it came from (e.g. "weibo:1234"): hashed to recognise repeat complaints. */
    buyerId?: string | undefined;
  };
  reason: string;
  expectedResolution?: ExpectedResolution | undefined;
  category?: Category | undefined;
  severity?: number | undefined;
  reviewRating?: number | undefined;
  /** Intake flags kept on the case, e.g. public_post for a public social post. */
  flags?: string[] | undefined;
}

/** Case numbers carry the year in China time; the formatter is costly to build, so it is built once. */
const shanghaiYear = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' });

export interface IntakeResult {
  case: ReturnType<typeof presentCase>;
  replayed: boolean;
}

/**
 * Takes a complaint, bad review or inquiry in. Nothing is refused for being incomplete: the case is kept and
 * `missing` says what the complainant still has to add. Order-state rules decide the first status.
 */
export async function intakeCase(
  ctx: ServiceContext,
  input: CaseIntakeInput,
  idempotencyKey?: string,
): Promise<IntakeResult> {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  const parties = await resolveRespondent(ctx, input.respondentTenantId);
  const order = await findOrder(ctx, parties.respondentId, input);
  const auto = classifyIntake(input);
  const missing = missingFor({
    kind: input.kind,
    category: auto.category ?? null,
    hasContact: Boolean(input.complainant.phone || input.complainant.email),
    hasOrder: order !== null,
    imageEvidenceCount: 0,
    hasExpectedResolution: Boolean(input.expectedResolution),
    reasonLength: [...input.reason.trim()].length,
    hasReviewRating: input.reviewRating !== undefined,
  });
  const orderFacts = order
    ? { state: order.state as OrderState, afterSalesDeadline: order.after_sales_deadline }
    : null;
  let status: CaseStatus = 'submitted';
  let statusReason: string | null = null;
  // Platform rule: after the after-sales window the platform cannot intervene; the case is kept, declined.
  // A bad review is the shop's own follow-up with its buyer, which has no such window.
  if (input.kind !== 'bad_review' && afterSalesWindowPassed(orderFacts, ctx.now))
    [status, statusReason] = ['rejected', 'AFTER_SALES_WINDOW_PASSED'];
  else if (missing.length > 0) status = 'awaiting_customer';
  else if (orderFacts?.state === 'refunding') status = 'pending_refund';

  const caseId = randomUUID();
  const requestHash = createHash('sha256')
    .update(JSON.stringify([parties, input]))
    .digest('hex');
  const replayOf = await ctx.db.transaction().execute(async (trx) => {
    if (idempotencyKey) {
      const claimed = await trx
        .insertInto('idempotency_keys')
        .values({ tenant_id: ctx.actor.tenantId, key: idempotencyKey, request_hash: requestHash, case_id: caseId })
        .onConflict((oc) => oc.doNothing())
        .returning('case_id')
        .executeTakeFirst();
      if (!claimed) {
        const prior = await trx
          .selectFrom('idempotency_keys')
          .select(['request_hash', 'case_id'])
          .where('tenant_id', '=', ctx.actor.tenantId)
          .where('key', '=', idempotencyKey)
          .executeTakeFirstOrThrow();
        if (prior.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED', { idempotencyKey });
        return prior.case_id;
      }
    }
    const year = shanghaiYear.format(ctx.now);
    await trx
      .insertInto('cases')
      .values({
        tenant_id: ctx.actor.tenantId,
        id: caseId,
        case_number: sql<string>`${`KS-${year}-`} || lpad(nextval('case_number_seq')::text, 6, '0')`,
        kind: input.kind,
        channel: input.channel,
        status,
        status_reason: statusReason,
        respondent_tenant_id: parties.respondentId,
        platform_tenant_id: parties.platformId,
        ops_tenant_id: parties.opsId,
        order_id: order?.id ?? null,
        complainant_name: input.complainant.name,
        complainant_phone: input.complainant.phone ?? null,
        complainant_email: input.complainant.email ?? null,
        complainant_id_number: input.complainant.idNumber ?? null,
        reason: input.reason,
        expected_resolution: input.expectedResolution ?? null,
        category: auto.category ?? null,
        severity: auto.severity,
        review_rating: input.reviewRating ?? null,
        missing: JSON.stringify(missing),
        flags: JSON.stringify(input.flags ?? []),
        accepted_at: status === 'pending_refund' ? ctx.now : null,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .execute();
    const classification = await recordIntakeClassification(trx, ctx, caseId, input.complainant.phone, auto);
    await startCaseSla(
      trx,
      {
        tenant_id: ctx.actor.tenantId,
        id: caseId,
        kind: input.kind,
        channel: input.channel,
        severity: auto.severity,
        status,
        respondent_tenant_id: parties.respondentId,
        ops_tenant_id: parties.opsId,
      },
      ctx.now,
    );
    await recordCaseChange(trx, {
      caseTenantId: ctx.actor.tenantId,
      caseId,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: {
        type: 'created',
        data: { status, channel: input.channel, missing, classification, ...(statusReason ? { statusReason } : {}) },
      },
      audit: {
        action: 'case.create',
        before: null,
        after: {
          status,
          kind: input.kind,
          respondentTenantId: parties.respondentId,
          orderId: order?.id ?? null,
          classification,
        },
      },
      topic: 'case.created',
    });
    await linkDuplicates(trx, ctx, { caseId, orderId: order?.id ?? null, complainant: input.complainant });
    if (status !== 'rejected') {
      const facts = { category: auto.category ?? null, kind: input.kind, channel: input.channel };
      const routing = { ...facts, respondentTenantId: parties.respondentId, severity: auto.severity };
      await routeNewCase(trx, { tenantId: ctx.actor.tenantId, caseId, ...routing }, ctx.actor, ctx.now);
    }
    await refreshSearchDoc(trx, ctx.actor.tenantId, caseId);
    return null;
  });
  // Read back what routing and the other intake steps made of it (a replay reads the first request's case).
  const row = await loadVisibleCase(ctx.db, ctx.actor, replayOf ?? caseId);
  return { case: presentCase(row, ctx.actor, ctx.now), replayed: replayOf !== null };
}

async function findOrder(ctx: ServiceContext, respondentId: string, input: CaseIntakeInput) {
  if (!input.orderId && !input.orderNumber) return null;
  let q = ctx.db
    .selectFrom('orders')
    .select(['id', 'order_number', 'state', 'after_sales_deadline'])
    .where('tenant_id', '=', respondentId);
  q = input.orderId ? q.where('id', '=', input.orderId) : q.where('order_number', '=', input.orderNumber ?? '');
  const order = await q.executeTakeFirst();
  if (!order)
    throw new AppError('ORDER_NOT_FOUND', { orderId: input.orderId ?? null, orderNumber: input.orderNumber ?? null });
  return order;
}
