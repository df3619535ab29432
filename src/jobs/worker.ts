import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import type { Mailer } from '../services/mailer.ts';
import { type JobName, jobNames, jobs } from './run-once.ts';

export interface WorkerOptions {
  database: Database;
  mailer: Mailer;
  clock?: () => Date;
  /** How often each job is requested (ms). */
  tickMs?: number;
  onError?: (err: unknown) => void;
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
  const boss = new PgBoss({
    db: {
      executeSql: async (text: string, values?: unknown[]) => {
        const r = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
        return { rows: r.rows, rowCount: r.rows.length };
      },
    },
    schedule: false,
    supervise: true,
  });
  boss.on('error', (err) => opts.onError?.(err));
  await boss.start();
  for (const name of jobNames) {
    await boss.createQueue(name, { name, policy: 'stately', retryLimit: 2, expireInSeconds: 120 });
    await boss.work(name, { pollingIntervalSeconds: Math.max(0.5, tickMs / 1000) }, async () => {
      await jobs[name as JobName](db, opts.mailer, clock());
    });
  }
  const request = async () => {
    for (const name of jobNames) await boss.send(name, {}).catch((err) => opts.onError?.(err));
  };
  await request();
  const timer = setInterval(() => void request(), tickMs);
  timer.unref();
  return {
    boss,
    async stop() {
      clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
