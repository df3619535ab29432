import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { caseInProgress } from '../support/resolution.ts';
import { buildWorld, complaintBody, type World } from '../support/world.ts';

describe.each(testDatabases())('malicious complaints on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  it('refuses compensation to a flagged extortion complainant without an admin’s approval', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const supervisor = w.tokens['merchantA:supervisor']!;
    const body = complaintBody({
      category: 'service_attitude',
      complainant: { name: '赵某', phone: '+86 139 0000 1111' },
      reason: '不给500元就一直打电话投诉、给差评。',
    });
    const first = await caseInProgress(w, agent, w.userIds['merchantA:agent']!, body);
    expect((await w.req(agent, 'POST', `/api/v1/cases/${first}/flags`, { kind: 'extortion', note: 'x' })).status).toBe(
      403,
    );
    const flag = await w.req(supervisor, 'POST', `/api/v1/cases/${first}/flags`, {
      kind: 'extortion',
      note: '多次来电索要500元，否则持续差评',
    });
    expect(flag.status).toBe(201);

    // The same person comes back (same phone, written differently): intake sees the history and the flag.
    const again = await caseInProgress(w, agent, w.userIds['merchantA:agent']!, {
      ...body,
      complainant: { name: '赵先生', phone: '13900001111' },
    });
    const history = await w.req(agent, 'GET', `/api/v1/cases/${again}/complainant-history`);
    expect(history.body).toMatchObject({ caseCount: 2, flags: [expect.objectContaining({ kind: 'extortion' })] });
    expect(JSON.stringify(history.body)).not.toContain('13900001111');

    // Even ¥10 — within the agent's own limit — waits for an admin; a supervisor may not approve it.
    const offers = `/api/v1/cases/${again}/offers`;
    const offer = (
      await w.req(agent, 'POST', offers, { type: 'compensation', amountFen: 1000, description: '补偿10元' })
    ).body;
    expect(offer).toMatchObject({
      state: 'pending_approval',
      approvalRole: 'admin',
      adminReason: 'flagged_complainant',
    });
    expect((await w.req(agent, 'POST', `${offers}/${offer.id}/send`, {})).body.error.code).toBe('APPROVAL_REQUIRED');
    const bySupervisor = await w.req(supervisor, 'POST', `${offers}/${offer.id}/approve`, {});
    expect(bySupervisor.status).toBe(403);
    expect(bySupervisor.body.error).toMatchObject({
      code: 'FLAGGED_COMPLAINANT_ADMIN_ONLY',
      messageZh: expect.any(String),
    });
    const declined = await w.req(w.tokens['merchantA:admin']!, 'POST', `${offers}/${offer.id}/decline`, {
      note: '疑似敲诈，不予赔付',
    });
    expect(declined.body.state).toBe('declined');
    // An apology costs nothing and needs no approval.
    const apology = (await w.req(agent, 'POST', offers, { type: 'apology', amountFen: 0, description: '书面致歉' }))
      .body;
    expect(apology.state).toBe('draft');
    // Another merchant neither sees the case nor the flag.
    expect(
      (await w.req(w.tokens['merchantB:supervisor']!, 'GET', `/api/v1/cases/${again}/complainant-history`)).status,
    ).toBe(404);
  });

  it('documents every resolution route in the OpenAPI document', async () => {
    const doc = await w.req(null, 'GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    for (const path of [
      '/api/v1/routing-rules',
      '/api/v1/cases/{id}/offers/{offerId}/approve',
      '/api/v1/access/{token}/offers/{offerId}/answer',
      '/api/v1/promises/overdue',
      '/api/v1/access/{token}/follow-up',
      '/api/v1/cases/{id}/forward/ruling',
      '/api/v1/cases/{id}/dossier',
      '/api/v1/cases/{id}/flags',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
  });
});
