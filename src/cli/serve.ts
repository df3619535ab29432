import { startSmtpListener } from '../channels/smtp-listener.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { defaultWebDir } from '../http/routes/home.ts';
import { startWorkers } from '../jobs/worker.ts';
import { databaseIsEmpty, seedDemo } from '../services/seed-demo.ts';
import { startAdminSocket } from './admin-socket.ts';
import { shutdownGraceMs } from './shutdown.ts';
import { ensureWebBuilt } from './web-build.ts';

/** Opens the database, applies migrations, seeds demo data on an empty database, and serves until a signal. */
export async function serve(config: Config, opts: { demo: boolean; workers: boolean }) {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await database.migrate();
  const app = await buildApp({ config, database, logger: true });
  if (applied.length) app.log.info({ applied }, 'migrations applied');
  if (opts.demo && (await databaseIsEmpty(database.db))) {
    const seeded = await seedDemo(database.db, new Date(), config.evidenceDir);
    app.log.info(seeded, '已写入演示数据 / demo data seeded (password in README)');
  }
  const admin = database.kind === 'pglite' ? startAdminSocket(config.dataDir, database) : undefined;
  // Durable jobs (SLA sweep, webhooks, e-mail, audit anchor) run in this process unless --no-workers or
  // KESU_WORKERS=0: then `kesu worker` processes run them (needs PostgreSQL).
  const mailer = app.mailOut.mailer;
  const workers = !opts.workers
    ? undefined
    : await startWorkers({
        database,
        mailer,
        stopTimeoutMs: shutdownGraceMs(),
        auditAnchor: config.auditAnchor,
        onError: (err) => app.log.error({ err }, 'job failed'),
      });
  const smtp =
    config.smtpListen === undefined
      ? undefined
      : await startSmtpListener(
          { db: database.db, evidenceDir: config.evidenceDir, clock: () => new Date(), out: app.mailOut },
          { port: config.smtpListen, host: config.host, log: (msg, data) => app.log.info(data ?? {}, msg) },
        );
  if (smtp) app.log.info(`SMTP intake on port ${smtp.port}`);
  const grace = shutdownGraceMs();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal, graceMs: grace }, 'shutting down: draining requests and jobs');
    // Past the grace, cut the connections still open; a second grace later, give up on a clean exit.
    const cut = setTimeout(() => {
      app.log.warn('shutdown grace over: closing open connections');
      app.server.closeAllConnections();
    }, grace);
    const giveUp = setTimeout(
      () => {
        app.log.error('shutdown did not finish: exiting');
        process.exit(1);
      },
      grace * 2 + 5_000,
    );
    cut.unref();
    giveUp.unref();
    admin?.close();
    // Stop accepting; requests already in flight finish; new ones on kept-alive connections get 503 SHUTTING_DOWN.
    await app.close();
    await smtp?.close();
    await workers?.stop();
    await database.close();
    app.log.info('shut down cleanly');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Kesu 客诉 on http://localhost:${config.port} — database ${database.kind} (${database.location})`);
  // The web application is built on first start (in the background: the API answers meanwhile).
  if (process.env.KESU_WEB_BUILD !== '0') {
    void ensureWebBuilt(defaultWebDir, (msg) => app.log.info(msg)).then((r) => {
      if (r.built) app.log.info(`网页应用已构建 / web application built: open http://localhost:${config.port}/`);
      else if (r.reason !== 'present')
        app.log.error(`网页应用未能构建 / the web application could not be built: ${r.reason}. The API is served.`);
    });
  }
}
