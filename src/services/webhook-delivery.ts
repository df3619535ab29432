import { sql } from 'kysely';
import type { Executor } from './context.ts';
import { sign } from './webhook-signing.ts';

/** Retries back off exponentially: 30 s, 1 min, 2 min … ; after the last try a delivery is dead-lettered. */
export const MAX_ATTEMPTS = 10;
export const backoffMs = (attempt: number) => 30_000 * 2 ** (attempt - 1);
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
/** How long one run keeps starting requests: with one request's timeout, well inside the lease. */
const BUDGET_MS = 20_000;

/**
 * Turns outbox events into one delivery per subscribed endpoint. The unique (endpoint, outbox event) key makes
 * it idempotent; rows are taken with SKIP LOCKED so several workers can share the outbox.
 */
export async function dispatchOutbox(db: Executor, now: Date, batchSize = 500) {
  return db.transaction().execute(async (trx) => {
    const events = await sql<{ tenant_id: string; id: number; topic: string; payload: unknown; created_at: Date }>`
      select tenant_id, id, topic, payload, created_at from outbox where delivered_at is null
      order by id limit ${batchSize} for update skip locked`.execute(trx);
    if (events.rows.length === 0) return { events: 0, deliveries: 0 };
    const tenants = [...new Set(events.rows.map((e) => e.tenant_id))];
    const endpoints = await trx
      .selectFrom('webhook_endpoints')
      .select(['tenant_id', 'id', 'event_types'])
      .where('tenant_id', 'in', tenants)
      .where('active', '=', true)
      .execute();
    const values = events.rows.flatMap((e) =>
      endpoints
        .filter((p) => p.tenant_id === e.tenant_id)
        .filter((p) => {
          const types = p.event_types as unknown as string[];
          return types.includes('*') || types.includes(e.topic);
        })
        .map((p) => ({
          tenant_id: e.tenant_id,
          endpoint_id: p.id,
          outbox_id: e.id,
          event_type: e.topic,
          payload: JSON.stringify({ type: e.topic, timestamp: new Date(e.created_at).toISOString(), data: e.payload }),
          next_attempt_at: now,
          created_at: now,
        })),
    );
    if (values.length) {
      await trx
        .insertInto('webhook_deliveries')
        .values(values)
        .onConflict((oc) => oc.columns(['tenant_id', 'endpoint_id', 'outbox_id']).doNothing())
        .execute();
    }
    await trx
      .updateTable('outbox')
      .set({ delivered_at: now })
      .where(
        'id',
        'in',
        events.rows.map((e) => e.id),
      )
      .execute();
    return { events: events.rows.length, deliveries: values.length };
  });
}

interface Leased {
  tenant_id: string;
  id: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Sends due deliveries. Each is leased in a short transaction (locked_until), posted outside it (no database
 * session waits on the network), then recorded with its attempt. `webhook-id` stays the same across retries
 * so receivers can drop duplicates.
 *
 * A run stops posting after `budgetMs` and hands back the leases it did not use. The lease must outlive the run
 * that holds it (budget + one request's timeout < LEASE_MS): before this bound, 50 slow endpoints (10 s each)
 * kept a run going for minutes, its later leases expired meanwhile, and the next run (pg-boss expires a job
 * after `expireInSeconds` and starts another) posted and recorded the same deliveries a second time.
 */
export async function deliverWebhooks(db: Executor, now: Date, opts: { batchSize?: number; budgetMs?: number } = {}) {
  const batchSize = opts.batchSize ?? 50;
  const stopAt = Date.now() + (opts.budgetMs ?? BUDGET_MS);
  const leased = await db.transaction().execute(async (trx) => {
    const rows = await sql<Leased>`
      select d.tenant_id, d.id, d.payload, d.attempts, e.url, e.secret
      from webhook_deliveries d join webhook_endpoints e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id
      where d.status = 'pending' and d.next_attempt_at <= ${now} and (d.locked_until is null or d.locked_until < ${now})
      order by d.next_attempt_at limit ${batchSize} for update of d skip locked`.execute(trx);
    for (const r of rows.rows) await setLease(trx, r, new Date(now.getTime() + LEASE_MS));
    return rows.rows;
  });
  let delivered = 0;
  let failed = 0;
  let i = 0;
  for (; i < leased.length && Date.now() < stopAt; i++) {
    const ok = await attempt(db, leased[i] as Leased, now);
    if (ok) delivered++;
    else failed++;
  }
  const unused = leased.slice(i);
  for (const d of unused) await setLease(db, d, null);
  return { delivered, failed, released: unused.length };
}

async function setLease(db: Executor, d: { tenant_id: string; id: string }, until: Date | null) {
  await db
    .updateTable('webhook_deliveries')
    .set({ locked_until: until })
    .where('tenant_id', '=', d.tenant_id)
    .where('id', '=', d.id)
    .execute();
}

async function attempt(db: Executor, d: Leased, now: Date): Promise<boolean> {
  const body = JSON.stringify(d.payload);
  // The signature's timestamp is transport time (receivers compare it with their own clock), not business time.
  const timestamp = Math.floor(Date.now() / 1000);
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kesu-Webhooks/1',
        'webhook-id': d.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(d.secret, d.id, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    statusCode = res.status;
    await res.body?.cancel();
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (err) {
    error = (err as Error).message.slice(0, 500);
  }
  const ok = error === null;
  const attempts = d.attempts + 1;
  const dead = !ok && attempts >= MAX_ATTEMPTS;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        tenant_id: d.tenant_id,
        delivery_id: d.id,
        at: now,
        status_code: statusCode,
        error,
        duration_ms: Date.now() - started,
      })
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({
        attempts,
        status: ok ? 'delivered' : dead ? 'dead' : 'pending',
        last_status_code: statusCode,
        last_error: error,
        locked_until: null,
        ...(ok ? { delivered_at: now } : { next_attempt_at: new Date(now.getTime() + backoffMs(attempts)) }),
      })
      .where('tenant_id', '=', d.tenant_id)
      .where('id', '=', d.id)
      .execute();
  });
  return ok;
}
