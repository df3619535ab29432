import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import { type AnchorTarget, anchorIfDue } from '../services/audit-anchor.ts';
import type { Mailer } from '../services/mailer.ts';
import { type JobName, jobNames, jobs } from './run-once.ts';

const ANCHOR_JOB = 'kesu-audit-anchor';

export interface WorkerOptions {
  database: Database;
  mailer: Mailer;
  clock?: () => Date;
  /** How often each job is requested (ms). */
  tickMs?: number;
  onError?: (err: unknown) => void;
  /**
   * A job still active after this long is failed and retried by pg-boss. It is also how long a queue stays
   * blocked after a worker is killed mid-job (the `stately` policy lets one job be active at a time), so it is
   * short; every job body is bounded well inside it (sweep 5 s, webhooks 20 s + one request's timeout).
   */
  expireInSeconds?: number;
  /** How often pg-boss looks for expired jobs: with expireInSeconds, the longest stall after a crash. */
  maintenanceIntervalSeconds?: number;
  /** How long stop() lets running jobs finish before pg-boss gives up on them (ms; they are retried later). */
  stopTimeoutMs?: number;
  /** Write the daily audit anchor here (and post it); off when unset. */
  auditAnchor?: AnchorTarget | undefined;
}

export interface Workers {
  boss: PgBoss;
  stop(): Promise<void>;
}

/**
 * Durable jobs on pg-boss, the same on PostgreSQL and embedded PGlite: pg-boss talks to the database only
 * through the Kysely instance (its `db` option), so on PGlite its queries queue behind our transactions on the
 * one session, and on PostgreSQL they share the pool. pg-boss's own tables live in schema `pgboss`, created by
 * pg-boss's migrations on first start.
 *
 * Each job queue has the `stately` policy (at most one job waiting and one running), and a ticker asks for
 * every job each `tickMs`; several processes can run workers: the queue hands a job to one of them, and the
 * job bodies lock their rows with SKIP LOCKED anyway.
 */
export async function startWorkers(opts: WorkerOptions): Promise<Workers> {
  const { db } = opts.database;
  const clock = opts.clock ?? (() => new Date());
  const tickMs = opts.tickMs ?? 5_000;
  // pg-boss's stop() can resolve while a fetch it started is still returning jobs, which then run and report
  // completion after we closed the database. So stop() also waits for our own queries to go quiet, and a query
  // pg-boss sends after that is dropped (the job it would complete expires and is retried; bodies are idempotent).
  let queries = 0;
  let closed = false;
  let stopping = false;
  const boss = new PgBoss({
    db: {
      executeSql: async (text: string, values?: unknown[]) => {
        if (closed) return { rows: [], rowCount: 0 };
        queries += 1;
        try {
          const r = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
          return { rows: r.rows, rowCount: r.rows.length };
        } finally {
          queries -= 1;
        }
      },
    },
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (err) => opts.onError?.(err));
  await boss.start();
  for (const name of jobNames) {
    const queue = { name, policy: 'stately' as const, retryLimit: 2, expireInSeconds: opts.expireInSeconds ?? 60 };
    await boss.createQueue(name, queue);
    // Queues made by an earlier version keep their options unless told (createQueue leaves an existing one alone).
    await boss.updateQueue(name, queue);
    await boss.work(name, { pollingIntervalSeconds: Math.max(0.5, tickMs / 1000) }, async () => {
      // A job handed over by a fetch that raced stop() is skipped: every job is a sweep the next tick repeats.
      if (!stopping) await jobs[name as JobName](db, opts.mailer, clock());
    });
  }
  const names: string[] = [...jobNames];
  const anchor = opts.auditAnchor;
  if (anchor) {
    // Asked for every tick like the others; the body writes at most one anchor per UTC day and directory.
    const queue = { name: ANCHOR_JOB, policy: 'stately' as const, retryLimit: 2, expireInSeconds: 60 };
    await boss.createQueue(ANCHOR_JOB, queue);
    await boss.work(ANCHOR_JOB, { pollingIntervalSeconds: Math.max(0.5, tickMs / 1000) }, async () => {
      if (!stopping) await anchorIfDue(db, anchor, clock());
    });
    names.push(ANCHOR_JOB);
  }
  const request = async () => {
    for (const name of names) await boss.send(name, {}).catch((err) => opts.onError?.(err));
  };
  await request();
  const timer = setInterval(() => void request(), tickMs);
  timer.unref();
  return {
    boss,
    async stop() {
      clearInterval(timer);
      stopping = true;
      const timeout = opts.stopTimeoutMs ?? 10_000;
      const end = Date.now() + timeout;
      await boss.stop({ graceful: true, wait: true, timeout });
      // Quiet means no pg-boss query in flight for two polls in a row (a finished job's completion follows it).
      for (let quietPolls = 0; quietPolls < 2 && Date.now() < end; ) {
        await new Promise((r) => setTimeout(r, 50));
        quietPolls = queries === 0 ? quietPolls + 1 : 0;
      }
      closed = true;
    },
  };
}
