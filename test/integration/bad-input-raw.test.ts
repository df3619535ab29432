import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/auth.ts';
import { type JsonRoute, jsonRoutes, newTarget, type Target } from '../support/bad-input-routes.ts';
import { testDatabases } from '../support/databases.ts';
import { errorShapeProblems, expectError, withValue } from '../support/http-checks.ts';
import { buildWorldWithMail, complaintBody, type World } from '../support/world.ts';

/** Bodies that are not the JSON a route expects: broken syntax, other media types, prototype keys, bad bytes. */
const routes: Record<string, JsonRoute> = {
  ...jsonRoutes,
  // Its own token: a bad request must not sign anybody out, and a good one would.
  'POST /api/v1/auth/logout': { caller: 'logout', url: () => '/api/v1/auth/logout', body: () => ({}), ok: 204 },
};
const keys = Object.keys(routes);

const malformed = [
  '{',
  '{"a":}',
  "{'a':1}",
  '{"a":1,}',
  '{"a":1}}',
  '[1,2',
  'nul',
  '"unterminated',
  '{"a":"\\x41"}',
  ' ',
];

describe.each(testDatabases())('bad raw bodies on $name', ({ open }) => {
  let w: World;
  let shared: Target;
  beforeAll(async () => {
    // Replies go out by e-mail: a real SMTP server in the test takes them.
    w = await buildWorldWithMail(await open());
    shared = await newTarget(w);
    w.tokens.logout = (await createApiToken(w.database.db, 'viewer@merchanta.test')).token;
  });
  afterAll(async () => w?.close());

  const send = (key: string, payload: string | Buffer, headers: Record<string, string>, t = shared) => {
    const route = routes[key]!;
    return w.req(route.caller ? w.tokens[route.caller]! : null, key.split(' ')[0]!, route.url(t), payload, headers);
  };
  const json = { 'content-type': 'application/json' };

  /** Each answer must be `status`/`code` with the error shape; lists those that are not. */
  async function collect(
    key: string,
    attempts: [label: string, payload: string | Buffer, headers: Record<string, string>][],
    status: number,
    code: string,
  ) {
    const problems: string[] = [];
    for (const [label, payload, headers] of attempts) {
      const res = await send(key, payload, headers);
      if (res.status !== status || res.body?.error?.code !== code)
        problems.push(`${label}: ${res.status} ${res.body?.error?.code}`);
      problems.push(...errorShapeProblems(res).map((p) => `${label}: ${p}`));
    }
    expect(problems).toEqual([]);
  }

  it.each(keys)('%s refuses malformed and empty JSON with 400 INVALID_JSON', async (key) => {
    await collect(
      key,
      [...malformed.map((m) => [m, m, json] as [string, string, typeof json]), ['empty body', '', json]],
      400,
      'INVALID_JSON',
    );
  });

  it.each(keys)('%s refuses bodies that are not JSON with 415 UNSUPPORTED_MEDIA_TYPE', async (key) => {
    const body = JSON.stringify(routes[key]!.body(w, shared));
    await collect(
      key,
      [
        ['text/plain', body, { 'content-type': 'text/plain' }],
        ['text/plain; charset=utf-8', body, { 'content-type': 'text/plain; charset=utf-8' }],
        ['application/xml', '<case/>', { 'content-type': 'application/xml' }],
        ['form-urlencoded', 'reason=x', { 'content-type': 'application/x-www-form-urlencoded' }],
        ['no content-type', body, {}],
      ],
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it.each(keys)(
    '%s refuses __proto__ and constructor.prototype keys without polluting Object.prototype',
    async (key) => {
      const rest = JSON.stringify(routes[key]!.body(w, shared)).slice(1);
      const sep = rest === '}' ? '' : ',';
      await collect(
        key,
        [
          ['__proto__', `{"__proto__":{"polluted":"yes"}${sep}${rest}`, json],
          ['constructor.prototype', `{"constructor":{"prototype":{"polluted":"yes"}}${sep}${rest}`, json],
          ['nested __proto__', `{"x":{"a":[{"__proto__":{"polluted":"yes"}}]}${sep}${rest}`, json],
        ],
        400,
        'INVALID_JSON',
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
  );

  it.each(keys.filter((k) => routes[k]!.text))(
    '%s survives invalid UTF-8 inside a string: 2xx or 4xx, never 500',
    async (key) => {
      const route = routes[key]!;
      const t = await newTarget(w);
      const path = route.text!.split('/').slice(1);
      const [before, after] = JSON.stringify(withValue(route.body(w, t), path, 'A~~BAD~~B')).split('~~BAD~~') as [
        string,
        string,
      ];
      const res = await send(
        key,
        Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]),
        json,
        t,
      );
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) expect(errorShapeProblems(res)).toEqual([]);
      if (res.status < 300 && (key === 'POST /api/v1/cases' || key === 'PATCH /api/v1/cases/{id}')) {
        // Kept as the replacement character, and read back exactly as answered.
        expect(res.body.reason).toBe('A\uFFFD\uFFFDB');
        const back = await w.req(w.tokens['merchantA:agent']!, 'GET', `/api/v1/cases/${res.body.id}`);
        expect(back.body.reason).toBe(res.body.reason);
      }
    },
  );

  it('signed nobody out with a refused logout', async () => {
    expect((await w.req(w.tokens.logout!, 'GET', '/api/v1/me')).status).toBe(200);
  });

  it('stores SQL-looking text verbatim, reads it back unchanged, and every table is still there', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const reason = "'; drop table cases; --";
    const name = "Robert'); DROP TABLE orders;--";
    const created = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ reason, complainant: { name } }));
    expect(created.status).toBe(201);
    const note = '"; DELETE FROM case_events WHERE 1=1; --';
    expect((await w.req(agent, 'POST', `/api/v1/cases/${created.body.id}/notes`, { body: note })).status).toBe(201);
    const patched = await w.req(agent, 'PATCH', `/api/v1/cases/${created.body.id}`, {
      reason: `${reason} /* 1' OR '1'='1 */`,
    });
    expect(patched.status).toBe(200);

    const back = await w.req(agent, 'GET', `/api/v1/cases/${created.body.id}`);
    expect(back.body.reason).toBe(`${reason} /* 1' OR '1'='1 */`);
    expect(back.body.complainant.name).toBe(name);
    const timeline = await w.req(agent, 'GET', `/api/v1/cases/${created.body.id}/timeline`);
    expect(timeline.body.items.find((e: { type: string }) => e.type === 'note').data.body).toBe(note);

    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
      where table_schema = 'public' and table_name in ('cases', 'orders', 'case_events')`.execute(w.database.db);
    expect(tables.rows[0]!.n).toBe(3);
    const events = await sql<{ n: number }>`select count(*)::int as n from case_events`.execute(w.database.db);
    expect(events.rows[0]!.n).toBeGreaterThan(0);
  });

  it('treats SQL-looking filters and ids as plain values', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const injected = encodeURIComponent("' OR '1'='1");
    const orders = await w.req(agent, 'GET', `/api/v1/orders?orderNumber=${injected}`);
    expect(orders).toMatchObject({ status: 200, body: { items: [] } });
    expectError(await w.req(agent, 'GET', `/api/v1/cases?kind=${injected}`), 400, 'VALIDATION_FAILED');
    expectError(
      await w.req(agent, 'GET', `/api/v1/cases/${encodeURIComponent("1' OR '1'='1")}`),
      404,
      'CASE_NOT_FOUND',
    );
    expectError(
      await w.req(agent, 'GET', `/api/v1/orders/${encodeURIComponent('1; DROP TABLE orders')}`),
      404,
      'ORDER_NOT_FOUND',
    );
  });
});
