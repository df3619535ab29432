import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/auth.ts';
import { testDatabases } from '../support/databases.ts';
import { documentedOperations, errorShapeProblems, evidenceUpload, textOf } from '../support/http-checks.ts';
import {
  act,
  type Caller,
  type CaseFixture,
  type Column,
  everyone,
  type Fixtures,
  inside,
  type MatrixEnv,
  only,
  type Requests,
  type Row,
  roles,
  type Subject,
  type Tenant,
} from '../support/matrix.ts';
import { analyticsMatrix } from '../support/matrix-analytics.ts';
import { callsMatrix } from '../support/matrix-calls.ts';
import { channelsMatrix } from '../support/matrix-channels.ts';
import { importMatrix } from '../support/matrix-import.ts';
import { omniMatrix } from '../support/matrix-omni.ts';
import { privacyMatrix } from '../support/matrix-privacy.ts';
import { resolutionMatrix } from '../support/matrix-resolution.ts';
import { sanctionsMatrix } from '../support/matrix-sanctions.ts';
import { slaMatrix } from '../support/matrix-sla.ts';
import { textMatrix } from '../support/matrix-text.ts';
import { webMatrix } from '../support/matrix-web.ts';
import { buildWorldWithMail, complaintBody, orderBody, type World } from '../support/world.ts';

/**
 * Who may call what. Columns are callers relative to the fixtures (a case owned by merchantA, a case the platform
 * filed against merchantA, an order of merchantA, their evidence): merchantA, its platform, opsco (runs merchantA),
 * and foreign = merchantB and otherPlatform. A column is one status for every role or one per role.
 */
const coreRows = {
  'GET /healthz': { ...everyone(200), anon: 200 },
  'POST /api/v1/auth/login': { ...everyone(200), anon: 200 },
  'POST /api/v1/auth/logout': everyone(204),
  'GET /api/v1/me': everyone(200),
  'GET /api/v1/tenants': everyone(200),
  'PATCH /api/v1/tenants/current': everyone(only(['admin'], 200)),
  'GET /api/v1/members': everyone(only(['admin', 'supervisor', 'auditor'], 200)),
  'POST /api/v1/members': everyone(only(['admin'], 201)),
  'GET /api/v1/audit/verify': everyone(only(['admin', 'auditor'], 200)),
  'POST /api/v1/orders': everyone(act(201)),
  'GET /api/v1/orders': everyone(200),
  'GET /api/v1/orders/{id}': inside(200, 404),
  'POST /api/v1/orders/{id}/state': inside(act(200), act(404)),
  'POST /api/v1/cases': everyone(act(201)),
  'GET /api/v1/cases': everyone(200),
  'GET /api/v1/cases/{id}': inside(200, 404),
  'PATCH /api/v1/cases/{id}': inside(act(200), act(404)),
  'GET /api/v1/cases/{id}/timeline': inside(200, 404),
  'POST /api/v1/cases/{id}/actions': inside(act(200), act(404)),
  'POST /api/v1/cases/{id}/assign': inside(act(200), act(404)),
  'POST /api/v1/cases/{id}/notes': inside(act(201), act(404)),
  'POST /api/v1/cases/{id}/evidence': inside(act(201), act(404)),
  'GET /api/v1/cases/{id}/evidence': inside(200, 404),
  'GET /api/v1/cases/{id}/evidence/{evidenceId}': inside(200, 404),
  'POST /api/v1/cases/{id}/access-links': inside(act(201), act(404)),
  // Public: the link is the credential, whoever's bearer token comes along.
  'GET /api/v1/access/{token}': { ...everyone(200), anon: 200 },
} satisfies Record<string, Row>;
/** The new features keep their rows next to their fixtures, one file each. */
const parts = [
  resolutionMatrix,
  textMatrix,
  slaMatrix,
  channelsMatrix,
  sanctionsMatrix,
  callsMatrix,
  importMatrix,
  omniMatrix,
  analyticsMatrix,
  privacyMatrix,
  webMatrix,
];
const expectations: Record<string, Row> = Object.assign({}, coreRows, ...parts.map((p) => p.rows));
type RouteKey = string;

