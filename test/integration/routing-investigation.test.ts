import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { addUser, caseInProgress, timelineTypes } from '../support/resolution.ts';
import { buildWorld, complaintBody, type World } from '../support/world.ts';

describe.each(testDatabases())('routing and investigation on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  it('routes a new case by the first matching rule to a department and a first responsible person', async () => {
    const admin = w.tokens['merchantA:admin']!;
    const agent = w.tokens['merchantA:agent']!;
    const warehouse = (await w.req(admin, 'POST', '/api/v1/departments', { code: 'warehouse', name: '仓库' })).body;
    const afterSales = (await w.req(admin, 'POST', '/api/v1/departments', { code: 'after_sales', name: '售后' })).body;
    expect(
      (await w.req(admin, 'POST', '/api/v1/departments', { code: 'warehouse', name: '仓库2' })).body.error.code,
    ).toBe('DEPARTMENT_CODE_TAKEN');
    const quality = await w.req(admin, 'POST', '/api/v1/routing-rules', {
      priority: 10,
      category: 'product_quality',
      departmentId: warehouse.id,
      assigneeId: w.userIds['merchantA:agent'],
    });
    expect(quality.status).toBe(201);
    await w.req(admin, 'POST', '/api/v1/routing-rules', { priority: 1000, departmentId: afterSales.id });
    const clash = await w.req(admin, 'POST', '/api/v1/routing-rules', { priority: 10, departmentId: afterSales.id });
    expect(clash.body.error).toMatchObject({ code: 'RULE_PRIORITY_TAKEN', messageZh: expect.any(String) });
    // Another organisation's department cannot be named, and its rules are not listed.
    const foreign = await w.req(w.tokens['merchantB:admin']!, 'POST', '/api/v1/routing-rules', {
      priority: 1,
      departmentId: warehouse.id,
    });
    expect(foreign.status).toBe(404);
    expect((await w.req(w.tokens['merchantB:admin']!, 'GET', '/api/v1/routing-rules')).body.items).toEqual([]);
    expect(
      (await w.req(agent, 'POST', '/api/v1/routing-rules', { priority: 5, departmentId: warehouse.id })).status,
    ).toBe(403);

    const q = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'product_quality' }))).body;
    expect(q).toMatchObject({ departmentId: warehouse.id, assigneeId: w.userIds['merchantA:agent'] });
    expect(await timelineTypes(w, agent, q.id)).toEqual(['created', 'routed']);
    const late = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'logistics_delay' }))).body;
    expect(late).toMatchObject({ departmentId: afterSales.id, assigneeId: null });

    // Reassigning the routed person needs a reason, which goes on the timeline.
    const noReason = await w.req(agent, 'POST', `/api/v1/cases/${q.id}/assign`, {
      assigneeId: w.userIds['merchantA:supervisor'],
    });
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
  });

  it('lets collaborators from other departments write investigation notes, and nobody else', async () => {
    const admin = w.tokens['merchantA:admin']!;
    const agent = w.tokens['merchantA:agent']!;
    const product = (await w.req(admin, 'POST', '/api/v1/departments', { code: 'product', name: '产品部' })).body;
    const colleague = await addUser(w, 'merchantA', 'agent', 'li-product');
    const outsider = await addUser(w, 'merchantA', 'agent', 'wang-other');
    const id = await caseInProgress(
      w,
      agent,
      w.userIds['merchantA:agent']!,
      complaintBody({ category: 'service_attitude' }),
    );

    const refused = await w.req(outsider.token, 'POST', `/api/v1/cases/${id}/investigation-notes`, {
      findings: '看看',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_A_COLLABORATOR');

    const added = await w.req(agent, 'POST', `/api/v1/cases/${id}/collaborators`, {
      userId: colleague.id,
      departmentId: product.id,
    });
    expect(added.status).toBe(201);
    const note = await w.req(colleague.token, 'POST', `/api/v1/cases/${id}/investigation-notes`, {
      findings: '商品详情页标注尺寸与实物不符，已通知运营修改',
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ departmentId: product.id, departmentName: '产品部' });
    const list = await w.req(agent, 'GET', `/api/v1/cases/${id}/collaborators`);
    expect(list.body.items).toEqual([expect.objectContaining({ userId: colleague.id, departmentName: '产品部' })]);
    expect(await timelineTypes(w, agent, id)).toEqual(
      expect.arrayContaining(['collaborator_added', 'investigation_note']),
    );
    // A colleague of another organisation cannot be added; a foreign tenant does not see the case at all.
    const foreignUser = await w.req(agent, 'POST', `/api/v1/cases/${id}/collaborators`, {
      userId: w.userIds['merchantB:agent'],
      departmentId: product.id,
    });
    expect(foreignUser.body.error.code).toBe('ASSIGNEE_NOT_MEMBER');
    const foreign = await w.req(w.tokens['merchantB:admin']!, 'POST', `/api/v1/cases/${id}/investigation-notes`, {
      findings: 'x',
    });
    expect(foreign.status).toBe(404);
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .where('action', 'in', ['case.collaborator_add', 'case.investigation_note'])
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('lists systemic root causes of closed cases by category for the analysis meeting', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const id = await caseInProgress(
      w,
      agent,
      w.userIds['merchantA:agent']!,
      complaintBody({ category: 'service_attitude' }),
    );
    const act = (body: Record<string, unknown>) => w.req(agent, 'POST', `/api/v1/cases/${id}/actions`, body);
    await act({ action: 'resolve', resolution: '补发新品' });
    const bad = await act({ action: 'close', rootCause: { type: 'systemic', text: '纸箱太薄', category: 'nonsense' } });
    expect(bad.status).toBe(400);
    const closed = await act({
      action: 'close',
      rootCause: { type: 'systemic', text: '纸箱太薄', category: 'packing' },
    });
    expect(closed.body.rootCause).toEqual({ type: 'systemic', text: '纸箱太薄', category: 'packing' });
    const list = await w.req(agent, 'GET', '/api/v1/root-causes/systemic?category=packing');
    expect(list.body.byCategory).toEqual([{ category: 'packing', count: 1 }]);
    expect(list.body.items[0]).toMatchObject({ caseId: id, rootCauseText: '纸箱太薄' });
    expect((await w.req(w.tokens['merchantB:agent']!, 'GET', '/api/v1/root-causes/systemic')).body.items).toEqual([]);
  });
});
