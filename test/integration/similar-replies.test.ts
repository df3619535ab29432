import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { caseInProgress } from '../support/resolution.ts';
import { buildWorldWithMail, complaintBody, type World } from '../support/world.ts';

const STORY = '买的奶粉是假的，不退款我就去12315投诉';
type Item = { caseId: string };
type Template = { id: string; title: string; match: string; closedSatisfied: number; text: string };

describe.each(testDatabases())('similar cases and suggested replies on $name', ({ open }) => {
  let w: World;
  let agent: string;
  let admin: string;
  const ids = (items: Item[]) => items.map((i) => i.caseId);
  beforeAll(async () => {
    w = await buildWorldWithMail(await open());
    agent = w.tokens['merchantA:agent']!;
    admin = w.tokens['merchantA:admin']!;
  });
  afterAll(async () => w?.close());

  /** A complaint handled to the end: resolved, rated, closed (categories that need no photo or order). */
  async function closedCase(reason: string, resolution: string, rating: number, category = 'service_attitude') {
    const id = await caseInProgress(
      w,
      agent,
      w.userIds['merchantA:agent']!,
      complaintBody({ reason, category, complainant: { name: '王芳', phone: '13900001111', email: 'wf@example.cn' } }),
    );
    return {
      id,
      async finish(sendTemplate?: string) {
        if (sendTemplate) {
          const sent = await w.req(agent, 'POST', `/api/v1/cases/${id}/replies`, {
            text: '您好，已为您加急处理。',
            cannedResponseId: sendTemplate,
          });
          expect(sent.status).toBe(201);
        }
        const resolved = await w.req(agent, 'POST', `/api/v1/cases/${id}/actions`, { action: 'resolve', resolution });
        expect(resolved.body.status).toBe('resolved');
        expect((await w.req(agent, 'POST', `/api/v1/cases/${id}/follow-up`, { rating })).status).toBe(200);
        const closed = await w.req(agent, 'POST', `/api/v1/cases/${id}/actions`, {
          action: 'close',
          rootCause: { type: 'accidental', text: '供应商批次问题', category: 'supplier_quality' },
        });
        expect(closed.body.status).toBe('closed');
      },
    };
  }

  it('lets admins and supervisors manage canned responses, agents read them, other organisations see nothing', async () => {
    const body = { title: '通用致歉', body: '{{客户姓名}}您好，给您带来不便非常抱歉。', category: null };
    const made = await w.req(admin, 'POST', '/api/v1/canned-responses', body);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ title: '通用致歉', category: null, variables: ['客户姓名'], version: 1 });
    expect((await w.req(admin, 'POST', '/api/v1/canned-responses', body)).body.error.code).toBe(
      'CANNED_RESPONSE_TITLE_TAKEN',
    );
    const unknown = await w.req(admin, 'POST', '/api/v1/canned-responses', { title: '错', body: '{{快递单号}}已发' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({
      code: 'CANNED_RESPONSE_UNKNOWN_VARIABLE',
      messageZh: expect.any(String),
      details: { variables: ['快递单号'] },
    });
    expect((await w.req(agent, 'POST', '/api/v1/canned-responses', { ...body, title: '坐席' })).status).toBe(403);
    const sup = w.tokens['merchantA:supervisor']!;
    const patched = await w.req(sup, 'PATCH', `/api/v1/canned-responses/${made.body.id}`, { title: '通用致歉语' });
    expect(patched.body).toMatchObject({ title: '通用致歉语', version: 2 });
    expect((await w.req(agent, 'GET', '/api/v1/canned-responses')).body.items.map((t: Template) => t.title)).toEqual([
      '通用致歉语',
    ]);
    const foreign = w.tokens['merchantB:admin']!;
    expect((await w.req(foreign, 'GET', `/api/v1/canned-responses/${made.body.id}`)).status).toBe(404);
    expect((await w.req(foreign, 'PATCH', `/api/v1/canned-responses/${made.body.id}`, { title: 'x' })).status).toBe(
      404,
    );
    expect((await w.req(foreign, 'GET', '/api/v1/canned-responses')).body.items).toEqual([]);
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', made.body.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['canned_response.create', 'canned_response.update']);
  });

  it('finds the most similar closed cases with their resolutions, and ranks templates by satisfied closes', async () => {
    const mk = (title: string, body: string, category: string | null = 'counterfeit_ip') =>
      w.req(admin, 'POST', '/api/v1/canned-responses', { title, body, category }).then((r) => {
        expect(r.status).toBe(201);
        return r.body.id as string;
      });
    const tA = await mk('A 假货标准答复', '{{客户姓名}}您好，订单{{订单号}}（投诉编号{{投诉编号}}）我们已送检。');
    const tB = await mk('B 假货退款答复', '{{客户姓名}}您好，{{商家名称}}已为您全额退款，投诉编号{{投诉编号}}。');
    await mk('物流催件', '已催促快递尽快送达。', 'logistics_delay');

    const good = await closedCase('奶粉是假货，要求全额退款', '经鉴定为假货，全额退款并赔偿500元', 5);
    const meh = await closedCase('买到的奶粉疑似假货，客服不理人', '提供检测报告，退货退款', 3);
    const other = await closedCase('快递太慢了，一周都没到', '补发并赔偿运费', 5, 'other');
    await meh.finish();
    await other.finish();

    const fresh = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ reason: STORY, category: undefined }));
    expect(fresh.body.category).toBe('counterfeit_ip');
    const url = `/api/v1/cases/${fresh.body.id}`;
    const before = await w.req(agent, 'GET', `${url}/suggested-replies`);
    expect(before.status).toBe(200);
    const titles = (b: { templates: Template[] }) => b.templates.map((t) => t.title);
    // Category templates first (alphabetical while nothing has been learnt), then the general one; not the logistics one.
    expect(titles(before.body)).toEqual(['A 假货标准答复', 'B 假货退款答复', '通用致歉语']);

    // Template B is sent on a case that then closes with five stars: B now comes first.
    await good.finish(tB);
    const after = await w.req(agent, 'GET', `${url}/suggested-replies`);
    expect(titles(after.body)).toEqual(['B 假货退款答复', 'A 假货标准答复', '通用致歉语']);
    const b = after.body.templates[0] as Template & { usedOnCases: number };
    expect(b).toMatchObject({ id: tB, match: 'category', usedOnCases: 1, closedSatisfied: 1 });
    expect(b.text).toBe(`张三您好，商家甲已为您全额退款，投诉编号${fresh.body.caseNumber}。`);
    // No order on the case: the variable stays visible for the agent to complete.
    expect(after.body.templates[1]).toMatchObject({ id: tA, closedSatisfied: 0 });
    expect(after.body.templates[1].text).toContain('订单【订单号】');
    // Resolutions of similar closed cases, the five-star close first; the logistics case is not similar.
    expect(after.body.resolutions.map((r: { resolution: string }) => r.resolution)).toEqual([
      '经鉴定为假货，全额退款并赔偿500元',
      '提供检测报告，退货退款',
    ]);
    const viewer = await w.req(w.tokens['merchantA:viewer']!, 'GET', `${url}/suggested-replies`);
    expect(viewer.body.templates[0].text).toMatch(/^张\*您好/);

    const similar = await w.req(agent, 'GET', `${url}/similar`);
    expect(similar.status).toBe(200);
    expect(similar.body.terms).toEqual(expect.arrayContaining(['奶粉', '退款', '12315']));
    expect(ids(similar.body.items)).toEqual([good.id, meh.id]);
    expect(similar.body.items[0]).toMatchObject({
      caseId: good.id,
      category: 'service_attitude',
      resolution: '经鉴定为假货，全额退款并赔偿500元',
      rootCauseType: 'accidental',
      satisfaction: 5,
      sharedTerms: ['奶粉', '退款'],
      score: 0.5,
    });
    expect(ids(similar.body.items)).not.toContain(other.id);
    // Open cases are not suggested, and the case itself never is.
    expect(ids(similar.body.items)).not.toContain(fresh.body.id);
    // The platform sees the same closed cases; another merchant does not see the case at all.
    expect(ids((await w.req(w.tokens['platform:agent']!, 'GET', `${url}/similar`)).body.items)).toEqual([
      good.id,
      meh.id,
    ]);
    expect((await w.req(w.tokens['merchantB:agent']!, 'GET', `${url}/similar`)).status).toBe(404);
    expect((await w.req(w.tokens['merchantB:agent']!, 'GET', `${url}/suggested-replies`)).status).toBe(404);

    const timeline = await w.req(agent, 'GET', `/api/v1/cases/${good.id}/timeline`);
    expect(timeline.body.items.find((e: { type: string }) => e.type === 'reply_sent').data.cannedResponseId).toBe(tB);
  });

  it('refuses a reply naming an archived or foreign template, and sends nothing', async () => {
    const c = await closedCase('收到的奶粉罐子是瘪的，客服也不道歉', '补发', 4);
    const t = await w.req(admin, 'POST', '/api/v1/canned-responses', { title: '将停用', body: '您好' });
    const archived = await w.req(admin, 'DELETE', `/api/v1/canned-responses/${t.body.id}`);
    expect(archived.body.archivedAt).not.toBeNull();
    expect((await w.req(agent, 'GET', '/api/v1/canned-responses')).body.items.map((x: Template) => x.id)).not.toContain(
      t.body.id,
    );
    const refused = await w.req(agent, 'POST', `/api/v1/cases/${c.id}/replies`, {
      text: '您好',
      cannedResponseId: t.body.id,
    });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('CANNED_RESPONSE_NOT_FOUND');
    const other = await w.req(w.tokens['merchantB:admin']!, 'POST', '/api/v1/canned-responses', {
      title: '乙的模板',
      body: '您好',
    });
    const foreign = await w.req(agent, 'POST', `/api/v1/cases/${c.id}/replies`, {
      text: '您好',
      cannedResponseId: other.body.id,
    });
    expect(foreign.body.error.code).toBe('CANNED_RESPONSE_NOT_FOUND');
    const sent = await w.database.db
      .selectFrom('case_events')
      .select('id')
      .where('case_id', '=', c.id)
      .where('type', '=', 'reply_sent')
      .execute();
    expect(sent).toEqual([]);
  });
});
