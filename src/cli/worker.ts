import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { startWorkers } from '../jobs/worker.ts';
import { createMailer } from '../services/mailer.ts';
import { shutdownGraceMs } from './shutdown.ts';

/**
 * `kesu worker`: the job workers without the HTTP server, for running more of them beside `kesu serve`.
 * Embedded PGlite belongs to one process (the server runs the workers itself), so this needs DATABASE_URL.
 */
export async function worker(config: Config) {
  if (!config.databaseUrl) {
    console.error(
      'kesu worker 需要 DATABASE_URL（内嵌数据库只属于一个进程，任务已在 kesu serve 中运行）\n' +
        'kesu worker needs DATABASE_URL: the embedded database belongs to one process, and `kesu serve` runs the jobs itself.',
    );
    process.exit(2);
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const mailer = createMailer(process.env.SMTP_URL);
  const tickMs = Number(process.env.KESU_TICK_MS ?? 5000);
  const seconds = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const workers = await startWorkers({
    database,
    mailer,
    tickMs,
    expireInSeconds: seconds('KESU_JOB_EXPIRE_SECONDS'),
    maintenanceIntervalSeconds: seconds('KESU_JOB_MAINTENANCE_SECONDS'),
    stopTimeoutMs: shutdownGraceMs(),
    auditAnchor: config.auditAnchor,
    onError: (err) => console.error(JSON.stringify({ level: 'error', msg: 'job failed', err: String(err) })),
  });
  console.log(JSON.stringify({ level: 'info', msg: 'kesu worker started', database: database.location }));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const grace = shutdownGraceMs();
    console.log(JSON.stringify({ level: 'info', msg: 'kesu worker stopping: letting running jobs finish', signal }));
    const giveUp = setTimeout(
      () => {
        console.error(JSON.stringify({ level: 'error', msg: 'kesu worker did not stop in time: exiting' }));
        process.exit(1);
      },
      grace * 2 + 5_000,
    );
    giveUp.unref();
    // No new jobs are fetched; running ones finish (up to the grace; an unfinished one is retried after expiry).
    await workers.stop();
    mailer.close();
    await database.close();
    console.log(JSON.stringify({ level: 'info', msg: 'kesu worker stopped cleanly' }));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
