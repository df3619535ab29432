import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { caseInProgress, timelineTypes } from '../support/resolution.ts';
import { buildWorld, complaintBody, DAY, type World } from '../support/world.ts';

describe.each(testDatabases())('offers, promises and follow-up on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  it('negotiates an over-limit offer through approval and the access link, keeps the promise, follows up', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const supervisor = w.tokens['merchantA:supervisor']!;
    const agentId = w.userIds['merchantA:agent']!;
    const id = await caseInProgress(w, agent, agentId, complaintBody({ category: 'service_attitude' }));
    const offers = `/api/v1/cases/${id}/offers`;

    // ¥80 is over the agent's ¥50 limit: it waits for a supervisor and cannot be sent.
    const dueAt = new Date(w.now.getTime() + 2 * DAY).toISOString();
    const made = await w.req(agent, 'POST', offers, {
      type: 'compensation',
      amountFen: 8000,
      description: '补偿80元',
      promiseDueAt: dueAt,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ state: 'pending_approval', approvalRole: 'supervisor', amountFen: 8000 });
    const offerId = made.body.id;
    const send = await w.req(agent, 'POST', `${offers}/${offerId}/send`, {});
    expect(send.status).toBe(409);
    expect(send.body.error).toMatchObject({ code: 'APPROVAL_REQUIRED', messageZh: expect.stringContaining('审批') });
    expect((await w.req(agent, 'POST', `${offers}/${offerId}/approve`, {})).status).toBe(403);
    // ¥800 needs an admin: a supervisor's limit does not cover it.
    const big = (await w.req(agent, 'POST', offers, { type: 'refund', amountFen: 80_000, description: '全额退款' }))
      .body;
    expect(big.approvalRole).toBe('admin');
    const tooBig = await w.req(supervisor, 'POST', `${offers}/${big.id}/approve`, {});
    expect(tooBig.body.error.code).toBe('APPROVAL_LIMIT_EXCEEDED');
    const declined = await w.req(w.tokens['merchantA:admin']!, 'POST', `${offers}/${big.id}/decline`, {
      note: '先补偿',
    });
    expect(declined.body.state).toBe('declined');

    const approved = await w.req(supervisor, 'POST', `${offers}/${offerId}/approve`, { note: '同意' });
    expect(approved.body).toMatchObject({ state: 'approved', approvedBy: w.userIds['merchantA:supervisor'] });
    expect((await w.req(agent, 'POST', `${offers}/${offerId}/send`, {})).body.state).toBe('sent');

    // The complainant sees only sent offers, without staff data, and accepts through the link.
    const link = (await w.req(agent, 'POST', `/api/v1/cases/${id}/access-links`, { days: 7 })).body;
    const seen = await w.req(null, 'GET', `${link.path}/offers`);
    expect(seen.body.items).toEqual([expect.objectContaining({ id: offerId, state: 'sent', amountFen: 8000 })]);
    expect(JSON.stringify(seen.body)).not.toContain(agentId);
    expect(JSON.stringify(seen.body)).not.toContain('同意');
    const accepted = await w.req(null, 'POST', `${link.path}/offers/${offerId}/answer`, { answer: 'accept' });
    expect(accepted.body.state).toBe('accepted');
    const again = await w.req(null, 'POST', `${link.path}/offers/${offerId}/answer`, { answer: 'reject' });
    expect(again.body.error.code).toBe('OFFER_STATE_INVALID');

    // Acceptance became a promise owned by the responsible person; the case cannot close while it is open.
    const promises = (await w.req(agent, 'GET', `/api/v1/cases/${id}/promises`)).body.items;
    expect(promises).toEqual([
      expect.objectContaining({ kind: 'refund', ownerId: agentId, state: 'open', offerId, dueAt }),
    ]);
    const act = (body: Record<string, unknown>) => w.req(agent, 'POST', `/api/v1/cases/${id}/actions`, body);
    const resolved = (await act({ action: 'resolve', resolution: '补偿80元' })).body;
    expect(resolved).toMatchObject({ status: 'resolved', openPromises: 1 });
    expect(resolved.allowedActions).not.toContain('close');
    const cause = { type: 'accidental', text: '客服语气生硬', category: 'staff_attitude' };
    const refused = await act({ action: 'close', rootCause: cause });
    expect(refused.body.error).toMatchObject({ code: 'OPEN_PROMISES', messageZh: expect.stringContaining('承诺') });

    // Past due it shows on the organisation's and the owner's overdue list; then it is kept, late.
    w.setNow(new Date(w.now.getTime() + 3 * DAY));
    const overdue = await w.req(supervisor, 'GET', `/api/v1/promises/overdue?ownerId=${agentId}`);
    expect(overdue.body.items).toEqual([expect.objectContaining({ id: promises[0].id, overdue: true })]);
    expect((await w.req(w.tokens['merchantB:supervisor']!, 'GET', '/api/v1/promises/overdue')).body.items).toEqual([]);
    const kept = await w.req(agent, 'POST', `/api/v1/cases/${id}/promises/${promises[0].id}/settle`, {
      outcome: 'kept',
      note: '已通过支付宝转账',
    });
    expect(kept.body).toMatchObject({ state: 'kept', overdue: false });

    // A 2-star rating through the link within the window reopens the case to the same person, with the comment.
    const followUps = (await w.req(agent, 'GET', `/api/v1/cases/${id}/follow-ups`)).body.items;
    expect(followUps).toEqual([expect.objectContaining({ state: 'scheduled' })]);
    expect(
      (await w.req(agent, 'GET', '/api/v1/follow-ups/due')).body.items.map((f: { caseId: string }) => f.caseId),
    ).toContain(id);
    const rated = await w.req(null, 'POST', `${link.path}/follow-up`, { rating: 2, comment: '钱到了但态度还是差' });
    expect(rated.body).toMatchObject({ rating: 2, reopened: true });
    let c = (await w.req(agent, 'GET', `/api/v1/cases/${id}`)).body;
    expect(c).toMatchObject({ status: 'reopened', assigneeId: agentId });
    expect(c.statusReason).toContain('钱到了但态度还是差');

    // Handled again; a 5-star phone answer does not reopen, and the case closes with its root cause.
    await act({ action: 'start' });
    await act({ action: 'resolve', resolution: '主管致电道歉' });
    const phone = await w.req(agent, 'POST', `/api/v1/cases/${id}/follow-up`, { rating: 5, comment: '满意' });
    expect(phone.body).toMatchObject({ rating: 5, answeredVia: 'phone', reopened: false });
    expect((await w.req(agent, 'POST', `/api/v1/cases/${id}/follow-up`, { rating: 4 })).body.error.code).toBe(
      'FOLLOW_UP_NOT_DUE',
    );
    c = (await act({ action: 'close', rootCause: cause })).body;
    expect(c).toMatchObject({ status: 'closed', openPromises: 0 });
    expect(await timelineTypes(w, agent, id)).toEqual(
      expect.arrayContaining([
        'offer_made',
        'offer_approved',
        'offer_declined',
        'offer_sent',
        'offer_answered',
        'promise_made',
        'promise_kept',
        'follow_up_scheduled',
        'follow_up_answered',
      ]),
    );
  });

  it('records counters by the agent, hides offers from foreign tenants and refuses expired links', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const id = await caseInProgress(
      w,
      agent,
      w.userIds['merchantA:agent']!,
      complaintBody({ category: 'service_attitude' }),
    );
    const offers = `/api/v1/cases/${id}/offers`;
    const o = (await w.req(agent, 'POST', offers, { type: 'coupon', amountFen: 1000, description: '10元券' })).body;
    expect(o.state).toBe('draft');
    await w.req(agent, 'POST', `${offers}/${o.id}/send`, {});
    const empty = await w.req(agent, 'POST', `${offers}/${o.id}/answer`, { answer: 'counter' });
    expect(empty.status).toBe(422);
    const counter = await w.req(agent, 'POST', `${offers}/${o.id}/answer`, {
      answer: 'counter',
      counterAmountFen: 3000,
    });
    expect(counter.body).toMatchObject({ state: 'countered', counterAmountFen: 3000, answeredVia: 'agent' });
    expect((await w.req(w.tokens['merchantB:agent']!, 'GET', offers)).status).toBe(404);
    expect((await w.req(agent, 'POST', offers, { type: 'coupon', amountFen: -1, description: 'x' })).status).toBe(400);
    const link = (await w.req(agent, 'POST', `/api/v1/cases/${id}/access-links`, { days: 1 })).body;
    w.setNow(new Date(w.now.getTime() + 2 * DAY));
    expect((await w.req(null, 'GET', `${link.path}/offers`)).body.error.code).toBe('LINK_EXPIRED');
    // A promise made by hand, then broken, with a note.
    const p = await w.req(agent, 'POST', `/api/v1/cases/${id}/promises`, {
      kind: 'callback',
      description: '明天上午回电',
      dueAt: new Date(w.now.getTime() + DAY).toISOString(),
    });
    expect(p.status).toBe(201);
    const broken = await w.req(agent, 'POST', `/api/v1/cases/${id}/promises/${p.body.id}/settle`, {
      outcome: 'broken',
      note: '客服请假未回电',
    });
    expect(broken.body.state).toBe('broken');
    const twice = await w.req(agent, 'POST', `/api/v1/cases/${id}/promises/${p.body.id}/settle`, {
      outcome: 'kept',
      note: 'x',
    });
    expect(twice.body.error.code).toBe('PROMISE_ALREADY_SETTLED');
  });
});
