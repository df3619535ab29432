import { sql } from 'kysely';
import { runSlaSweep } from '../src/services/sla-sweep.ts';
import {
  addTenant,
  addUsers,
  createBenchDb,
  envNumber,
  machine,
  round,
  serverVersion,
  writeResult,
} from './support.ts';

/**
 * `npm run bench -- sla`: BENCH_SLA_CASES open cases (default 1,000,000) with running clocks on PostgreSQL, of which
 * BENCH_SLA_DUE (default 2,000) have reached their due time. Measures one full sweep until nothing is left to do,
 * and an idle sweep (nothing due) over the same million clocks.
 */
export async function slaBench() {
  const total = envNumber('BENCH_SLA_CASES', 1_000_000);
  const due = envNumber('BENCH_SLA_DUE', 2_000);
  const bench = await createBenchDb(12);
  const { database } = bench;
  const db = database.db;
  try {
    const tenant = await addTenant(database, 'bench-m', '压测商家', 'merchant', null);
    await addUsers(database, tenant, ['sup@bench.test'], 'supervisor');
    const policy = await db
      .insertInto('sla_policies')
      .values({
        tenant_id: tenant,
        name: 'bench',
        priority: 0,
        targets: JSON.stringify({ first_response: { amount: 2, unit: 'working_hours' } }),
        on_breach: JSON.stringify(['notify_supervisor', 'raise_severity', 'escalate']),
        active: true,
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = new Date('2026-09-21T06:00:00Z');
    const loadStart = Date.now();
    await sql`insert into cases (tenant_id, case_number, kind, channel, status, respondent_tenant_id, complainant_name,
        reason, created_at, updated_at)
      select ${tenant}::uuid, 'B-' || g, 'complaint', 'hotline', 'submitted', ${tenant}::uuid, '张三', '压测投诉',
        ${now}::timestamptz - interval '1 day', ${now}::timestamptz - interval '1 day'
      from generate_series(1, ${total}::int) g`.execute(db);
    // The first `due` cases are past due; the rest are due next week.
    await sql`insert into case_sla (tenant_id, case_id, target, policy_id, clock, started_at, budget_minutes, due_at,
        warn_at, next_check_at)
      select c.tenant_id, c.id, 'first_response', ${policy.id}::uuid, 'working', c.created_at, 120, d, d, d
      from (select tenant_id, id, created_at, row_number() over () as n from cases) c,
        lateral (select case when c.n <= ${due} then ${now}::timestamptz - interval '1 minute'
                             else ${now}::timestamptz + interval '7 days' end as d) x`.execute(db);
    await sql`analyze`.execute(db);
    const loadSeconds = (Date.now() - loadStart) / 1000;

    const t0 = performance.now();
    const concurrency = envNumber('BENCH_SLA_CONCURRENCY', 1);
    const full = await runSlaSweep(db, now, { batchSize: 100, budgetMs: 600_000, concurrency });
    const fullSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const idle = await runSlaSweep(db, now, { batchSize: 500, budgetMs: 600_000 });
    const idleMs = performance.now() - t1;
    const escalated = await db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'escalated')
      .executeTakeFirstOrThrow();
    const result = {
      bench: 'sla',
      at: new Date().toISOString(),
      machine: machine(),
      postgres: await serverVersion(bench.url),
      openCases: total,
      dueClocks: due,
      concurrency,
      onBreach: ['notify_supervisor', 'raise_severity', 'escalate'],
      loadSeconds: round(loadSeconds, 1),
      fullSweep: { seconds: round(fullSeconds, 2), ...full, perClockMs: round((fullSeconds * 1000) / due, 2) },
      idleSweepMs: round(idleMs, 1),
      idle,
      escalatedCases: Number(escalated.n),
      targetSeconds: 10,
      pass: fullSeconds < 10,
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`wrote ${writeResult('sla', result)}`);
    return result;
  } finally {
    await bench.drop();
  }
}
