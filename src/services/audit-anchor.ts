import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { type ChainReport, sealAll } from './audit-chain.ts';

/**
 * The audit anchor: each organisation's chain head (last position and hash) written somewhere the database
 * administrator cannot reach — a file copied off the machine, or a webhook to another party. A history
 * rewritten after an anchor, even with every hash recomputed, no longer has the anchored hash at that position.
 */
export interface ChainHead {
  tenantId: string;
  lastSeq: number;
  hash: string;
}
export interface Anchor {
  version: 1;
  anchoredAt: string;
  heads: ChainHead[];
}
export interface AnchorTarget {
  dir: string;
  /** POSTs the anchor as JSON here too (e.g. another organisation's notary service). */
  webhookUrl?: string | undefined;
}

const PREFIX = 'audit-anchor-';
const fileName = (at: Date) => `${PREFIX}${at.toISOString().replace(/[:.]/g, '-')}.json`;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);

export async function chainHeads(db: Kysely<DB>): Promise<ChainHead[]> {
  const rows = await sql<{ tenant_id: string; chain_seq: string | number; hash: string }>`
    select distinct on (tenant_id) tenant_id, chain_seq, hash from audit_log
    where chain_seq is not null order by tenant_id, chain_seq desc`.execute(db);
  return rows.rows.map((r) => ({ tenantId: r.tenant_id, lastSeq: Number(r.chain_seq), hash: r.hash }));
}

/** Seals what is pending, then writes (and posts) the heads. The file is written whole or not at all. */
export async function writeAnchor(db: Kysely<DB>, target: AnchorTarget, now: Date) {
  await sealAll(db);
  const anchor: Anchor = { version: 1, anchoredAt: now.toISOString(), heads: await chainHeads(db) };
  const body = JSON.stringify(anchor, null, 2);
  mkdirSync(target.dir, { recursive: true });
  const file = join(target.dir, fileName(now));
  writeFileSync(`${file}.tmp`, body);
  renameSync(`${file}.tmp`, file);
  if (target.webhookUrl) {
    const res = await fetch(target.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`audit anchor webhook answered ${res.status}`);
  }
  return { file, tenants: anchor.heads.length, posted: Boolean(target.webhookUrl) };
}

/** The daily job: one anchor per UTC day in this directory; running it again that day does nothing. */
export async function anchorIfDue(db: Kysely<DB>, target: AnchorTarget, now: Date) {
  const today = `${PREFIX}${dayOf(now)}`;
  const done = listAnchorFiles(target.dir).some((f) => f.startsWith(today));
  return done ? { file: null, tenants: 0, posted: false } : writeAnchor(db, target, now);
}

function listAnchorFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.startsWith(PREFIX) && f.endsWith('.json'))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export function readAnchors(dir: string): { file: string; anchor: Anchor }[] {
  return listAnchorFiles(dir).map((file) => {
    let anchor: Anchor;
    try {
      anchor = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Anchor;
    } catch {
      throw new AppError('AUDIT_ANCHOR_INVALID', { file });
    }
    const valid =
      anchor?.version === 1 &&
      Array.isArray(anchor.heads) &&
      anchor.heads.every(
        (h) => typeof h.tenantId === 'string' && Number.isInteger(h.lastSeq) && typeof h.hash === 'string',
      );
    if (!valid) throw new AppError('AUDIT_ANCHOR_INVALID', { file });
    return { file, anchor };
  });
}

/**
 * Marks a chain report failed when an anchored head is no longer in the chain: the row at the anchored
 * position is gone or has another hash. Returns the reports with `anchorsChecked` filled in; an organisation
 * whose rows were all deleted gets a failing report of its own.
 */
export async function checkAnchors(
  db: Kysely<DB>,
  reports: ChainReport[],
  anchors: { file: string; anchor: Anchor }[],
): Promise<(ChainReport & { anchorsChecked: number })[]> {
  const out = new Map(reports.map((r) => [r.tenantId, { ...r, anchorsChecked: 0 }]));
  for (const { file, anchor } of anchors) {
    for (const head of anchor.heads) {
      const report = out.get(head.tenantId) ?? {
        tenantId: head.tenantId,
        sealedRows: 0,
        unsealedRows: 0,
        ok: true,
        firstBadRowId: null,
        problem: null,
        anchorsChecked: 0,
      };
      out.set(head.tenantId, report);
      report.anchorsChecked += 1;
      if (!report.ok) continue;
      const row = await db
        .selectFrom('audit_log')
        .select(['id', 'hash'])
        .where('tenant_id', '=', head.tenantId)
        .where('chain_seq', '=', head.lastSeq)
        .executeTakeFirst();
      if (row?.hash === head.hash) continue;
      report.ok = false;
      report.firstBadRowId = row ? Number(row.id) : null;
      report.problem = row
        ? `history rewritten after anchor ${file} (${anchor.anchoredAt}): position ${head.lastSeq} has another hash`
        : `history truncated after anchor ${file} (${anchor.anchoredAt}): position ${head.lastSeq} is gone`;
    }
  }
  return [...out.values()];
}
