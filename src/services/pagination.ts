import { AppError } from '../domain/errors.ts';
import { isUuid } from './case-queries.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursor over (created_at desc, id desc): stable under inserts, no OFFSET scans. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/**
 * The page of a keyset query fetched with `limit + 1` rows: the first `limit` rows, and the cursor after the last of
 * them when the extra row shows there is more.
 */
export function splitPage<R>(
  rows: R[],
  limit: number,
  key: (row: R) => [Date, string],
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(...key(last)) : null };
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    // Only what encodeCursor makes: a forged id or date must not reach SQL (it would fail there as another error).
    const year = d.getUTCFullYear();
    if (typeof id !== 'string' || !isUuid(id) || Number.isNaN(year) || year < 1 || year > 9999)
      throw new Error('bad cursor');
    return { at: d, id };
  } catch {
    throw new AppError('INVALID_CURSOR');
  }
}
