import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRoutes, newTarget, type Target } from '../support/bad-input-routes.ts';
import { testDatabases } from '../support/databases.ts';
import {
  documentedOperations,
  errorShapeProblems,
  evidenceUpload,
  expectError,
  type Operation,
} from '../support/http-checks.ts';
import { buildWorld, type World } from '../support/world.ts';

/** Ids, cursors, query strings and credentials that are not what the route expects. */
const notIds = [
  'not-a-uuid',
  '1',
  '00000000-0000-0000-0000-000000000000',
  randomUUID(),
  '123e4567-e89b-12d3-a456-42661417400G',
  encodeURIComponent("' OR 1=1 --"),
  '%00',
  encodeURIComponent('../../etc/passwd'),
  encodeURIComponent('投诉'),
];

/** Which code a route answers for an id that names nothing, by path parameter and collection. */
function notFoundCode(path: string, param: string): string | undefined {
  if (param === 'token') return 'LINK_NOT_FOUND';
  if (param === 'evidenceId') return 'EVIDENCE_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/cases/')) return 'CASE_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/orders/')) return 'ORDER_NOT_FOUND';
  if (param === 'offerId') return 'OFFER_NOT_FOUND';
  if (param === 'promiseId') return 'PROMISE_NOT_FOUND';
  if (param === 'escalationId') return 'ESCALATION_NOT_FOUND';
  if (param === 'tenantSlug') return 'TENANT_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/routing-rules/')) return 'RULE_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/sla/policies/')) return 'SLA_POLICY_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/notifications/')) return 'NOTIFICATION_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/webhooks/endpoints/')) return 'WEBHOOK_ENDPOINT_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/webhooks/deliveries/')) return 'WEBHOOK_DELIVERY_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/mail/quarantine/')) return 'QUARANTINE_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/sanctions/')) return 'SANCTION_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/canned-responses/')) return 'CANNED_RESPONSE_NOT_FOUND';
  if (param === 'kind' && path.startsWith('/api/v1/imports/')) return 'IMPORT_KIND_UNKNOWN';
  if (param === 'id' && path.startsWith('/api/v1/imports/')) return 'IMPORT_NOT_FOUND';
  if (param === 'requestId') return 'REVISION_REQUEST_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/intake-sources/')) return 'INTAKE_SOURCE_NOT_FOUND';
  if (param === 'sourceId') return 'INTAKE_SOURCE_NOT_FOUND';
  if (param === 'id' && path.startsWith('/api/v1/members/')) return 'MEMBER_NOT_FOUND';
  return undefined;
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const badCursors = [
  '!!!',
  b64('hello'),
  b64({}),
  b64([]),
  b64(null),
  b64([1, 2]),
  b64(['2026-01-01T00:00:00Z', 'not-a-uuid']),
  b64(['2026-01-01T00:00:00Z', 42]),
  b64(['yesterday', randomUUID()]),
  b64(['+275760-09-13T00:00:00.000Z', randomUUID()]),
  b64(['-271821-04-20T00:00:00.000Z', randomUUID()]),
];

