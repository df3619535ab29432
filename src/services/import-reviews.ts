import type { Selectable } from 'kysely';
import type { ReviewsTable } from '../db/schema-import.ts';
import { AppError } from '../domain/errors.ts';
import { parseChinaTime, parseRating, parseRevised } from '../domain/import-values.ts';
import { isBadReview } from '../domain/review-rules.ts';
import { classifyText } from '../text/classify.ts';
import type { ServiceContext } from './context.ts';
import type { RowError, RowOf, RowReader } from './import-rows.ts';
import type { BatchOutcome, ImportJobInfo } from './import-types.ts';
import { intakeCase } from './intake-case.ts';
import { recordCaseChange } from './record.ts';

export interface ReviewRecord {
  externalId: string;
  orderNumber: string | null;
  productName: string | null;
  sku: string | null;
  reviewerName: string | null;
  rating: number | null;
  text: string;
  shopReply: string | null;
  revised: boolean;
  postedAt: Date | null;
}

export function parseReviewRow(r: RowReader): ReviewRecord | null {
  const externalId = r.text('externalId', { required: true, max: 128 });
  const orderNumber = r.text('orderNumber', { max: 64 });
  const productName = r.text('productName', { max: 200 });
  const sku = r.text('sku', { max: 64 });
  const reviewerName = r.text('reviewerName', { max: 100 });
  const rating = r.parsed('rating', parseRating);
  const text = r.text('text', { max: 10_000 }) ?? '';
  const shopReply = r.text('shopReply', { max: 10_000 });
  const revised = r.parsed('revised', parseRevised);
  const postedAt = r.parsed('postedAt', parseChinaTime);
  if (rating === null && !text && r.errors.length === 0) r.errors.push({ field: 'rating', code: 'REQUIRED' });
  if (r.errors.length > 0 || !externalId || rating === undefined) return null;
  return {
    externalId,
    orderNumber,
    productName,
    sku,
    reviewerName,
    rating,
    text,
    shopReply,
    revised: revised ?? false,
    postedAt: postedAt ?? null,
  };
}

const same = (a: Selectable<ReviewsTable>, r: ReviewRecord, orderId: string | null) =>
  a.order_id === orderId &&
  a.product_name === r.productName &&
  a.sku === r.sku &&
  a.reviewer_name === r.reviewerName &&
  a.rating === r.rating &&
  a.text === r.text &&
  a.shop_reply === r.shopReply &&
  a.revised === r.revised &&
  (a.posted_at?.getTime() ?? null) === (r.postedAt?.getTime() ?? null);

/** Without a rating the text decides (the sentiment model of src/text, as in classification). */
function negativeText(text: string): boolean | null {
  if (!text.trim()) return null;
  return classifyText(text, 'bad_review').sentiment?.label === 'negative';
}

/**
 * Reviews are stored by external id. A bad one (1–2 stars, or no rating and negative text) becomes a bad_review
 * case linked to the order and product, once; a later import where the buyer revised it (追评/是否修改) or the
 * rating changed writes a `review_revised` event on that case.
 */
