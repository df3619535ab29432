import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../../src/services/privacy-retention.ts';
import { testDatabases } from '../support/databases.ts';
import { expectError, textOf } from '../support/http-checks.ts';
import { buildWorld, complaintBody, DAY, type World } from '../support/world.ts';

/** PIPL: masking, the log of full reads, export and erasure on request, retention. */
describe.each(testDatabases())('privacy on $name', ({ open }) => {
  let w: World;
  let seq = 0;
  const person = () => {
    seq += 1;
    const n = String(seq).padStart(4, '0');
    return {
      name: `隐私测试${n}号`,
      phone: `1370000${n}`,
      email: `p${n}@privacy.test`,
      idNumber: `11010519900101${n}`,
    };
  };
  const agent = () => w.tokens['merchantA:agent']!;
  const adminA = () => w.tokens['merchantA:admin']!;

  async function newCase(p = person(), reason = '收到的商品有破损，外包装被压坏，要求退货退款。') {
    const r = await w.req(agent(), 'POST', '/api/v1/cases', complaintBody({ complainant: p, reason }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return { id: r.body.id as string, caseNumber: r.body.caseNumber as string, p };
  }
  /** Walks a case to closed (with a satisfaction-free root cause). */
  async function close(id: string) {
    const url = `/api/v1/cases/${id}`;
    await w.req(agent(), 'POST', `${url}/assign`, { assigneeId: w.userIds['merchantA:agent'] });
    const steps: Record<string, Record<string, unknown>> = {
      awaiting_customer: { action: 'customer_replied' },
      submitted: { action: 'accept' },
      accepted: { action: 'start' },
      in_progress: { action: 'resolve', resolution: '已退款' },
      resolved: { action: 'close', rootCause: { type: 'accidental', text: '快递压坏', category: 'staff_attitude' } },
    };
    let status = (await w.req(agent(), 'GET', url)).body.status as string;
    while (status !== 'closed') {
      const r = await w.req(agent(), 'POST', `${url}/actions`, steps[status]);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      status = r.body.status;
    }
  }
  const accessRows = async (caseId: string) =>
    (await w.database.db.selectFrom('pii_access').selectAll().where('case_id', '=', caseId).execute()).length;

  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  it('logs a full read of contact data (who, case, fields, when); a masked read logs nothing', async () => {
    const c = await newCase();
    const before = await accessRows(c.id);
    const viewer = await w.req(w.tokens['merchantA:viewer']!, 'GET', `/api/v1/cases/${c.id}`);
    expect(viewer.body.complainant.phone).toBe(`137****${c.p.phone.slice(-4)}`);
    expect(await accessRows(c.id)).toBe(before);
    const full = await w.req(agent(), 'GET', `/api/v1/cases/${c.id}`);
    expect(full.body.complainant.phone).toBe(c.p.phone);
    expect(await accessRows(c.id)).toBe(before + 1);
    const log = await w.req(w.tokens['merchantA:auditor']!, 'GET', `/api/v1/privacy/access-log?caseId=${c.id}`);
    expect(log.status).toBe(200);
    expect(log.body.items[0]).toMatchObject({
      userId: w.userIds['merchantA:agent'],
      userEmail: 'agent@merchanta.test',
      caseId: c.id,
      fields: ['phone', 'email', 'idNumber'],
      via: 'case',
      at: w.now.toISOString(),
    });
    // Another organisation's log does not show merchantA's reads.
    const foreign = await w.req(w.tokens['merchantB:admin']!, 'GET', `/api/v1/privacy/access-log?caseId=${c.id}`);
    expect(foreign.body.items).toEqual([]);
  });

  it('shows a viewer no full phone, e-mail or ID number: case, list, timeline, dossier, search', async () => {
    const c = await newCase();
    const viewer = w.tokens['merchantA:viewer']!;
    const answers = await Promise.all([
      w.req(viewer, 'GET', `/api/v1/cases/${c.id}`),
      w.req(viewer, 'GET', '/api/v1/cases?limit=200'),
      w.req(viewer, 'GET', `/api/v1/cases/${c.id}/timeline`),
      w.req(viewer, 'GET', `/api/v1/cases/${c.id}/dossier`),
      w.req(viewer, 'GET', `/api/v1/cases/${c.id}/dossier?format=html`),
      w.req(viewer, 'GET', `/api/v1/search?q=${encodeURIComponent(c.p.name)}`),
      w.req(viewer, 'GET', `/api/v1/search?q=${c.p.phone}`),
    ]);
    const leaks = answers.flatMap((a, i) =>
      [c.p.phone, c.p.email, c.p.idNumber].filter((v) => textOf(a).includes(v)).map((v) => `answer ${i}: ${v}`),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(leaks).toEqual([]);
  });

  it('exports everything about a person to an admin, audited; another organisation finds nothing', async () => {
    const p = person();
    const one = await newCase(p);
    const two = await newCase({ ...p, phone: `+86 ${p.phone.slice(0, 3)} ${p.phone.slice(3, 7)} ${p.phone.slice(7)}` });
    const other = await newCase();
    const res = await w.req(adminA(), 'POST', '/api/v1/privacy/exports', { phone: p.phone });
    expect(res.status).toBe(200);
    expect(res.body.cases.map((c: { id: string }) => c.id).sort()).toEqual([one.id, two.id].sort());
    expect(res.body.cases[0].complainant.idNumber).toBe(p.idNumber);
    expect(res.body.cases[0].timeline.length).toBeGreaterThan(0);
    expect(textOf(res)).not.toContain(other.p.phone);
    const audit = await w.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', w.tenants.merchantA)
      .where('action', '=', 'privacy.export')
      .execute();
    expect(audit.map((a) => (a.after as { cases: number }).cases)).toContain(2);
    // The audit row proves the request without keeping the number asked about.
    expect(JSON.stringify(audit)).not.toContain(p.phone);
    expect(await accessRows(one.id)).toBeGreaterThan(0);
    const byEmail = await w.req(adminA(), 'POST', '/api/v1/privacy/exports', { email: p.email.toUpperCase() });
    expect(byEmail.body.cases).toHaveLength(2);
    const foreign = await w.req(w.tokens['merchantB:admin']!, 'POST', '/api/v1/privacy/exports', { phone: p.phone });
    expect(foreign.body.cases).toEqual([]);
    expectError(await w.req(agent(), 'POST', '/api/v1/privacy/exports', { phone: p.phone }), 403, 'FORBIDDEN');
    expectError(
      await w.req(adminA(), 'POST', '/api/v1/privacy/exports', { phone: '+ ( ) -' }),
      422,
      'PRIVACY_SUBJECT_REQUIRED',
    );
  });

  it('erases a person on request: contact data gone, texts redacted, statistics kept; audited', async () => {
    const p = person();
    const c = await newCase(p, `我是${p.name}，电话 ${p.phone}，邮箱 ${p.email}，桌子坏了。`);
    await w.req(agent(), 'POST', `/api/v1/cases/${c.id}/notes`, { body: `已回电 ${p.phone}，${p.name}同意退款` });
    await close(c.id);
    const kept = await w.database.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    // merchantB asking changes nothing of merchantA's.
    const foreign = await w.req(w.tokens['merchantB:admin']!, 'POST', '/api/v1/privacy/erasures', { phone: p.phone });
    expect(foreign.body.anonymisedCases).toBe(0);
    const res = await w.req(adminA(), 'POST', '/api/v1/privacy/erasures', { idNumber: p.idNumber.toLowerCase() });
    expect(res.status).toBe(200);
    expect(res.body.anonymisedCases).toBe(1);
    const after = await w.req(adminA(), 'GET', `/api/v1/cases/${c.id}`);
    expect(after.body.complainant).toEqual({ name: '匿名用户', phone: null, email: null, idNumber: null });
    expect(after.body.reason).toBe('我是[已删除]，电话 [已删除]，邮箱 [已删除]，桌子坏了。');
    const timeline = await w.req(adminA(), 'GET', `/api/v1/cases/${c.id}/timeline`);
    for (const v of [p.name, p.phone, p.email]) expect(textOf(timeline)).not.toContain(v);
    // Statistics: category, status and timings unchanged.
    expect(after.body).toMatchObject({
      category: kept.category,
      status: 'closed',
      closedAt: kept.closed_at?.toISOString(),
      createdAt: kept.created_at.toISOString(),
    });
    expect(
      await w.database.db.selectFrom('responsibility_ledger').select('case_id').where('case_id', '=', c.id).execute(),
    ).toHaveLength(1);
    const search = await w.req(adminA(), 'GET', `/api/v1/search?q=${encodeURIComponent(p.name)}`);
    expect(search.body.items).toEqual([]);
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('tenant_id', '=', w.tenants.merchantA)
      .where('entity_id', 'in', [c.id, res.body.requestId])
      .where('action', 'like', 'privacy.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['privacy.anonymise', 'privacy.erase']);
  });

  it('anonymises cases closed more than N months ago once a day, keeping the rest', async () => {
    const oldCase = await newCase();
    await close(oldCase.id);
    const openCase = await newCase();
    expect((await w.req(adminA(), 'PUT', '/api/v1/privacy/settings', { retentionMonths: 6 })).status).toBe(200);
    const start = w.now;
    w.setNow(new Date(start.getTime() + 200 * DAY));
    const recent = await newCase();
    await close(recent.id);
    const first = await runRetention(w.database.db, w.now);
    expect(first.anonymised).toBeGreaterThanOrEqual(1);
    const state = async (id: string) =>
      await w.database.db
        .selectFrom('cases')
        .select(['complainant_name', 'complainant_phone', 'anonymised_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    expect(await state(oldCase.id)).toMatchObject({ complainant_name: '匿名用户', complainant_phone: null });
    expect((await state(openCase.id)).anonymised_at).toBeNull();
    expect((await state(recent.id)).anonymised_at).toBeNull();
    // Once a day: a second run the same day does nothing; a run a day later finds nothing new.
    expect(await runRetention(w.database.db, w.now)).toEqual({ tenants: 0, anonymised: 0 });
    expect((await runRetention(w.database.db, new Date(w.now.getTime() + DAY))).anonymised).toBe(0);
    const settings = await w.req(w.tokens['merchantA:auditor']!, 'GET', '/api/v1/privacy/settings');
    expect(settings.body).toEqual({ retentionMonths: 6, lastRetentionRunAt: expect.any(String) });
    expect(
      (await w.req(adminA(), 'PUT', '/api/v1/privacy/settings', { retentionMonths: null })).body.retentionMonths,
    ).toBeNull();
    w.setNow(start);
  });
});