describe.each(testDatabases())('bad ids, cursors, query strings and credentials on $name', ({ open }) => {
  let w: World;
  let ops: Map<string, Operation>;
  let t: Target;
  let agent: string;
  beforeAll(async () => {
    w = await buildWorld(await open());
    ops = await documentedOperations(w);
    t = await newTarget(w);
    agent = w.tokens['merchantA:agent']!;
  });
  afterAll(async () => w?.close());

  /** A valid call to the operation with `bad` in place of one path parameter (the others name real things). */
  function callWith(op: Operation, param: string, bad: string) {
    const real: Record<string, string> = {
      token: t.linkToken,
      offerId: t.sentOfferId,
      promiseId: t.promiseId,
      escalationId: t.escalationId,
      tenantSlug: 'ma',
    };
    const url = op.path.replace(/\{(\w+)\}/g, (_m, p: string) =>
      p === param
        ? bad
        : p === 'id' && op.path.startsWith('/api/v1/orders')
          ? t.orderId
          : p === 'id'
            ? t.caseId
            : (real[p] ?? t.caseId),
    );
    const route = jsonRoutes[op.key];
    if (route) return w.req(route.caller ? w.tokens[route.caller]! : null, op.method, url, route.body(w, t));
    if (op.key === 'POST /api/v1/cases/{id}/evidence' || op.key === 'POST /api/v1/access/{token}/evidence') {
      const { payload, headers } = evidenceUpload();
      return w.req(agent, op.method, url, payload, headers);
    }
    // Webhooks, routing rules, SLA policies, canned responses and members are managed by admins: ask as an admin.
    const byAdmin = /^\/api\/v1\/(webhooks|routing-rules|sla\/policies|canned-responses|members)\//.test(op.path);
    return w.req(byAdmin ? w.tokens['merchantA:admin']! : agent, op.method, url);
  }

  it('answers 404 with the resource’s code for ids that name nothing, on every route with a path parameter', async () => {
    const problems: string[] = [];
    for (const op of ops.values()) {
      for (const [, param] of op.path.matchAll(/\{(\w+)\}/g)) {
        const code = notFoundCode(op.path, param!);
        if (!code) {
          problems.push(`${op.key}: no rule for {${param}} in notFoundCode`);
          continue;
        }
        const values = param === 'token' ? [...notIds, `kca_${'A'.repeat(43)}`] : notIds;
        for (const bad of values) {
          const res = await callWith(op, param!, bad);
          if (res.status !== 404 || res.body?.error?.code !== code)
            problems.push(`${op.key} {${param}}=${bad}: ${res.status} ${res.body?.error?.code}`);
          problems.push(...errorShapeProblems(res).map((p) => `${op.key} {${param}}=${bad}: ${p}`));
        }
        // Too long for the parameter's schema, and not even a valid URL component.
        for (const bad of ['x'.repeat(param === 'token' ? 101 : 65), '%E0%A4%A', '%ff']) {
          const res = await callWith(op, param!, bad);
          if (res.status !== 400 || res.body?.error?.code !== 'VALIDATION_FAILED')
            problems.push(`${op.key} {${param}}=${bad.slice(0, 12)}: ${res.status} ${res.body?.error?.code}`);
          problems.push(...errorShapeProblems(res).map((p) => `${op.key} {${param}}=${bad.slice(0, 12)}: ${p}`));
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(['/api/v1/cases', '/api/v1/orders'])(
    '%s refuses forged or broken cursors with 400 INVALID_CURSOR',
    async (list) => {
      for (const cursor of badCursors)
        expectError(await w.req(agent, 'GET', `${list}?cursor=${cursor}`), 400, 'INVALID_CURSOR');
      expectError(await w.req(agent, 'GET', `${list}?cursor=${'x'.repeat(201)}`), 400, 'VALIDATION_FAILED');
      // A cursor the API made still pages.
      await newTarget(w);
      const first = await w.req(agent, 'GET', `${list}?limit=1`);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await w.req(agent, 'GET', `${list}?limit=1&cursor=${first.body.nextCursor}`);
      expect(second.status).toBe(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    },
  );

  it.each([
    '/api/v1/cases?limit=0',
    '/api/v1/cases?limit=201',
    '/api/v1/cases?limit=abc',
    '/api/v1/cases?limit=1.5',
    '/api/v1/cases?limit=1&limit=2',
    '/api/v1/cases?status=nope',
    '/api/v1/cases?status=submitted&status=nope',
    '/api/v1/cases?open=maybe',
    '/api/v1/cases?severity=5',
    '/api/v1/cases?kind=complaint%27--',
    '/api/v1/cases?respondentTenantId=not-a-uuid',
    '/api/v1/cases?createdFrom=yesterday',
    '/api/v1/cases?createdFrom=2026-12-31T23:59:60Z',
    '/api/v1/cases?createdTo=9999-12-31T23:59:59Z',
    '/api/v1/cases?unknown=1',
    `/api/v1/orders?orderNumber=${'x'.repeat(65)}`,
    '/api/v1/orders?state=lost',
    '/api/v1/orders?orderNumber=%00',
    '/api/v1/orders?__proto__=1',
  ])('GET %s → 400 VALIDATION_FAILED', async (url) => {
    expectError(await w.req(agent, 'GET', url), 400, 'VALIDATION_FAILED');
  });

  it('answers unknown routes and methods with 404 NOT_FOUND in the error shape', async () => {
    expectError(await w.req(agent, 'GET', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expectError(await w.req(agent, 'DELETE', `/api/v1/cases/${t.caseId}`), 404, 'NOT_FOUND');
    expectError(await w.req(null, 'PUT', '/api/v1/cases'), 404, 'NOT_FOUND');
  });

  it.each([
    ['no scheme', () => agent],
    ['Basic', () => `Basic ${Buffer.from('agent@merchanta.test:correct horse battery').toString('base64')}`],
    ['lower-case bearer', () => `bearer ${agent}`],
    ['empty bearer', () => 'Bearer '],
    ['unknown token', () => 'Bearer ksu_unknown'],
    ['token too long', () => `Bearer ${agent}${'x'.repeat(300)}`],
    ['token with spaces', () => `Bearer ${agent} ${agent}`],
    ['SQL as token', () => "Bearer ' OR '1'='1"],
  ])('refuses a %s Authorization header with 401 UNAUTHENTICATED', async (_label, header) => {
    const res = await w.req(null, 'GET', '/api/v1/me', undefined, { authorization: header() });
    expectError(res, 401, 'UNAUTHENTICATED');
  });
});