export async function writeReviewRows(
  ctx: ServiceContext,
  job: ImportJobInfo,
  rows: RowOf<ReviewRecord>[],
): Promise<BatchOutcome & { errors: RowError[] }> {
  const out = { created: 0, updated: 0, unchanged: 0, errors: [] as RowError[] };
  const numbers = [...new Set(rows.map((r) => r.record.orderNumber).filter((n): n is string => n !== null))];
  const orders =
    numbers.length > 0
      ? await ctx.db
          .selectFrom('orders')
          .select(['id', 'order_number', 'buyer_name', 'buyer_phone'])
          .where('tenant_id', '=', job.tenantId)
          .where('order_number', 'in', numbers)
          .execute()
      : [];
  const byNumber = new Map(orders.map((o) => [o.order_number, o]));
  const existing = await ctx.db
    .selectFrom('reviews')
    .selectAll()
    .where('tenant_id', '=', job.tenantId)
    .where(
      'external_id',
      'in',
      rows.map((r) => r.record.externalId),
    )
    .execute();
  const byExternal = new Map(existing.map((r) => [r.external_id, r]));
  for (const { rowNumber, record: r, raw } of rows) {
    const order = r.orderNumber ? byNumber.get(r.orderNumber) : undefined;
    if (r.orderNumber && !order) {
      out.errors.push({ rowNumber, field: 'orderNumber', code: 'ORDER_NOT_FOUND', raw });
      continue;
    }
    const prior = byExternal.get(r.externalId);
    const orderId = order?.id ?? null;
    if (prior && same(prior, r, orderId)) {
      out.unchanged++;
      continue;
    }
    const bad = isBadReview(r.rating, r.rating === null ? negativeText(r.text) : null);
    let caseId = prior?.case_id ?? null;
    if (bad && !caseId) caseId = await openBadReviewCase(ctx, r, order ?? null);
    const values = {
      order_id: orderId,
      order_number: r.orderNumber,
      product_name: r.productName,
      sku: r.sku,
      reviewer_name: r.reviewerName,
      rating: r.rating,
      text: r.text,
      shop_reply: r.shopReply,
      revised: r.revised,
      posted_at: r.postedAt,
      case_id: caseId,
      updated_at: ctx.now,
    };
    await ctx.db.transaction().execute(async (trx) => {
      if (!prior) {
        await trx
          .insertInto('reviews')
          .values({ tenant_id: job.tenantId, external_id: r.externalId, created_at: ctx.now, ...values })
          .execute();
        return;
      }
      await trx
        .updateTable('reviews')
        .set(values)
        .where('tenant_id', '=', job.tenantId)
        .where('id', '=', prior.id)
        .execute();
      const revisedNow = prior.revised !== r.revised || prior.rating !== r.rating || prior.text !== r.text;
      if (caseId && prior.case_id === caseId && revisedNow) {
        const change = { rating: r.rating, revised: r.revised, text: r.text };
        await recordCaseChange(trx, {
          caseTenantId: job.tenantId,
          caseId,
          actorTenantId: ctx.actor.tenantId,
          actorUserId: ctx.actor.userId,
          at: ctx.now,
          event: {
            type: 'review_revised',
            data: {
              reviewId: prior.id,
              importId: job.id,
              before: { rating: prior.rating, revised: prior.revised },
              after: change,
            },
          },
          audit: {
            action: 'review.update',
            before: { rating: prior.rating, revised: prior.revised, text: prior.text },
            after: change,
          },
          topic: 'case.review_revised',
        });
        if (r.revised && !prior.revised)
          await trx
            .updateTable('revision_requests')
            .set({ outcome: 'revised', answered_at: ctx.now })
            .where('tenant_id', '=', job.tenantId)
            .where('case_id', '=', caseId)
            .where('outcome', 'is', null)
            .execute();
      }
    });
    if (prior) out.updated++;
    else out.created++;
  }
  return out;
}

async function openBadReviewCase(
  ctx: ServiceContext,
  r: ReviewRecord,
  order: { order_number: string; buyer_name: string; buyer_phone: string | null } | null,
): Promise<string> {
  const input = {
    kind: 'bad_review' as const,
    channel: 'review' as const,
    ...(order ? { orderNumber: order.order_number } : {}),
    complainant: {
      name: (order?.buyer_name ?? r.reviewerName ?? '匿名买家').slice(0, 100),
      ...(order?.buyer_phone ? { phone: order.buyer_phone } : {}),
    },
    reason: r.text || `${r.rating ?? '?'}星评价（无文字）${r.productName ? `：${r.productName}` : ''}`,
    ...(r.rating !== null ? { reviewRating: r.rating } : {}),
  };
  const key = `import:review:${r.externalId}`;
  try {
    return (await intakeCase(ctx, input, key)).case.id;
  } catch (err) {
    // The review was taken in before (an import that stopped between the case and the review row): same case.
    if (!(err instanceof AppError) || err.code !== 'IDEMPOTENCY_KEY_REUSED') throw err;
    const prior = await ctx.db
      .selectFrom('idempotency_keys')
      .select('case_id')
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    return prior.case_id;
  }
}
