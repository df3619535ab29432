import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { complaint, postCases, postCasesInWorker } from './intake-client.ts';
import { runLoops } from './loops.ts';
import {
  addTenant,
  addUsers,
  createBenchDb,
  envNumber,
  machine,
  revision,
  round,
  serverVersion,
  startServer,
  summarize,
  tokenFor,
  withClient,
  writeResult,
} from './support.ts';

const CONCURRENCY = 8;
const RATIO_GOAL = 0.5;
const P99_GOAL_MS = 30;

const RAW_INSERT = `INSERT INTO cases (tenant_id, case_number, kind, channel, status, respondent_tenant_id, platform_tenant_id,
  complainant_name, complainant_phone, reason, expected_resolution, category, severity, missing)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`;

/**
 * Intake throughput: 8 HTTP clients filing complaints through the real API, against 8 pg clients doing one
 * autocommitted INSERT of an equivalent cases row each. Same database, same duration, one after the other.
 */
export async function intakeBench() {
  const seconds = envNumber('BENCH_SECONDS', 20);
  const warmupSeconds = envNumber('BENCH_WARMUP_SECONDS', 2);
  const clientMode = process.env.BENCH_CLIENT === 'inline' ? 'inline' : 'worker';
  const started = performance.now();
  const bench = await createBenchDb(10);
  try {
    const { database, url } = bench;
    const platform = await addTenant(database, 'bench-plat', '基准平台', 'platform', null);
    const merchant = await addTenant(database, 'bench-shop', '基准旗舰店', 'merchant', platform);
    await addUsers(database, merchant, ['agent@bench-shop.test']);
    const token = await tokenFor(database, 'agent@bench-shop.test');
    const { app, base } = await startServer(database, url);

    await withClient(url, (c) => c.query('CHECKPOINT'));
    const job = { base, token, clients: CONCURRENCY, seconds, warmupSeconds };
    const http = await (clientMode === 'worker' ? postCasesInWorker(job) : postCases(job));
    await app.close(); // flushes the audit sealer
    const httpRows = await withClient(url, async (c) => {
      const r = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE tenant_id = $1', [merchant]);
      return r.rows[0]?.n ?? 0;
    });

    await withClient(url, (c) => c.query('CHECKPOINT'));
    const clients = await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    // Round-trip baseline on this box: what 8 clients get from the server for a trivial statement.
    const ping = await runLoops(CONCURRENCY, 3, 0.5, async (loop) => {
      await clients[loop]?.query('SELECT 1');
      return null;
    });
    const raw = await runLoops(CONCURRENCY, seconds, warmupSeconds, async (loop, i) => {
      const b = complaint(loop, i);
      await clients[loop]?.query(RAW_INSERT, [
        merchant,
        `RAW-${loop}-${i}`,
        b.kind,
        b.channel,
        'submitted',
        merchant,
        platform,
        b.complainant.name,
        b.complainant.phone,
        b.reason,
        b.expectedResolution,
        b.category,
        b.severity,
        '[]',
      ]);
      return null;
    });
    await Promise.all(clients.map((c) => c.end()));

    const h = summarize(http.latencies);
    const r = summarize(raw.latencies);
    const created = await withClient(url, async (c) => {
      const q = await c.query<{ events: number; audit: number; unsealed: number }>(
        `SELECT (SELECT count(*)::int FROM case_events) AS events, (SELECT count(*)::int FROM audit_log) AS audit,
          (SELECT count(*)::int FROM audit_log WHERE chain_seq IS NULL) AS unsealed`,
      );
      return q.rows[0];
    });
    const casesPerSec = round(http.ok / http.elapsedSeconds, 1);
    const rawPerSec = round(raw.ok / raw.elapsedSeconds, 1);
    const ratio = round(casesPerSec / rawPerSec, 3);
    const result = {
      bench: 'intake',
      timestamp: new Date().toISOString(),
      durationSeconds: seconds,
      warmupSeconds,
      concurrency: CONCURRENCY,
      clientMode,
      casesPerSec,
      rawPerSec,
      ratio,
      p50Ms: h.p50Ms,
      p99Ms: h.p99Ms,
      http: { ...h, created: http.ok, errors: http.errors, firstError: http.firstError },
      rawP50Ms: r.p50Ms,
      raw: { ...r, inserted: raw.ok, errors: raw.errors, firstError: raw.firstError },
      errors: http.errors + raw.errors,
      calibration: { selectOnePerSec: round(ping.ok / ping.elapsedSeconds, 1) },
      rows: {
        httpRowsInDb: httpRows,
        caseEvents: created?.events ?? 0,
        auditRows: created?.audit ?? 0,
        unsealedAuditRows: created?.unsealed ?? 0,
        http201Total: http.ok + http.warmupOk,
        every201HasRow: httpRows === http.ok + http.warmupOk,
      },
      goals: {
        ratioGoal: RATIO_GOAL,
        p99GoalMs: P99_GOAL_MS,
        ratioMet: ratio >= RATIO_GOAL,
        p99Met: h.p99Ms < P99_GOAL_MS,
      },
      machine: { ...machine(), postgres: await serverVersion(url) },
      revision: revision(),
      benchWallSeconds: round((performance.now() - started) / 1000, 1),
    };
    const file = writeResult('intake', result);
    console.log(
      `intake: ${casesPerSec} cases/s vs raw ${rawPerSec} rows/s → ratio ${ratio} (goal ≥ ${RATIO_GOAL}: ${result.goals.ratioMet ? 'met' : 'MISSED'}), ` +
        `p50 ${h.p50Ms} ms, p99 ${h.p99Ms} ms (goal < ${P99_GOAL_MS}: ${result.goals.p99Met ? 'met' : 'MISSED'}), ` +
        `errors ${result.errors}, rows ok ${result.rows.every201HasRow} → ${file}`,
    );
    return result;
  } finally {
    await bench.drop();
  }
}
