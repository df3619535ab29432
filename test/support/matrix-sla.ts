import { notify } from '../../src/services/notifications.ts';
import { dispatchOutbox } from '../../src/services/webhook-delivery.ts';
import { everyone, type MatrixEnv, type MatrixPart, ok, only, own, type Requests, type Row } from './matrix.ts';

/** SLA policies and working hours, the inbox, webhooks and their deliveries. */
const rows = {
  'GET /api/v1/sla/presets': everyone(200),
  'GET /api/v1/sla/policies': everyone(200),
  'GET /api/v1/sla/policies/{id}': own(200, 404),
  'POST /api/v1/sla/policies': everyone(only(['admin'], 201)),
  'PATCH /api/v1/sla/policies/{id}': own(only(['admin'], 200), only(['admin'], 404)),
  'DELETE /api/v1/sla/policies/{id}': own(only(['admin'], 200), only(['admin'], 404)),
  'GET /api/v1/sla/settings': everyone(200),
  'PUT /api/v1/sla/settings': everyone(only(['admin'], 200)),
  'GET /api/v1/notifications': everyone(200),
  'GET /api/v1/notifications/unread-count': everyone(200),
  // The inbox is personal: only the user it was written to may mark it, anyone else is told it does not exist.
  'POST /api/v1/notifications/{id}/read': own(only(['agent'], 200, 404), 404),
  'POST /api/v1/notifications/read-all': everyone(200),
  'POST /api/v1/webhooks/endpoints': everyone(only(['admin'], 201)),
  'GET /api/v1/webhooks/endpoints': everyone(only(['admin'], 200)),
  'DELETE /api/v1/webhooks/endpoints/{id}': own(only(['admin'], 200), only(['admin'], 404)),
  'GET /api/v1/webhooks/deliveries': everyone(only(['admin'], 200)),
  'GET /api/v1/webhooks/deliveries/{id}': own(only(['admin'], 200), only(['admin'], 404)),
  'POST /api/v1/webhooks/deliveries/{id}/redeliver': own(only(['admin'], 200), only(['admin'], 404)),
} satisfies Record<string, Row>;
type Key = keyof typeof rows;

const fixture = { policyId: '', notificationId: '', deliveryId: '' };
const policyBody = (n: number) => ({
  name: `矩阵测试规则${n}`,
  targets: { resolution: { amount: 3, unit: 'working_days' } },
  active: false,
});

function requests({ w, next }: MatrixEnv): Requests<Key> {
  const admin = () => w.tokens['merchantA:admin']!;
  const newPolicy = async () =>
    ok(await w.req(admin(), 'POST', '/api/v1/sla/policies', policyBody(next())), 201, 'sla policy').body.id as string;
  const newEndpoint = async () =>
    ok(
      await w.req(admin(), 'POST', '/api/v1/webhooks/endpoints', {
        url: 'https://hooks.example.com/kesu',
        eventTypes: ['sla.breached'],
      }),
      201,
      'endpoint',
    ).body.id as string;
  return {
    'GET /api/v1/sla/presets': () => ({ url: '/api/v1/sla/presets' }),
    'GET /api/v1/sla/policies': () => ({ url: '/api/v1/sla/policies' }),
    'GET /api/v1/sla/policies/{id}': () => ({ url: `/api/v1/sla/policies/${fixture.policyId}` }),
    'POST /api/v1/sla/policies': () => ({ url: '/api/v1/sla/policies', payload: policyBody(next()) }),
    'PATCH /api/v1/sla/policies/{id}': async () => ({
      url: `/api/v1/sla/policies/${await newPolicy()}`,
      payload: { name: `改名${next()}` },
    }),
    'DELETE /api/v1/sla/policies/{id}': async () => ({ url: `/api/v1/sla/policies/${await newPolicy()}` }),
    'GET /api/v1/sla/settings': () => ({ url: '/api/v1/sla/settings' }),
    'PUT /api/v1/sla/settings': () => ({
      url: '/api/v1/sla/settings',
      payload: { workStart: '09:00', workEnd: '18:00', lunch: { start: '12:00', end: '13:30' } },
    }),
    'GET /api/v1/notifications': () => ({ url: '/api/v1/notifications' }),
    'GET /api/v1/notifications/unread-count': () => ({ url: '/api/v1/notifications/unread-count' }),
    'POST /api/v1/notifications/{id}/read': () => ({ url: `/api/v1/notifications/${fixture.notificationId}/read` }),
    'POST /api/v1/notifications/read-all': () => ({ url: '/api/v1/notifications/read-all' }),
    'POST /api/v1/webhooks/endpoints': () => ({
      url: '/api/v1/webhooks/endpoints',
      payload: { url: 'https://hooks.example.com/kesu', description: '工单系统', eventTypes: ['case.created'] },
    }),
    'GET /api/v1/webhooks/endpoints': () => ({ url: '/api/v1/webhooks/endpoints' }),
    'DELETE /api/v1/webhooks/endpoints/{id}': async () => ({
      url: `/api/v1/webhooks/endpoints/${await newEndpoint()}`,
    }),
    'GET /api/v1/webhooks/deliveries': () => ({ url: '/api/v1/webhooks/deliveries' }),
    'GET /api/v1/webhooks/deliveries/{id}': () => ({ url: `/api/v1/webhooks/deliveries/${fixture.deliveryId}` }),
    'POST /api/v1/webhooks/deliveries/{id}/redeliver': () => ({
      url: `/api/v1/webhooks/deliveries/${fixture.deliveryId}/redeliver`,
    }),
  };
}

async function setup({ w, fx, next }: MatrixEnv) {
  const admin = w.tokens['merchantA:admin']!;
  fixture.policyId = ok(await w.req(admin, 'POST', '/api/v1/sla/policies', policyBody(next())), 201, 'policy').body.id;
  // An SLA breach notice in the inbox of merchantA's agent, as the SLA job writes it.
  await notify(w.database.db, {
    tenantId: w.tenants.merchantA,
    userIds: [w.userIds['merchantA:agent']!],
    kind: 'sla.breached',
    caseId: fx['merchantA case'].id,
    data: { caseNumber: fx['merchantA case'].caseNumber, target: 'resolution', dueAt: null },
    dedupeKey: `matrix-${next()}`,
    email: false,
    at: w.now,
  });
  const n = await w.database.db
    .selectFrom('notifications')
    .select('id')
    .where('user_id', '=', w.userIds['merchantA:agent']!)
    .executeTakeFirstOrThrow();
  fixture.notificationId = n.id;
  // A delivery: an endpoint listening to every event, then the outbox handed to it.
  ok(
    await w.req(admin, 'POST', '/api/v1/webhooks/endpoints', {
      url: 'https://hooks.example.com/all',
      eventTypes: ['*'],
    }),
    201,
    'endpoint',
  );
  ok(
    await w.req(w.tokens['merchantA:agent']!, 'POST', '/api/v1/cases', {
      kind: 'complaint',
      channel: 'hotline',
      complainant: { name: '李四', phone: '13700001111' },
      reason: '快递三天没有更新物流信息。',
    }),
    201,
    'case for webhook',
  );
  await dispatchOutbox(w.database.db, w.now);
  const d = await w.database.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('tenant_id', '=', w.tenants.merchantA)
    .executeTakeFirstOrThrow();
  fixture.deliveryId = d.id;
}

export const slaMatrix: MatrixPart<Key> = { rows, requests, setup };
