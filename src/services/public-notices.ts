import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { decodeCursor, splitPage } from './pagination.ts';

/**
 * The public notice board (公示): active public-notice sanctions across platforms — not revoked, started, not
 * ended — with the platform's and member's names, the text and the cited case numbers. Nothing about
 * complainants is selected. Newest first by start, keyset-paginated.
 */
export async function listPublicNotices(db: Kysely<DB>, now: Date, f: { limit: number; cursor?: string | undefined }) {
  let q = db
    .selectFrom('sanctions as s')
    .innerJoin('tenants as p', 'p.id', 's.tenant_id')
    .innerJoin('tenants as m', 'm.id', 's.member_tenant_id')
    .select([
      's.tenant_id',
      's.id',
      's.public_text',
      's.starts_at',
      's.ends_at',
      'p.name as platform_name',
      'm.name as member_name',
    ])
    .where('s.type', '=', 'public_notice')
    .where('s.revoked_at', 'is', null)
    .where('s.starts_at', '<=', now)
    .where((eb) => eb.or([eb('s.ends_at', 'is', null), eb('s.ends_at', '>', now)]))
    .orderBy('s.starts_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(f.limit + 1);
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    q = q.where((eb) => eb(eb.refTuple('s.starts_at', 's.id'), '<', eb.tuple(c.at, c.id)));
  }
  const rows = await q.execute();
  const { page, nextCursor } = splitPage(rows, f.limit, (r) => [r.starts_at, r.id]);
  const numbers = page.length
    ? await db
        .selectFrom('sanction_cases as sc')
        .innerJoin('cases as c', (j) =>
          j.onRef('c.tenant_id', '=', 'sc.case_tenant_id').onRef('c.id', '=', 'sc.case_id'),
        )
        .select(['sc.sanction_id', sql<string>`c.case_number`.as('case_number')])
        .where(
          'sc.tenant_id',
          'in',
          page.map((r) => r.tenant_id),
        )
        .where(
          'sc.sanction_id',
          'in',
          page.map((r) => r.id),
        )
        .orderBy('c.case_number')
        .execute()
    : [];
  return {
    items: page.map((r) => ({
      id: r.id,
      platformName: r.platform_name,
      memberName: r.member_name,
      text: r.public_text ?? '',
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at?.toISOString() ?? null,
      caseNumbers: numbers.filter((n) => n.sanction_id === r.id).map((n) => n.case_number),
    })),
    nextCursor,
  };
}
