import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll, verifyAll, verifyTenant } from '../../src/services/audit-chain.ts';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, type World } from '../support/world.ts';

describe.each(testDatabases())('audit hash chain on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
    const agent = w.tokens['merchantA:agent']!;
    for (let i = 0; i < 4; i++) {
      const c = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }));
      await w.req(agent, 'POST', `/api/v1/cases/${c.body.id}/actions`, { action: 'accept' });
    }
    await sealAll(w.database.db);
  });
  afterAll(async () => w?.close());

  it('writes an audit row for every change in the same transaction and seals them into a verifiable chain', async () => {
    const report = await verifyTenant(w.database.db, w.tenants.merchantA);
    expect(report).toMatchObject({ ok: true, sealedRows: 8, unsealedRows: 0, firstBadRowId: null });
  });

  it('names the first altered row when a sealed row is changed behind the application’s back', async () => {
    const rows = await w.database.db
      .selectFrom('audit_log')
      .select(['id', 'chain_seq'])
      .where('tenant_id', '=', w.tenants.merchantA)
      .orderBy('chain_seq')
      .execute();
    const victim = rows[2]!;
    await sql`update audit_log set after = '{"status":"closed"}'::jsonb where tenant_id = ${w.tenants.merchantA} and id = ${victim.id}`.execute(
      w.database.db,
    );
    const report = await verifyTenant(w.database.db, w.tenants.merchantA);
    expect(report).toMatchObject({ ok: false, firstBadRowId: victim.id, problem: 'row content altered' });
    const all = await verifyAll(w.database.db);
    expect(all.filter((r) => !r.ok).map((r) => r.tenantId)).toEqual([w.tenants.merchantA]);
  });

  it('detects a deleted row as a gap in the chain', async () => {
    const tenant = w.tenants.merchantB;
    const agent = w.tokens['merchantB:agent']!;
    for (let i = 0; i < 3; i++)
      await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }));
    await sealAll(w.database.db);
    const rows = await w.database.db
      .selectFrom('audit_log')
      .select(['id', 'chain_seq'])
      .where('tenant_id', '=', tenant)
      .orderBy('chain_seq')
      .execute();
    await sql`delete from audit_log where tenant_id = ${tenant} and id = ${rows[1]!.id}`.execute(w.database.db);
    const report = await verifyTenant(w.database.db, tenant);
    expect(report).toMatchObject({ ok: false, firstBadRowId: rows[2]!.id });
    expect(report.problem).toContain('missing');
  });

  it('seals concurrent writers into one unbroken chain', async () => {
    const agent = w.tokens['opsco:agent']!;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' })),
      ),
    );
    await Promise.all([sealAll(w.database.db), sealAll(w.database.db), sealAll(w.database.db)]);
    expect(await verifyTenant(w.database.db, w.tenants.opsco)).toMatchObject({
      ok: true,
      sealedRows: 12,
      unsealedRows: 0,
    });
  });

  it('detects two rows swapped in order (positions exchanged behind the application’s back)', async () => {
    const tenant = w.tenants.opsco;
    const db = w.database.db;
    const rows = await db
      .selectFrom('audit_log')
      .select(['id', 'chain_seq'])
      .where('tenant_id', '=', tenant)
      .orderBy('chain_seq')
      .execute();
    const [a, b] = [rows[3]!, rows[4]!];
    // Three steps: (tenant_id, chain_seq) is unique at every statement.
    await sql`update audit_log set chain_seq = -1 where tenant_id = ${tenant} and id = ${a.id}`.execute(db);
    await sql`update audit_log set chain_seq = ${a.chain_seq} where tenant_id = ${tenant} and id = ${b.id}`.execute(db);
    await sql`update audit_log set chain_seq = ${b.chain_seq} where tenant_id = ${tenant} and id = ${a.id}`.execute(db);
    const report = await verifyTenant(db, tenant);
    expect(report).toMatchObject({ ok: false, firstBadRowId: b.id, sealedRows: 3 });
  });
});
