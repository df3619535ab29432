import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from '../../src/jobs/worker.ts';
import { createMailer } from '../../src/services/mailer.ts';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, orderBody, type World } from '../support/world.ts';

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting for the worker');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(testDatabases())('pg-boss workers on $name', ({ open }) => {
  let w: World;
  let workers: Workers | undefined;
  beforeAll(async () => {
    w = await buildWorld(await open(), new Date('2026-09-18T09:00:00Z'));
  });
  afterAll(async () => {
    await workers?.stop();
    await w?.close();
  });

  it('runs pg-boss’s own migrations and escalates a breached case through its queues', async () => {
    const admin = w.tokens['merchantA:admin']!;
    await w.req(admin, 'POST', '/api/v1/sla/policies', {
      targets: { first_response: { amount: 30, unit: 'working_minutes' } },
      onBreach: ['escalate'],
    });
    const agent = w.tokens['merchantA:agent']!;
    const order = await w.req(agent, 'POST', '/api/v1/orders', orderBody());
    const c = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ orderNumber: order.body.orderNumber })))
      .body;
    expect(c.sla.targets.first_response.dueAt).toBe('2026-09-18T09:30:00.000Z');

    // The workers' clock is past the due time; the HTTP clock stays where it is.
    workers = await startWorkers({
      database: w.database,
      mailer: createMailer(undefined),
      clock: () => new Date('2026-09-20T02:00:00Z'),
      tickMs: 500,
    });
    const version = await w.database.db
      .selectFrom('pgboss.version' as never)
      .select('version' as never)
      .executeTakeFirst();
    expect(version).toBeDefined();
    const escalated = await until(async () => {
      const got = await w.req(agent, 'GET', `/api/v1/cases/${c.id}`);
      return got.body.status === 'escalated' ? got.body : undefined;
    });
    expect(escalated.statusReason).toBe('SLA_BREACHED:first_response');
    const outbox = await until(async () => {
      const left = await w.database.db.selectFrom('outbox').select('id').where('delivered_at', 'is', null).execute();
      return left.length === 0 ? true : undefined;
    });
    expect(outbox).toBe(true);
  });
});