const columnOf: Record<Tenant, Column> = {
  merchantA: 'merchantA',
  platform: 'platform',
  opsco: 'opsco',
  merchantB: 'foreign',
  otherPlatform: 'foreign',
};
const callers: Caller[] = [
  { label: 'no token', column: 'anon' },
  ...(Object.keys(columnOf) as Tenant[]).flatMap((tenant) =>
    roles.map((role) => ({ label: `${tenant}:${role}`, column: columnOf[tenant], tenant, role })),
  ),
];
const expectedFor = (key: RouteKey, c: Caller): number => {
  const cell = (expectations[key] as Row)[c.column];
  return typeof cell === 'number' ? cell : cell[c.role!];
};

/** Case routes run against both cases: the one merchantA owns and the one the platform filed against merchantA. */
const runs = (Object.keys(expectations) as RouteKey[]).flatMap((key) =>
  key.includes('/cases/{id}') || key.includes('/access/{token}')
    ? (['merchantA case', 'platform case'] as const).map((subject) => ({ key, subject }))
    : [{ key, subject: 'merchantA case' as Subject }],
);

const PHONE = '13899995678';
const PASSWORD = 'correct horse battery';
const emailOf = (c: Caller) => (c.tenant ? `${c.role}@${c.tenant.toLowerCase()}.test` : 'agent@merchanta.test');

