import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * The audit log is a per-tenant hash chain: hash = sha256(prev_hash + canonical row). Rows are written
 * unsealed inside each change's transaction; sealing links them in id order shortly after commit, under a
 * per-tenant advisory lock, so concurrent intake never queues on one tenant-wide row lock.
 */
const GENESIS = '0'.repeat(64);
const SEAL_BATCH = 500;

interface AuditRow {
  tenant_id: string;
  id: number;
  at: Date;
  actor_user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  chain_seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function auditHash(row: AuditRow, chainSeq: number, prevHash: string): string {
  const body = canonical({
    tenantId: row.tenant_id,
    id: row.id,
    at: row.at,
    actor: row.actor_user_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    chainSeq,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** Seals up to one batch of pending rows for a tenant; returns how many it sealed. Safe to run concurrently. */
export async function sealTenant(db: Kysely<DB>, tenantId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7216002, hashtext(${tenantId}))`.execute(trx);
    const last = await trx
      .selectFrom('audit_log')
      .select(['chain_seq', 'hash'])
      .where('tenant_id', '=', tenantId)
      .where('chain_seq', 'is not', null)
      .orderBy('chain_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const pending = (await trx
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('chain_seq', 'is', null)
      .orderBy('id')
      .limit(SEAL_BATCH)
      .execute()) as AuditRow[];
    if (pending.length === 0) return 0;
    let seq = last?.chain_seq ?? 0;
    let prev = last?.hash ?? GENESIS;
    const values = pending.map((row) => {
      seq += 1;
      const hash = auditHash(row, seq, prev);
      const v = sql`(${row.id}::bigint, ${seq}::bigint, ${prev}, ${hash})`;
      prev = hash;
      return v;
    });
    await sql`update audit_log a set chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
      from (values ${sql.join(values)}) as v(id, seq, prev, hash)
      where a.tenant_id = ${tenantId} and a.id = v.id`.execute(trx);
    return pending.length;
  });
}

export async function sealAll(db: Kysely<DB>): Promise<number> {
  const tenants = await db
    .selectFrom('audit_log')
    .select('tenant_id')
    .where('chain_seq', 'is', null)
    .distinct()
    .execute();
  let sealed = 0;
  for (const { tenant_id } of tenants) {
    for (let n = await sealTenant(db, tenant_id); n > 0; n = await sealTenant(db, tenant_id)) sealed += n;
  }
  return sealed;
}

export interface ChainReport {
  tenantId: string;
  sealedRows: number;
  unsealedRows: number;
  ok: boolean;
  /** The first row whose content, link or position does not match the chain: altered, inserted or after a gap. */
  firstBadRowId: number | null;
  problem: string | null;
}

export async function verifyTenant(db: Kysely<DB>, tenantId: string): Promise<ChainReport> {
  let seq = 0;
  let prev = GENESIS;
  for (;;) {
    const rows = (await db
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('chain_seq', '>', seq)
      .orderBy('chain_seq')
      .limit(2000)
      .execute()) as AuditRow[];
    for (const row of rows) {
      const bad = (problem: string) => ({
        tenantId,
        sealedRows: seq,
        unsealedRows: 0,
        ok: false,
        firstBadRowId: row.id,
        problem,
      });
      if (row.chain_seq !== seq + 1) return bad(`rows missing before chain position ${row.chain_seq}`);
      if (row.prev_hash !== prev) return bad('link to previous row broken');
      if (auditHash(row, seq + 1, prev) !== row.hash) return bad('row content altered');
      seq += 1;
      prev = row.hash;
    }
    if (rows.length < 2000) break;
  }
  const unsealed = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('chain_seq', 'is', null)
    .executeTakeFirstOrThrow();
  return { tenantId, sealedRows: seq, unsealedRows: Number(unsealed.n), ok: true, firstBadRowId: null, problem: null };
}

export async function verifyAll(db: Kysely<DB>): Promise<ChainReport[]> {
  const tenants = await db.selectFrom('audit_log').select('tenant_id').distinct().execute();
  const reports: ChainReport[] = [];
  for (const { tenant_id } of tenants) reports.push(await verifyTenant(db, tenant_id));
  return reports;
}

/** Seals soon after changes commit: coalesces bursts into one pass and never runs two passes at once. */
export class AuditSealer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly delayMs = 100,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}
  schedule(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.running = sealAll(this.db)
        .then(() => undefined, this.onError)
        .finally(() => {
          this.running = undefined;
          if (this.again) {
            this.again = false;
            this.schedule();
          }
        });
    }, this.delayMs);
  }
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.running;
    await sealAll(this.db).catch(this.onError);
  }
}
