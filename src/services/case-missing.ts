import { sql } from 'kysely';
import { missingFor } from '../domain/intake-requirements.ts';
import type { CaseKind, Category } from '../domain/vocabulary.ts';
import type { CaseWithOrder } from './case-view.ts';
import type { Actor, Executor } from './context.ts';
import { moveCase } from './move-case.ts';

/**
 * Recomputes what the complainant still owes after new details or evidence arrived. When nothing is missing
 * any more, a case waiting on the customer for it resumes by itself; so does a case an agent asked for more
 * (request_info) when the complainant answers through their link (`fromComplainant`).
 */
export async function refreshMissing(
  trx: Executor,
  c: CaseWithOrder,
  actor: Actor,
  now: Date,
  opts: { fromComplainant?: boolean } = {},
): Promise<string[]> {
  const images = await trx
    .selectFrom('evidence')
    .select(sql<number>`count(*)`.as('n'))
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .where('mime', 'like', 'image/%')
    .executeTakeFirstOrThrow();
  const missing = missingFor({
    kind: c.kind as CaseKind,
    category: c.category as Category | null,
    hasContact: Boolean(c.complainant_phone || c.complainant_email),
    hasOrder: c.order_id !== null,
    imageEvidenceCount: Number(images.n),
    hasExpectedResolution: c.expected_resolution !== null,
    reasonLength: [...c.reason.trim()].length,
    hasReviewRating: c.review_rating !== null,
  });
  const before = c.missing as unknown as string[];
  if (JSON.stringify(before) !== JSON.stringify(missing)) {
    await trx
      .updateTable('cases')
      .set({ missing: JSON.stringify(missing) })
      .where('tenant_id', '=', c.tenant_id)
      .where('id', '=', c.id)
      .execute();
  }
  const answered = before.length > 0 || opts.fromComplainant === true;
  const waitingOnlyForDetails = c.status === 'awaiting_customer' && answered && missing.length === 0;
  if (waitingOnlyForDetails) await moveCase(trx, c, 'customer_replied', actor, now, {});
  return missing;
}
