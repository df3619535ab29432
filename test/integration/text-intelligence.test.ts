import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { searchTuning } from '../../src/services/search-cases.ts';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, orderBody, type World } from '../support/world.ts';

const STORY = '买的奶粉是假的，不退款我就去12315投诉';

describe.each(testDatabases())('Chinese text intelligence on $name', ({ open }) => {
  let w: World;
  let agent: string;
  beforeAll(async () => {
    w = await buildWorld(await open());
    agent = w.tokens['merchantA:agent']!;
  });
  afterAll(async () => w?.close());

  it('classifies an uncategorised complaint as counterfeit, raises severity for the 12315 threat and shows why; search finds it', async () => {
    const order = await w.req(agent, 'POST', '/api/v1/orders', orderBody({ orderNumber: 'DD-2026-1124-0001' }));
    expect(order.status).toBe(201);
    const body = complaintBody({ reason: STORY, orderNumber: 'DD-2026-1124-0001' });
    delete (body as Record<string, unknown>).category;
    const created = await w.req(agent, 'POST', '/api/v1/cases', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ category: 'counterfeit_ip', severity: 3 });
    // Counterfeit complaints stand on a photo: the guessed category already drives what intake asks for.
    expect(created.body.missing).toContain('evidence_photo');
    const id = created.body.id;

    const cls = await w.req(agent, 'GET', `/api/v1/cases/${id}/classification`);
    expect(cls.status).toBe(200);
    expect(cls.body.category.value).toBe('counterfeit_ip');
    expect(cls.body.category.confidence).toBeGreaterThan(0.6);
    expect(cls.body.category.evidence.map((e: { term: string }) => e.term).join(' ')).toMatch(/假/);
    expect(cls.body.severity.signals).toContainEqual(
      expect.objectContaining({ code: 'external_threat', terms: ['12315'] }),
    );
    expect(cls.body.responsibleParty.party).toBe('merchant');
    expect(cls.body.flags).toBeNull(); // agents do not see supervisor flags

    const timeline = await w.req(agent, 'GET', `/api/v1/cases/${id}/timeline`);
    expect(timeline.body.items[0]).toMatchObject({
      type: 'created',
      data: { classification: { category: 'counterfeit_ip', severity: 3 } },
    });

    // Search for the word: the case comes back with the match highlighted.
    await w.req(agent, 'POST', `/api/v1/cases/${id}/notes`, { body: '已核实批号，疑似假货，联系品牌方鉴定' });
    const hit = await w.req(agent, 'GET', `/api/v1/search?q=${encodeURIComponent('假货')}`);
    expect(hit.status).toBe(200);
    expect(hit.body.items).toHaveLength(1);
    const item = hit.body.items[0];
    expect(item).toMatchObject({ matchedBy: 'text', case: { id } });
    const [s, e] = item.snippet.highlights[0];
    expect(item.snippet.text.slice(s, e)).toBe('假货');

    // The order number, typed with other separators, finds the case exactly.
    const byOrder = await w.req(agent, 'GET', `/api/v1/search?q=${encodeURIComponent('dd 2026 1124 0001')}`);
    expect(byOrder.body.items.map((i: { case: { id: string } }) => i.case.id)).toEqual([id]);
    expect(byOrder.body.items[0].matchedBy).toBe('order_number');
    const byPhone = await w.req(agent, 'GET', `/api/v1/search?q=${encodeURIComponent('138-1234-5678')}`);
    expect(byPhone.body.items.map((i: { case: { id: string } }) => i.case.id)).toContain(id);

    // Another tenant cannot find it, nor read its classification.
    const foreign = w.tokens['merchantB:agent']!;
    expect((await w.req(foreign, 'GET', `/api/v1/search?q=${encodeURIComponent('假货')}`)).body.items).toEqual([]);
    expect((await w.req(foreign, 'GET', `/api/v1/cases/${id}/classification`)).status).toBe(404);
  });

  it('supports phrase, prefix, traditional characters and combined filters', async () => {
    const mk = async (reason: string, extra: Record<string, unknown> = {}) => {
      const r = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ reason, ...extra }));
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const a = await mk('客服态度恶劣，问了三遍都不回复', { category: 'service_attitude' });
    const b = await mk('申请退款一周了商家一直不处理', { category: 'after_sales_refund' });
    const c = await mk('快递员态度不好，退货也不给上门取件', { category: 'logistics_delay' });
    const ids = async (q: string, extra = '') =>
      (await w.req(agent, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`)).body.items.map(
        (i: { case: { id: string } }) => i.case.id,
      );
    expect(await ids('退*')).toEqual(expect.arrayContaining([b, c]));
    expect(await ids('退*')).not.toContain(a);
    expect(await ids('退*', '&category=after_sales_refund')).toEqual([b]);
    expect(await ids('"客服态度"')).toEqual([a]);
    expect(await ids('態度')).toEqual(expect.arrayContaining([a, c])); // traditional → simplified
    const none = await w.req(agent, 'GET', `/api/v1/search?q=${encodeURIComponent('，。！')}`);
    expect(none.status).toBe(422);
    expect(none.body.error).toMatchObject({ code: 'SEARCH_QUERY_EMPTY', messageZh: expect.any(String) });
    const bad = await w.req(agent, 'GET', '/api/v1/search?q=x&unknown=1');
    expect(bad.status).toBe(400);
  });

  it('pages search results newest first for every organisation that sees the cases', async () => {
    const ids: string[] = [];
    const start = w.now;
    for (const [i, reason] of ['电池漏液，遥控器坏了', '电池漏液，还发烫', '电池漏液，包装破了'].entries()) {
      w.setNow(new Date(start.getTime() + (i + 1) * 3_600_000));
      const r = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ reason, category: 'product_quality' }));
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const newestFirst = [...ids].reverse();
    const q = `/api/v1/search?q=${encodeURIComponent('漏液')}`;
    for (const who of ['merchantA:agent', 'platform:agent', 'opsco:agent']) {
      const token = w.tokens[who]!;
      const first = await w.req(token, 'GET', `${q}&limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items.map((i: { case: { id: string } }) => i.case.id)).toEqual(newestFirst.slice(0, 2));
      const second = await w.req(token, 'GET', `${q}&limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((i: { case: { id: string } }) => i.case.id)).toEqual(newestFirst.slice(2));
      expect(second.body.nextCursor).toBeNull();
    }
    const from = new Date(start.getTime() + 2 * 3_600_000).toISOString();
    const recent = await w.req(agent, 'GET', `${q}&createdFrom=${from}&category=product_quality`);
    expect(recent.body.items.map((i: { case: { id: string } }) => i.case.id)).toEqual(newestFirst.slice(0, 2));
    expect((await w.req(agent, 'GET', `${q}&category=price`)).body.items).toEqual([]);
    expect((await w.req(w.tokens['merchantB:agent']!, 'GET', q)).body.items).toEqual([]);
    expect((await w.req(w.tokens['otherPlatform:agent']!, 'GET', q)).body.items).toEqual([]);
  });

  it('finds matches weeks and months apart newest first, through every week window, and as a phrase only when adjacent', async () => {
    const start = w.now;
    const week = 7 * 86_400_000;
    const at = async (msAgo: number, reason: string) => {
      w.setNow(new Date(start.getTime() - msAgo));
      const r = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ reason, category: 'product_quality' }));
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    // Matches an hour, two weeks, ten weeks and forty weeks old: in different windows of the second step.
    const old = await at(40 * week, '蓝牙耳机连接断连，充电仓也坏了');
    const months = await at(10 * week, '蓝牙耳机断连严重');
    const weeks = await at(2 * week, '耳机断连，蓝牙耳机没法用');
    const days = await at(3_600_000, '蓝牙耳机一直断连');
    const apart = await at(60_000, '蓝牙质量差，耳机一直断连'); // both words, not side by side
    w.setNow(start);
    // The first step reads only the newest 2 cases here, so the week windows answer (as at a million cases).
    const saved = searchTuning.recentWindow;
    searchTuning.recentWindow = 2;
    onTestFinished(() => {
      searchTuning.recentWindow = saved;
    });
    const page = async (q: string, extra = '') => {
      const r = await w.req(agent, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
      expect(r.status).toBe(200);
      return { ids: r.body.items.map((i: { case: { id: string } }) => i.case.id), next: r.body.nextCursor };
    };
    const all = [apart, days, weeks, months, old];
    expect((await page('断连')).ids).toEqual(all);
    const ids: string[] = [];
    let cursor = '';
    for (let i = 0; i < 5; i++) {
      const p = await page('断连', `&limit=2${cursor}`);
      ids.push(...p.ids);
      if (!p.next) break;
      cursor = `&cursor=${p.next}`;
    }
    expect(ids).toEqual(all);
    // A phrase needs the words side by side, in order; the same words apart or reversed match only without quotes.
    expect((await page('"耳机 断连"')).ids).toEqual([weeks, months]);
    expect((await page('耳机 断连')).ids).toEqual(all);
    expect((await page('"断连 耳机"')).ids).toEqual([]);
    expect((await page('断*')).ids).toEqual(all);
    expect((await page('断连', `&createdTo=${new Date(start.getTime() - 5 * week).toISOString()}`)).ids).toEqual([
      months,
      old,
    ]);
    expect(
      (await w.req(w.tokens['merchantB:agent']!, 'GET', `/api/v1/search?q=${encodeURIComponent('断连')}`)).body.items,
    ).toEqual([]);
    // The platform and the operations company find them through their own week terms (p:, o: in migration 0019).
    for (const who of ['platform:agent', 'opsco:agent']) {
      const r = await w.req(w.tokens[who]!, 'GET', `/api/v1/search?q=${encodeURIComponent('"耳机 断连"')}&limit=1`);
      expect(r.body.items.map((i: { case: { id: string } }) => i.case.id)).toEqual([weeks]);
      const next = await w.req(
        w.tokens[who]!,
        'GET',
        `/api/v1/search?q=${encodeURIComponent('"耳机 断连"')}&limit=1&cursor=${r.body.nextCursor}`,
      );
      expect(next.body.items.map((i: { case: { id: string } }) => i.case.id)).toEqual([months]);
    }
    // A case dated an hour after the server's now (another server's clock) is still in the first window.
    w.setNow(new Date(start.getTime() + 3_600_000));
    const ahead = await w.req(
      agent,
      'POST',
      '/api/v1/cases',
      complaintBody({ reason: '耳机断连又一次', category: 'product_quality' }),
    );
    w.setNow(start);
    expect((await page('断连')).ids).toEqual([ahead.body.id, ...all]);
    searchTuning.recentWindow = saved;
    // The default first step reads all of this small scope: the same answers.
    expect((await page('断连')).ids).toEqual([ahead.body.id, ...all]);
    expect((await page('"耳机 断连"')).ids).toEqual([ahead.body.id, weeks, months]);
  });

  it('keeps the search document current when the reason is corrected', async () => {
    const r = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ reason: '洗衣机转起来声音特别大' }));
    const id = r.body.id;
    expect((await w.req(agent, 'PATCH', `/api/v1/cases/${id}`, { reason: '洗衣机漏水把地板泡坏了' })).status).toBe(200);
    const found = await w.req(agent, 'GET', `/api/v1/search?q=${encodeURIComponent('漏水')}`);
    expect(found.body.items.map((i: { case: { id: string } }) => i.case.id)).toContain(id);
    const gone = await w.req(agent, 'GET', `/api/v1/search?q=${encodeURIComponent('声音')}`);
    expect(gone.body.items.map((i: { case: { id: string } }) => i.case.id)).not.toContain(id);
  });

  it('lets an agent correct the classification, stored for retraining with an audit row', async () => {
    const body = complaintBody({ reason: '商品页面写的纯棉，收到是化纤的，要求退货' });
    delete (body as Record<string, unknown>).category;
    const id = (await w.req(agent, 'POST', '/api/v1/cases', body)).body.id;
    const fix = await w.req(agent, 'POST', `/api/v1/cases/${id}/classification/corrections`, {
      category: 'product_quality',
      responsibleParty: 'merchant',
    });
    expect(fix.status).toBe(200);
    expect(fix.body.corrections).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'category', corrected: 'product_quality' })]),
    );
    expect((await w.req(agent, 'GET', `/api/v1/cases/${id}`)).body.category).toBe('product_quality');
    const rows = await w.database.db
      .selectFrom('classification_corrections')
      .selectAll()
      .where('case_id', '=', id)
      .execute();
    expect(rows.find((r) => r.field === 'category')).toMatchObject({ text: expect.stringContaining('纯棉') });
    const audit = await w.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['case.create', 'case.classification.correct']));
    const empty = await w.req(agent, 'POST', `/api/v1/cases/${id}/classification/corrections`, {});
    expect(empty.status).toBe(400);
    const viewer = await w.req(
      w.tokens['merchantA:viewer']!,
      'POST',
      `/api/v1/cases/${id}/classification/corrections`,
      {
        category: 'other',
      },
    );
    expect(viewer.status).toBe(403);
  });

  it('flags extortion wording and repeated contact for a supervisor, without touching the case', async () => {
    const phone = '13900001111';
    let last = '';
    for (const reason of [
      '耳机左边没声音，要求换货',
      '耳机还是没声音，第二次联系了',
      '给我5000块钱我就撤诉，不赔就曝光到网上',
    ]) {
      const r = await w.req(
        agent,
        'POST',
        '/api/v1/cases',
        complaintBody({ reason, complainant: { name: '李四', phone } }),
      );
      last = r.body.id;
    }
    const c = (await w.req(agent, 'GET', `/api/v1/cases/${last}`)).body;
    expect(['submitted', 'awaiting_customer']).toContain(c.status);
    const sup = w.tokens['merchantA:supervisor']!;
    const cls = await w.req(sup, 'GET', `/api/v1/cases/${last}/classification`);
    expect(cls.body.flags.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(['extortion_wording', 'frequent_contact']),
    );
    const list = await w.req(sup, 'GET', '/api/v1/flags');
    expect(list.body.items.map((i: { caseId: string }) => i.caseId)).toContain(last);
    expect((await w.req(agent, 'GET', '/api/v1/flags')).status).toBe(403);
  });

  it('classifies a text on demand, with sentiment for reviews', async () => {
    const r = await w.req(agent, 'POST', '/api/v1/text/classify', {
      text: '質量太差，垃圾，再也不買了',
      kind: 'bad_review',
    });
    expect(r.status).toBe(200);
    expect(r.body.category.value).toBe('product_quality');
    expect(r.body.sentiment.label).toBe('negative');
    expect(r.body.sentiment.positive).toBeLessThan(0.3);
    const ip = await w.req(agent, 'POST', '/api/v1/text/classify', { text: '你们侵犯了我们的商标权，立即下架' });
    expect(ip.body.flags.map((f: { code: string }) => f.code)).toContain('ip_claim_without_proof');
  });
});