describe.each(testDatabases())('authorization matrix on $name', ({ open }) => {
  let w: World;
  let seq = 0;
  const fx = {} as Fixtures;

  async function newCase(subject: Subject, over: Record<string, unknown> = {}): Promise<CaseFixture> {
    seq += 1;
    const reason = `机密原因第${seq}号：餐桌桌腿断裂`;
    const name = `保密投诉人第${seq}号`;
    const byPlatform = subject === 'platform case';
    const r = await w.req(
      w.tokens[byPlatform ? 'platform:agent' : 'merchantA:agent']!,
      'POST',
      '/api/v1/cases',
      complaintBody({
        reason,
        complainant: { name, phone: PHONE },
        ...(byPlatform ? { respondentTenantId: w.tenants.merchantA } : {}),
        ...over,
      }),
    );
    expect(r.status).toBe(201);
    return {
      id: r.body.id as string,
      reason,
      caseNumber: r.body.caseNumber as string,
      secrets: [reason, name, PHONE, r.body.caseNumber as string],
    };
  }
  async function newOrder() {
    seq += 1;
    const r = await w.req(
      w.tokens['merchantA:agent']!,
      'POST',
      '/api/v1/orders',
      orderBody({ buyerName: `保密买家第${seq}号`, buyerPhone: PHONE }),
    );
    expect(r.status).toBe(201);
    return { id: r.body.id as string, secrets: [r.body.orderNumber as string, r.body.buyerName as string] };
  }

  /** What each route is called with; mutating routes get a fresh case or order per call. */
  const env: MatrixEnv = {
    get w() {
      return w;
    },
    fx,
    newCase,
    next: () => ++seq,
  };
  const coreRequests: Requests<keyof typeof coreRows> = {
    'GET /healthz': () => ({ url: '/healthz' }),
    'POST /api/v1/auth/login': (c) => ({
      url: '/api/v1/auth/login',
      payload: { email: emailOf(c), password: PASSWORD },
    }),
    'POST /api/v1/auth/logout': async (c) => ({
      url: '/api/v1/auth/logout',
      token: c.tenant ? (await createApiToken(w.database.db, emailOf(c))).token : null,
    }),
    'GET /api/v1/me': () => ({ url: '/api/v1/me' }),
    'GET /api/v1/tenants': () => ({ url: '/api/v1/tenants' }),
    'PATCH /api/v1/tenants/current': () => ({ url: '/api/v1/tenants/current', payload: { afterSalesDays: 15 } }),
    'GET /api/v1/members': () => ({ url: '/api/v1/members' }),
    'POST /api/v1/members': () => ({
      url: '/api/v1/members',
      payload: { email: `new-${++seq}@matrix.test`, displayName: '新同事', role: 'viewer' },
    }),
    'GET /api/v1/audit/verify': () => ({ url: '/api/v1/audit/verify' }),
    'POST /api/v1/orders': () => ({ url: '/api/v1/orders', payload: orderBody() }),
    'GET /api/v1/orders': () => ({ url: '/api/v1/orders' }),
    'GET /api/v1/orders/{id}': () => ({ url: `/api/v1/orders/${fx.order.id}` }),
    'POST /api/v1/orders/{id}/state': async () => {
      const o = await newOrder();
      return { url: `/api/v1/orders/${o.id}/state`, payload: { state: 'shipped' }, secrets: o.secrets };
    },
    'POST /api/v1/cases': () => ({ url: '/api/v1/cases', payload: complaintBody() }),
    'GET /api/v1/cases': () => ({ url: '/api/v1/cases' }),
    'GET /api/v1/cases/{id}': (_c, s) => ({ url: `/api/v1/cases/${fx[s].id}` }),
    'PATCH /api/v1/cases/{id}': async (_c, s) => {
      const k = await newCase(s);
      return { url: `/api/v1/cases/${k.id}`, payload: { severity: 3 }, secrets: k.secrets };
    },
    'GET /api/v1/cases/{id}/timeline': (_c, s) => ({ url: `/api/v1/cases/${fx[s].id}/timeline` }),
    'POST /api/v1/cases/{id}/actions': async (_c, s) => {
      const k = await newCase(s);
      return { url: `/api/v1/cases/${k.id}/actions`, payload: { action: 'withdraw' }, secrets: k.secrets };
    },
    'POST /api/v1/cases/{id}/assign': async (_c, s) => {
      const k = await newCase(s);
      return {
        url: `/api/v1/cases/${k.id}/assign`,
        payload: { assigneeId: w.userIds['merchantA:agent'] },
        secrets: k.secrets,
      };
    },
    'POST /api/v1/cases/{id}/notes': async (_c, s) => {
      const k = await newCase(s);
      return { url: `/api/v1/cases/${k.id}/notes`, payload: { body: '已致电顾客' }, secrets: k.secrets };
    },
    'POST /api/v1/cases/{id}/evidence': async (_c, s) => {
      const k = await newCase(s);
      const { payload, headers } = evidenceUpload();
      return { url: `/api/v1/cases/${k.id}/evidence`, payload, headers, secrets: k.secrets };
    },
    'GET /api/v1/cases/{id}/evidence': (_c, s) => ({ url: `/api/v1/cases/${fx[s].id}/evidence` }),
    'GET /api/v1/cases/{id}/evidence/{evidenceId}': (_c, s) => ({
      url: `/api/v1/cases/${fx[s].id}/evidence/${fx[s].evidenceId}`,
    }),
    'POST /api/v1/cases/{id}/access-links': async (_c, s) => {
      const k = await newCase(s);
      return { url: `/api/v1/cases/${k.id}/access-links`, payload: { days: 7 }, secrets: k.secrets };
    },
    'GET /api/v1/access/{token}': (_c, s) => ({
      url: `/api/v1/access/${fx[s].link}`,
      shows: [fx[s].reason, fx[s].caseNumber],
    }),
  };
  let requests: Requests<RouteKey> = coreRequests;

  beforeAll(async () => {
    // Replies go out by e-mail: a real SMTP server in the test takes them.
    w = await buildWorldWithMail(await open());
    for (const subject of ['merchantA case', 'platform case'] as const) {
      const k = await newCase(subject);
      const { payload, headers } = evidenceUpload();
      const up = await w.req(w.tokens['merchantA:agent']!, 'POST', `/api/v1/cases/${k.id}/evidence`, payload, headers);
      expect(up.status).toBe(201);
      const link = await w.req(w.tokens['merchantA:agent']!, 'POST', `/api/v1/cases/${k.id}/access-links`, {});
      expect(link.status).toBe(201);
      fx[subject] = { ...k, evidenceId: up.body.id, link: link.body.token };
    }
    fx.order = await newOrder();
    requests = Object.assign({}, coreRequests, ...parts.map((p) => p.requests(env)));
    for (const p of parts) await p.setup?.(env);
  });
  afterAll(async () => w?.close());

  it('has an expectation for every route in the OpenAPI document, and no expectation without a route', async () => {
    const documented = [...(await documentedOperations(w)).keys()];
    const tabled = Object.keys(expectations);
    expect(
      documented.filter((k) => !tabled.includes(k)),
      'routes missing from the table',
    ).toEqual([]);
    expect(
      tabled.filter((k) => !documented.includes(k)),
      'table entries without a route',
    ).toEqual([]);
  });

  it.each(runs)('$key ($subject)', async ({ key, subject }) => {
    const [method, path] = key.split(' ') as [string, string];
    const fixtureSecrets = [...fx['merchantA case'].secrets, ...fx['platform case'].secrets, ...fx.order.secrets];
    const expected: Record<string, number> = {};
    const actual: Record<string, number> = {};
    const problems: string[] = [];
    for (const caller of callers) {
      const call = await requests[key]!(caller, subject);
      const token =
        call.token !== undefined ? call.token : caller.tenant ? w.tokens[`${caller.tenant}:${caller.role}`]! : null;
      const res = await w.req(token, method, call.url, call.payload, call.headers);
      expected[caller.label] = expectedFor(key, caller);
      actual[caller.label] = res.status;
      if (res.status >= 400) problems.push(...errorShapeProblems(res).map((p) => `${caller.label}: ${p}`));
      // Nothing about the fixtures in an error, nor in any answer to an outsider.
      if (res.status >= 400 || caller.column === 'foreign' || caller.column === 'anon') {
        const text = textOf(res);
        for (const s of [...fixtureSecrets, ...(call.secrets ?? [])].filter((x) => !call.shows?.includes(x))) {
          if (text.includes(s)) problems.push(`${caller.label} got ${res.status} containing "${s}" (${path})`);
        }
      }
    }
    expect(actual).toEqual(expected);
    expect(problems).toEqual([]);
  });

  /** The case as the work queue shows it, paging until found. */
  async function findListed(token: string, id: string) {
    let cursor: string | null = null;
    do {
      const page = await w.req(token, 'GET', `/api/v1/cases?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      const found = page.body.items.find((c: { id: string }) => c.id === id);
      if (found) return found;
      cursor = page.body.nextCursor;
    } while (cursor);
    return undefined;
  }

  it('masks the complainant phone for viewers and auditors; agents and up see it whole', async () => {
    const masked = '138****5678';
    const seen: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    for (const tenant of ['merchantA', 'platform', 'opsco'] as const) {
      for (const role of roles) {
        const token = w.tokens[`${tenant}:${role}`]!;
        const one = await w.req(token, 'GET', `/api/v1/cases/${fx['merchantA case'].id}`);
        const inList = await findListed(token, fx['merchantA case'].id);
        const order = await w.req(token, 'GET', `/api/v1/orders/${fx.order.id}`);
        seen[`${tenant}:${role}`] = [one.body.complainant.phone, inList?.complainant.phone, order.body.buyerPhone];
        const phone = role === 'viewer' || role === 'auditor' ? masked : PHONE;
        want[`${tenant}:${role}`] = [phone, phone, phone];
      }
    }
    expect(seen).toEqual(want);
  });
});
