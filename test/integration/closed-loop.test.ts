import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, DAY, type World } from '../support/world.ts';

const HOUR = 3_600_000;

describe.each(testDatabases())('the closed loop across platform and merchant on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  it('forward → reply → disagreement → ruling → approved offer → acceptance → promise kept → resolved → 2 stars → reopened → closed, all in the dossier', async () => {
    const plat = w.tokens['platform:agent']!;
    const platSup = w.tokens['platform:supervisor']!;
    const merchant = w.tokens['merchantA:agent']!;
    const merchantSup = w.tokens['merchantA:supervisor']!;
    const created = await w.req(
      plat,
      'POST',
      '/api/v1/cases',
      complaintBody({
        respondentTenantId: w.tenants.merchantA,
        category: 'service_attitude',
        complainant: { name: '<script>alert(1)</script>', phone: '13812345678' },
        reason: '客服辱骂买家，要求道歉并赔偿 <b>100元</b>。',
        expectedResolution: 'compensation',
      }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const url = `/api/v1/cases/${id}`;
    await w.req(plat, 'POST', `${url}/actions`, { action: 'accept' });

    // The platform forwards with the default 48-hour reply deadline; only the respondent may answer.
    const fwd = await w.req(plat, 'POST', `${url}/forward`, { note: '请48小时内答复' });
    expect(fwd.status).toBe(201);
    expect(fwd.body).toMatchObject({
      state: 'awaiting_reply',
      replyDueAt: new Date(w.now.getTime() + 48 * HOUR).toISOString(),
    });
    expect((await w.req(plat, 'POST', `${url}/forward`, {})).body.error.code).toBe('FORWARD_NOT_ALLOWED');
    expect((await w.req(merchant, 'POST', `${url}/forward`, {})).body.error.code).toBe('FORWARD_NOT_ALLOWED');
    const opsReply = await w.req(w.tokens['opsco:agent']!, 'POST', `${url}/forward/reply`, {
      kind: 'reply',
      text: 'x',
    });
    expect(opsReply.body.error.code).toBe('NOT_THE_RESPONDENT');
    expect((await w.req(w.tokens['merchantB:agent']!, 'GET', `${url}/forwards`)).status).toBe(404);

    // Each party keeps its own side notes.
    await w.req(merchant, 'POST', `${url}/side-notes`, { body: '商家内部：该客服已停职' });
    expect((await w.req(plat, 'GET', `${url}/side-notes`)).body.items).toEqual([]);
    expect((await w.req(merchant, 'GET', `${url}/side-notes`)).body.items).toHaveLength(1);

    w.setNow(new Date(w.now.getTime() + 5 * HOUR));
    const reply = await w.req(merchant, 'POST', `${url}/forward/reply`, {
      kind: 'proposal',
      text: '愿意道歉并补偿30元',
    });
    expect(reply.body).toMatchObject({ state: 'replied', replyKind: 'proposal' });
    const early = await w.req(platSup, 'POST', `${url}/forward/ruling`, { ruling: 'dismiss', text: 'x' });
    expect(early.body.error.code).toBe('RULING_NOT_DUE');
    const disagree = await w.req(plat, 'POST', `${url}/forward/disagreement`, { text: '投诉人不接受30元' });
    expect(disagree.body.state).toBe('disputed');
    const noAmount = await w.req(platSup, 'POST', `${url}/forward/ruling`, { ruling: 'order_compensation', text: 'x' });
    expect(noAmount.status).toBe(400);
    const ruling = await w.req(platSup, 'POST', `${url}/forward/ruling`, {
      ruling: 'order_compensation',
      amountFen: 8000,
      text: '平台裁定商家补偿80元并道歉',
    });
    expect(ruling.body).toMatchObject({ state: 'ruled', ruling: 'order_compensation', rulingAmountFen: 8000 });

    // The merchant carries it out: ¥80 is over its agent's limit, so a supervisor approves before it is sent.
    await w.req(merchant, 'POST', `${url}/assign`, { assigneeId: w.userIds['merchantA:agent'] });
    expect((await w.req(merchant, 'POST', `${url}/actions`, { action: 'start' })).body.status).toBe('in_progress');
    const offer = (
      await w.req(merchant, 'POST', `${url}/offers`, {
        type: 'compensation',
        amountFen: 8000,
        description: '按平台裁决补偿80元并书面道歉',
        promiseDueAt: new Date(w.now.getTime() + DAY).toISOString(),
      })
    ).body;
    expect(offer.state).toBe('pending_approval');
    expect((await w.req(merchant, 'POST', `${url}/offers/${offer.id}/send`, {})).body.error.code).toBe(
      'APPROVAL_REQUIRED',
    );
    await w.req(merchantSup, 'POST', `${url}/offers/${offer.id}/approve`, {});
    await w.req(merchant, 'POST', `${url}/offers/${offer.id}/send`, {});
    const link = (await w.req(merchant, 'POST', `${url}/access-links`, {})).body;
    expect((await w.req(null, 'POST', `${link.path}/offers/${offer.id}/answer`, { answer: 'accept' })).body.state).toBe(
      'accepted',
    );
    const [promise] = (await w.req(merchant, 'GET', `${url}/promises`)).body.items;
    await w.req(merchant, 'POST', `${url}/promises/${promise.id}/settle`, { outcome: 'kept', note: '已打款80元' });
    await w.req(plat, 'POST', `${url}/escalations`, {
      target: 'market_regulator_12315',
      bodyName: '上海市市场监督管理局',
      referenceNumber: '12315-2026-0001',
    });
    expect(
      (await w.req(merchant, 'POST', `${url}/actions`, { action: 'resolve', resolution: '补偿80元并道歉' })).body
        .status,
    ).toBe('resolved');

    // Two stars within the window reopen the case to the same person; handled again, it closes.
    w.setNow(new Date(w.now.getTime() + 2 * DAY));
    const rated = await w.req(null, 'POST', `${link.path}/follow-up`, { rating: 2, comment: '道歉不真诚' });
    expect(rated.body.reopened).toBe(true);
    const reopened = (await w.req(merchant, 'GET', url)).body;
    expect(reopened).toMatchObject({ status: 'reopened', assigneeId: w.userIds['merchantA:agent'] });
    await w.req(merchant, 'POST', `${url}/actions`, { action: 'start' });
    await w.req(merchant, 'POST', `${url}/actions`, { action: 'resolve', resolution: '店长亲自致电道歉' });
    const closed = await w.req(merchant, 'POST', `${url}/actions`, {
      action: 'close',
      rootCause: { type: 'systemic', text: '客服未经话术培训', category: 'staff_attitude' },
    });
    expect(closed.body.status).toBe('closed');

    const dossier = await w.req(plat, 'GET', `${url}/dossier`);
    expect(dossier.status).toBe(200);
    const steps = dossier.body.timeline.map((e: { type: string; data: { to?: string } }) =>
      e.type === 'status_changed' ? `→${e.data.to}` : e.type,
    );
    const expected = [
      'created',
      '→accepted',
      'forwarded',
      'respondent_replied',
      'parties_disagree',
      'platform_ruling',
      '→in_progress',
      'offer_made',
      'offer_approved',
      'offer_sent',
      'offer_answered',
      'promise_made',
      'promise_kept',
      'escalation_recorded',
      '→resolved',
      'follow_up_scheduled',
      'follow_up_answered',
      '→reopened',
      '→in_progress',
      '→resolved',
      'follow_up_scheduled',
      '→closed',
    ];
    expect(steps.filter((s: string) => expected.includes(s))).toEqual(expected);
    expect(dossier.body.parties.respondent).toMatchObject({ id: w.tenants.merchantA, name: '商家甲' });
    expect(dossier.body.forwards[0]).toMatchObject({ ruling: 'order_compensation', disagreement: '投诉人不接受30元' });
    expect(dossier.body.offers[0]).toMatchObject({ state: 'accepted', amountFen: 8000 });
    expect(dossier.body.promises[0]).toMatchObject({ state: 'kept' });
    expect(dossier.body.followUps.map((f: { rating: number | null }) => f.rating)).toEqual([2, null]);
    expect(dossier.body.escalations[0]).toMatchObject({ referenceNumber: '12315-2026-0001', level: 'external' });
    expect(JSON.stringify(dossier.body)).not.toContain('该客服已停职');

    const html = await w.req(plat, 'GET', `${url}/dossier?format=html`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('投诉处理档案');
    expect(html.body).toContain('平台裁决');
    expect(html.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.body).not.toContain('<script>');
    expect(html.body).not.toContain('<b>100');
    expect((await w.req(w.tokens['merchantB:admin']!, 'GET', `${url}/dossier`)).status).toBe(404);
  });

  it('lets the platform rule when the reply deadline passes without an answer', async () => {
    const plat = w.tokens['platform:agent']!;
    const c = (
      await w.req(
        plat,
        'POST',
        '/api/v1/cases',
        complaintBody({ respondentTenantId: w.tenants.merchantA, category: 'service_attitude' }),
      )
    ).body;
    await w.req(plat, 'POST', `/api/v1/cases/${c.id}/forward`, { replyHours: 1 });
    const sup = w.tokens['platform:supervisor']!;
    const rule = () =>
      w.req(sup, 'POST', `/api/v1/cases/${c.id}/forward/ruling`, { ruling: 'record_violation', text: '逾期未答复' });
    expect((await rule()).body.error.code).toBe('RULING_NOT_DUE');
    w.setNow(new Date(w.now.getTime() + 2 * HOUR));
    const forwards = (await w.req(plat, 'GET', `/api/v1/cases/${c.id}/forwards`)).body.items;
    expect(forwards[0]).toMatchObject({ replyOverdue: true });
    expect((await rule()).body).toMatchObject({ state: 'ruled', ruling: 'record_violation' });
    const late = await w.req(w.tokens['merchantA:agent']!, 'POST', `/api/v1/cases/${c.id}/forward/reply`, {
      kind: 'reply',
      text: '晚了',
    });
    expect(late.body.error.code).toBe('FORWARD_NOT_FOUND');
  });
});
