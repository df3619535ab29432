import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhooks, dispatchOutbox } from '../../src/services/webhook-delivery.ts';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, type World } from '../support/world.ts';

/**
 * A delivery run is bounded: it stops starting requests after its budget and hands back the leases it did not
 * use, so a lease always outlives the run that holds it and no other run can post the same delivery meanwhile.
 */
describe.each(testDatabases())('webhook runs within a time budget on $name', ({ open }) => {
  let w: World;
  let srv: Server;
  const ids: string[] = [];
  beforeAll(async () => {
    w = await buildWorld(await open());
    srv = createServer((req, res) => {
      ids.push(String(req.headers['webhook-id']));
      req.resume();
      req.on('end', () => setTimeout(() => res.writeHead(204).end(), 300));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    srv?.close();
    await w?.close();
  });

  it('posts what fits in the budget, releases the rest at once, and the next run sends those', async () => {
    const admin = w.tokens['merchantA:admin']!;
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`;
    expect(
      (await w.req(admin, 'POST', '/api/v1/webhooks/endpoints', { url, eventTypes: ['case.created'] })).status,
    ).toBe(201);
    for (let i = 0; i < 5; i++)
      expect((await w.req(w.tokens['merchantA:agent']!, 'POST', '/api/v1/cases', complaintBody())).status).toBe(201);
    await dispatchOutbox(w.database.db, w.now);

    const first = await deliverWebhooks(w.database.db, w.now, { budgetMs: 450 });
    expect(first.delivered).toBeGreaterThanOrEqual(1);
    expect(first.delivered).toBeLessThan(5);
    expect(first.delivered + first.released).toBe(5);
    const rows = await w.database.db.selectFrom('webhook_deliveries').select(['status', 'locked_until']).execute();
    expect(rows.filter((r) => r.status === 'pending')).toHaveLength(first.released);
    expect(rows.every((r) => r.locked_until === null)).toBe(true);

    const rest = await deliverWebhooks(w.database.db, w.now);
    expect(rest).toMatchObject({ delivered: first.released, failed: 0, released: 0 });
    expect(new Set(ids).size).toBe(5);
    expect(ids).toHaveLength(5);
  });
});
