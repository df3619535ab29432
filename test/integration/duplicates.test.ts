import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { imMessage, newSource, postSigned } from '../support/omni.ts';
import { buildWorld, complaintBody, DAY, orderBody, type World } from '../support/world.ts';

describe.each(testDatabases())('duplicates and merges on $name', ({ open }) => {
  let w: World;
  let agent: string;
  let supervisor: string;
  let seq = 0;
  const phone = () => `135${String(++seq).padStart(8, '0')}`;
  beforeAll(async () => {
    w = await buildWorld(await open());
    agent = w.tokens['merchantA:agent']!;
    supervisor = w.tokens['merchantA:supervisor']!;
  }, 120_000);
  afterAll(async () => w?.close());

  const newOrder = async () => (await w.req(agent, 'POST', '/api/v1/orders', orderBody())).body.orderNumber as string;
  const hotline = async (p: string, orderNumber?: string, email?: string) => {
    const r = await w.req(
      agent,
      'POST',
      '/api/v1/cases',
      complaintBody({
        complainant: { name: '钱七', phone: p, ...(email ? { email } : {}) },
        ...(orderNumber ? { orderNumber } : {}),
      }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const related = async (id: string, token = agent) => w.req(token, 'GET', `/api/v1/cases/${id}/related`);

  it('links the same complainant and order across channels, with an event on both timelines and a repeat count', async () => {
    const p = phone();
    const order = await newOrder();
    const first = await hotline(p, order);
    expect(first.repeatCount).toBe(0);
    // The same person through the public form.
    const form = await w.req(null, 'POST', '/api/v1/public/ma/complaints', {
      orderNumber: order,
      name: '钱七',
      phone: p,
      reason: '桌子送到时桌腿断了，客服不理。',
      expectedResolution: 'refund',
    });
    expect(form.status).toBe(201);
    const second = (await w.req(agent, 'GET', '/api/v1/cases?limit=50')).body.items.find(
      (c: any) => c.caseNumber === form.body.caseNumber,
    );
    expect(second).toMatchObject({ caseNumber: form.body.caseNumber, channel: 'web_form', repeatCount: 1 });
    const fromSecond = (await related(second.id)).body;
    expect(fromSecond).toMatchObject({
      repeatCount: 1,
      items: [{ caseId: first.id, link: 'related', channel: 'hotline' }],
    });
    expect((await related(first.id)).body.items).toMatchObject([{ caseId: second.id, link: 'related' }]);
    for (const [id, other] of [
      [first.id, second.id],
      [second.id, first.id],
    ]) {
      const events = (await w.req(agent, 'GET', `/api/v1/cases/${id}/timeline`)).body.items;
      expect(events.find((e: any) => e.type === 'related_case_linked')?.data).toMatchObject({ relatedCaseId: other });
    }
    // A foreign organisation learns nothing.
    expect((await related(first.id, w.tokens['merchantB:agent']!)).body.error.code).toBe('CASE_NOT_FOUND');
  });

  it('counts repeats without linking when the order differs, and recognises an IM buyer id and an e-mail', async () => {
    const p = phone();
    await hotline(p, await newOrder());
    const other = await hotline(p, await newOrder());
    expect(other.repeatCount).toBe(1);
    expect((await related(other.id)).body.items).toEqual([]);
    const byMail = await hotline(phone(), undefined, `Repeat${seq}@Example.cn`);
    const again = await hotline(phone(), undefined, `repeat${seq - 1}@example.cn`);
    expect([byMail.repeatCount, again.repeatCount]).toEqual([0, 1]);
    const s = await newSource(w);
    const order = await newOrder();
    const a = await postSigned(w, s, imMessage({ author: { id: 'buyer-9', name: '网友' }, orderNumber: order }));
    await w.req(agent, 'POST', `/api/v1/cases/${a.body.caseId}/actions`, { action: 'withdraw', reason: '重复' });
    const b = await postSigned(w, s, imMessage({ author: { id: 'buyer-9', name: '网友' }, orderNumber: order }));
    expect((await w.req(agent, 'GET', `/api/v1/cases/${b.body.caseId}`)).body.repeatCount).toBe(1);
    expect((await related(b.body.caseId)).body.items.map((i: any) => i.caseId)).toEqual([a.body.caseId]);
  });

  it('links only within the organisation’s window, which an admin can change', async () => {
    const p = phone();
    const order = await newOrder();
    const old = await hotline(p, order);
    w.setNow(new Date(w.now.getTime() + 31 * DAY));
    const late = await hotline(p, order);
    expect((await related(late.id)).body.items).toEqual([]);
    const put = await w.req(w.tokens['merchantA:admin']!, 'PUT', '/api/v1/intake-settings', {
      duplicateWindowDays: 60,
      requireVerifiedPhone: false,
    });
    expect(put.body).toEqual({ duplicateWindowDays: 60, requireVerifiedPhone: false });
    expect((await w.req(agent, 'PUT', '/api/v1/intake-settings', put.body)).status).toBe(403);
    const later = await hotline(p, order);
    expect((await related(later.id)).body.items.map((i: any) => i.caseId).sort()).toEqual([old.id, late.id].sort());
    expect(later.repeatCount).toBe(2);
  });

  it('merges a duplicate: it ends withdrawn (MERGED), keeps its timeline, and appears on the target as a block', async () => {
    const p = phone();
    const order = await newOrder();
    const target = await hotline(p, order);
    const dup = await hotline(p, order);
    await w.req(agent, 'POST', `/api/v1/cases/${dup.id}/notes`, { body: '客户第二次来电，情绪激动。' });
    const url = `/api/v1/cases/${dup.id}/merge`;
    expect((await w.req(agent, 'POST', url, { intoCaseId: target.id, reason: '重复投诉' })).status).toBe(403);
    const self = await w.req(supervisor, 'POST', url, { intoCaseId: dup.id, reason: '重复投诉' });
    expect([self.status, self.body.error.code]).toEqual([422, 'MERGE_INTO_SELF']);
    const foreignCase = (await w.req(w.tokens['merchantB:agent']!, 'POST', '/api/v1/cases', complaintBody())).body
      .id as string;
    const across = await w.req(supervisor, 'POST', url, { intoCaseId: foreignCase, reason: '重复投诉' });
    expect([across.status, across.body.error.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const foreign = await w.req(w.tokens['merchantB:supervisor']!, 'POST', url, {
      intoCaseId: foreignCase,
      reason: 'x',
    });
    expect(foreign.status).toBe(404);

    const merged = await w.req(supervisor, 'POST', url, { intoCaseId: target.id, reason: '重复投诉' });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toMatchObject({ id: dup.id, status: 'withdrawn', statusReason: 'MERGED' });
    const own = (await w.req(agent, 'GET', `/api/v1/cases/${dup.id}/timeline`)).body.items;
    expect(own.map((e: any) => e.type)).toEqual(expect.arrayContaining(['created', 'note', 'status_changed']));
    const onTarget = (await w.req(agent, 'GET', `/api/v1/cases/${target.id}/timeline`)).body.items;
    const block = onTarget.find((e: any) => e.type === 'case_merged_in');
    expect(block.data).toMatchObject({ fromCaseId: dup.id, reason: '重复投诉' });
    expect(block.data.events.map((e: any) => e.type)).toEqual(own.slice(0, -1).map((e: any) => e.type));
    expect((await related(target.id)).body.items).toMatchObject([{ caseId: dup.id, link: 'merged_from' }]);
    expect((await related(dup.id)).body.items).toMatchObject([{ caseId: target.id, link: 'merged_into' }]);
    const again = await w.req(supervisor, 'POST', url, { intoCaseId: target.id, reason: '重复投诉' });
    expect([again.status, again.body.error.code]).toEqual([409, 'CASE_ALREADY_MERGED']);
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', 'in', [dup.id, target.id])
      .where('action', 'in', ['case.merge', 'case.merge_in'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['case.merge', 'case.merge_in']);
  });
});
