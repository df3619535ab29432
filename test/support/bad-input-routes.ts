import { complaintBody, orderBody, type World } from './world.ts';

/** What a call points at: a case (awaiting the customer) and an order of merchantA. */
export interface Target {
  caseId: string;
  orderId: string;
  orderNumber: string;
}

/** Makes a fresh case and order as merchantA's agent. */
export async function newTarget(w: World): Promise<Target> {
  const agent = w.tokens['merchantA:agent']!;
  const order = await w.req(agent, 'POST', '/api/v1/orders', orderBody());
  const c = await w.req(agent, 'POST', '/api/v1/cases', complaintBody());
  if (order.status !== 201 || c.status !== 201) throw new Error(`fixture failed: ${order.status} ${c.status}`);
  return { caseId: c.body.id, orderId: order.body.id, orderNumber: order.body.orderNumber };
}

export interface JsonRoute {
  /** Whose token (a key of world.tokens), or null for a public route. */
  caller: string | null;
  url(t: Target): string;
  /** A body the route accepts, with every optional field filled in: each bad body changes one thing in it. */
  body(w: World, t: Target): Record<string, unknown>;
  /** What the good body gets. */
  ok: number;
  /** The free-text field to corrupt with bad bytes (a JSON pointer). */
  text?: string;
  /** Fields where a NUL byte is never stored as text, so it is not a 400, and what the route answers instead. */
  nulAnswers?: Record<string, number>;
}

let seq = 0;
const next = () => `${process.pid}-${++seq}`;

/** Every route taking a JSON body, keyed like the OpenAPI document ("METHOD /path/{param}"). */
export const jsonRoutes: Record<string, JsonRoute> = {
  'POST /api/v1/auth/login': {
    caller: null,
    url: () => '/api/v1/auth/login',
    body: () => ({ email: 'agent@merchanta.test', password: 'correct horse battery', tenant: 'ma' }),
    ok: 200,
    nulAnswers: { '/password': 401, '/tenant': 403 },
  },
  'PATCH /api/v1/tenants/current': {
    caller: 'merchantA:admin',
    url: () => '/api/v1/tenants/current',
    body: () => ({ name: '商家甲', afterSalesDays: 15 }),
    ok: 200,
  },
  'POST /api/v1/members': {
    caller: 'merchantA:admin',
    url: () => '/api/v1/members',
    body: () => ({
      email: `m${next()}@bad-input.test`,
      displayName: '新同事',
      password: 'a long enough password',
      role: 'viewer',
    }),
    ok: 201,
    text: '/displayName',
    nulAnswers: { '/password': 201 },
  },
  'POST /api/v1/orders': {
    caller: 'merchantA:agent',
    url: () => '/api/v1/orders',
    body: (w) =>
      orderBody({
        orderNumber: `BI${next()}`,
        sellerTenantId: w.tenants.merchantA,
        items: [{ sku: 'SKU-1', name: '实木餐桌', quantity: 1, priceFen: 129900 }],
        state: 'completed',
        placedAt: '2026-10-20T08:00:00Z',
        completedAt: '2026-10-25T08:00:00+08:00',
      }),
    ok: 201,
    text: '/buyerName',
  },
  'POST /api/v1/orders/{id}/state': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/orders/${t.orderId}/state`,
    body: () => ({ state: 'completed', completedAt: '2026-10-30T08:00:00Z' }),
    ok: 200,
  },
  'POST /api/v1/cases': {
    caller: 'merchantA:agent',
    url: () => '/api/v1/cases',
    body: (w, t) =>
      complaintBody({
        respondentTenantId: w.tenants.merchantA,
        orderNumber: t.orderNumber,
        complainant: { name: '张三', phone: '13812345678', email: 'zhang@example.com', idNumber: '11010519491231002X' },
        severity: 2,
        reviewRating: 1,
      }),
    ok: 201,
    text: '/reason',
  },
  'PATCH /api/v1/cases/{id}': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/cases/${t.caseId}`,
    body: (_w, t) => ({
      complainant: { name: '张三丰', phone: '+86 138 1234 5678', email: 'zsf@example.com', idNumber: 'A1234567' },
      orderNumber: t.orderNumber,
      reason: '补充：桌面有划痕',
      expectedResolution: 'exchange',
      category: 'product_quality',
      severity: 3,
      reviewRating: 2,
    }),
    ok: 200,
    text: '/reason',
  },
  'POST /api/v1/cases/{id}/actions': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/cases/${t.caseId}/actions`,
    body: () => ({
      action: 'escalate',
      reason: '顾客要求主管处理',
      resolution: '先行赔付',
      rootCause: { type: 'accidental', text: '仓库漏检' },
      expectedVersion: 1,
    }),
    ok: 200,
    text: '/reason',
  },
  'POST /api/v1/cases/{id}/assign': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/cases/${t.caseId}/assign`,
    body: (w) => ({ assigneeId: w.userIds['merchantA:supervisor'], reason: '交接给值班主管' }),
    ok: 200,
    text: '/reason',
  },
  'POST /api/v1/cases/{id}/notes': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/cases/${t.caseId}/notes`,
    body: () => ({ body: '已致电顾客，约定明天上门取件', visibility: 'customer' }),
    ok: 201,
    text: '/body',
  },
  'POST /api/v1/cases/{id}/access-links': {
    caller: 'merchantA:agent',
    url: (t) => `/api/v1/cases/${t.caseId}/access-links`,
    body: () => ({ days: 30 }),
    ok: 201,
  },
};

/** Routes that change something but take no JSON body; their bad input is tested by hand. */
export const otherMutatingRoutes = ['POST /api/v1/auth/logout', 'POST /api/v1/cases/{id}/evidence'];
