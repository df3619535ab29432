import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, DAY, type World } from '../support/world.ts';

describe.each(testDatabases())('complainant access links on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  it('shows the complainant one case’s progress without an account, and nothing else', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const c = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }))).body;
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/notes`, { body: '内部备注：买家情绪激动' });
    const link = await w.req(agent, 'POST', `/api/v1/cases/${c.id}/access-links`, { days: 7 });
    expect(link.status).toBe(201);
    expect(link.body.token).toMatch(/^kca_/);
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'accept' });

    const view = await w.req(null, 'GET', link.body.path);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ caseNumber: c.caseNumber, status: 'accepted' });
    expect(view.body.progress.map((p: { type: string }) => p.type)).toEqual(['created', 'status_changed']);
    const text = JSON.stringify(view.body);
    expect(text).not.toContain('内部备注');
    expect(text).not.toContain(w.userIds['merchantA:agent']);
    expect(text).not.toContain(w.tenants.merchantA);
  });

  it('answers an expired link with LINK_EXPIRED and a made-up one with LINK_NOT_FOUND', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const c = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }))).body;
    const link = (await w.req(agent, 'POST', `/api/v1/cases/${c.id}/access-links`, { days: 1 })).body;
    const start = w.now;
    w.setNow(new Date(start.getTime() + 2 * DAY));
    const expired = await w.req(null, 'GET', link.path);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('LINK_EXPIRED');
    w.setNow(start);
    const forged = await w.req(null, 'GET', `/api/v1/access/kca_${'A'.repeat(43)}`);
    expect(forged.status).toBe(404);
    expect(forged.body.error.code).toBe('LINK_NOT_FOUND');
  });

  it('lets only staff who see the case issue a link', async () => {
    const c = (
      await w.req(
        w.tokens['merchantA:agent']!,
        'POST',
        '/api/v1/cases',
        complaintBody({ category: 'service_attitude' }),
      )
    ).body;
    expect((await w.req(w.tokens['merchantB:agent']!, 'POST', `/api/v1/cases/${c.id}/access-links`, {})).status).toBe(
      404,
    );
    expect((await w.req(w.tokens['merchantA:viewer']!, 'POST', `/api/v1/cases/${c.id}/access-links`, {})).status).toBe(
      403,
    );
  });
});
