import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type JsonRoute,
  jsonRoutes,
  newTarget,
  otherMutatingRoutes,
  type Target,
} from '../support/bad-input-routes.ts';
import { testDatabases } from '../support/databases.ts';
import {
  documentedOperations,
  errorShapeProblems,
  getAt,
  type JsonSchema,
  type Operation,
  pointer,
  type SchemaNode,
  schemaNodes,
  withValue,
} from '../support/http-checks.ts';
import { buildWorldWithMail, type World } from '../support/world.ts';

/**
 * Bad JSON bodies generated from each route's schema in the OpenAPI document: one change to a body the route
 * accepts, and the answer must be a 4xx with a stable code pointing at the field, never a 500.
 */
const MB = 1_048_576;

/** Values of the wrong JSON type for a schema node. */
function wrongTypes(s: JsonSchema): unknown[] {
  // Nullable (anyOf [T, null], or OpenAPI's nullable: true): null is a right type; the wrong ones are T's but null.
  const typed = s.anyOf?.find((b) => b.type !== 'null');
  if (typed && s.anyOf?.some((b) => b.type === 'null')) return wrongTypes(typed).filter((v) => v !== null);
  if (s.nullable) return wrongTypes({ ...s, nullable: false }).filter((v) => v !== null);
  switch (s.type) {
    case 'string':
      return [12345, true, null, ['x'], { x: 1 }];
    case 'integer':
      return ['1', 1.5, true, null, [1]];
    case 'array':
      return ['x', { 0: 1 }, null];
    case 'object':
      return ['x', [], null, 1];
    default:
      return [null];
  }
}

/** Values of the right type that break a constraint (enum, format, length, range, pattern). */
function outOfRange(s: JsonSchema, current: unknown): unknown[] {
  const v: unknown[] = [];
  if (s.enum) v.push('not-in-the-list');
  if (s.format === 'uuid') v.push('not-a-uuid', '123e4567-e89b-12d3-a456');
  if (s.format === 'email') v.push('not-an-email', 'a@');
  // Leap second, 30 February, a year the stack cannot store, a date without a time.
  if (s.format === 'date-time')
    v.push('2026-12-31T23:59:60Z', '2026-02-30T08:00:00Z', '9999-12-31T23:59:59Z', '2026-10-20');
  if (s.minLength) v.push('');
  if (s.maxLength !== undefined && !s.enum) v.push('x'.repeat(s.maxLength + 1));
  if (s.pattern === '\\S') v.push(' \t\n ');
  else if (s.pattern) v.push('<not valid>');
  if (s.minimum !== undefined) v.push(s.minimum - 1);
  if (s.maximum !== undefined) v.push(s.maximum + 1);
  if (s.minItems) v.push([]);
  if (s.maxItems !== undefined) v.push(Array.from({ length: s.maxItems + 1 }, () => (current as unknown[])[0]));
  return v;
}

interface Attempt {
  label: string;
  body: unknown;
  status?: number;
  code?: string;
  /** Where the validation error must point (details.errors[0].path). */
  path?: string;
}

describe.each(testDatabases())('bad JSON bodies on $name', ({ open }) => {
  let w: World;
  let ops: Map<string, Operation>;
  let shared: Target;
  beforeAll(async () => {
    // Replies go out by e-mail: a real SMTP server in the test takes them.
    w = await buildWorldWithMail(await open());
    ops = await documentedOperations(w);
    shared = await newTarget(w);
  });
  afterAll(async () => w?.close());

  /** Sends every attempt; collects each answer that is not the expected refusal with the error shape. */
  async function refusals(key: string, route: JsonRoute, attempts: Attempt[], t = shared) {
    const method = key.split(' ')[0]!;
    const problems: string[] = [];
    for (const a of attempts) {
      const payload = typeof a.body === 'object' && a.body !== null ? a.body : JSON.stringify(a.body);
      const res = await w.req(route.caller ? w.tokens[route.caller]! : null, method, route.url(t), payload, {
        'content-type': 'application/json',
      });
      const status = a.status ?? 400;
      const code = a.code ?? (status === 400 ? 'VALIDATION_FAILED' : undefined);
      const got = {
        status: res.status,
        code: res.body?.error?.code,
        path: res.body?.error?.details?.errors?.[0]?.path,
      };
      const want = { status, code: code ?? got.code, path: a.path ?? got.path };
      if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${a.label}: got ${JSON.stringify(got)}`);
      if (res.status >= 400) problems.push(...errorShapeProblems(res).map((p) => `${a.label}: ${p}`));
    }
    expect(problems).toEqual([]);
    return attempts.length;
  }

  it('has a good body for every route that takes JSON, and no entry without a route', () => {
    const documented = [...ops.values()].filter((o) => o.jsonBody).map((o) => o.key);
    expect(
      documented.filter((k) => !(k in jsonRoutes)),
      'JSON routes without bad-input coverage',
    ).toEqual([]);
    expect(
      Object.keys(jsonRoutes).filter((k) => !documented.includes(k)),
      'entries without a route',
    ).toEqual([]);
    const mutating = [...ops.values()].filter((o) => o.method !== 'GET').map((o) => o.key);
    const covered = [...Object.keys(jsonRoutes), ...otherMutatingRoutes];
    expect(
      mutating.filter((k) => !covered.includes(k)),
      'mutating routes without bad-input coverage',
    ).toEqual([]);
  });

  describe.each(Object.entries(jsonRoutes))('%s', (key, route) => {
    const schema = () => ops.get(key)!.jsonBody!;
    const nodes = (): SchemaNode[] => schemaNodes(schema()).filter((n) => n.path.length > 0);
    const stringsIn = (body: unknown) => nodes().filter((n) => typeof getAt(body, n.path) === 'string');

    it('accepts the good body, so each refusal below is about the one change', async () => {
      const t = await newTarget(w);
      const res = await w.req(
        route.caller ? w.tokens[route.caller]! : null,
        key.split(' ')[0]!,
        route.url(t),
        route.body(w, t),
      );
      expect(res.status, JSON.stringify(res.body)).toBe(route.ok);
    });

    it('refuses a value of the wrong type in every field, pointing at the field', async () => {
      const base = route.body(w, shared);
      const attempts = nodes().flatMap((n) =>
        wrongTypes(n.schema).map((v) => ({
          label: `${pointer(n.path)} = ${JSON.stringify(v)}`,
          body: withValue(base, n.path, v),
          path: pointer(n.path),
        })),
      );
      expect(await refusals(key, route, attempts)).toBeGreaterThan(0);
    });

    it('refuses values outside the enum, format, length or range of every field', async () => {
      const base = route.body(w, shared);
      const attempts = nodes().flatMap((n) =>
        outOfRange(n.schema, getAt(base, n.path)).map((v) => ({
          label: `${pointer(n.path)} = ${JSON.stringify(v).slice(0, 60)}`,
          body: withValue(base, n.path, v),
          path: pointer(n.path),
        })),
      );
      expect(await refusals(key, route, attempts)).toBeGreaterThan(0);
    });

    it('refuses an unknown field (also a plain `constructor` key) in every object', async () => {
      const base = route.body(w, shared);
      const objects = schemaNodes(schema()).filter(
        (n) => n.schema.type === 'object' && getAt(base, n.path) !== undefined,
      );
      const attempts = objects.flatMap((n) => [
        {
          label: `${pointer(n.path)} + zzUnknown`,
          body: withValue(base, [...n.path, 'zzUnknown'], 1),
          path: pointer(n.path),
        },
        {
          label: `${pointer(n.path)} + constructor`,
          body: withValue(base, [...n.path, 'constructor'], 'x'),
          path: pointer(n.path),
        },
      ]);
      await refusals(key, route, attempts);
    });

    it('refuses a body missing any required field, and bodies that are not an object', async () => {
      const base = route.body(w, shared);
      const objects = schemaNodes(schema()).filter((n) => n.schema.required && getAt(base, n.path) !== undefined);
      const missing = objects.flatMap((n) =>
        n.schema.required!.map((k) => ({
          label: `without ${pointer([...n.path, k])}`,
          body: withValue(base, [...n.path, k], undefined, true),
          path: pointer(n.path),
        })),
      );
      const needsSomething = Boolean(schema().required?.length || schema().minProperties);
      const shapes = [[], [base], 'a string', 42, true, null, ...(needsSomething ? [{}] : [])].map((body) => ({
        label: `body ${JSON.stringify(body).slice(0, 40)}`,
        body,
        path: '/',
      }));
      await refusals(key, route, [...missing, ...shapes]);
    });

    it('refuses 1 MB strings in every text field (400) and a body over the size limit (413)', async () => {
      const base = route.body(w, shared);
      const big = 'x'.repeat(MB);
      const attempts: Attempt[] = nodes()
        .filter((n) => n.schema.type === 'string')
        .map((n) => ({
          label: `${pointer(n.path)} = 1 MB`,
          body: withValue(base, n.path, big),
          path: pointer(n.path),
        }));
      attempts.push({
        label: 'body over 1 MB + 64 KB',
        body: { ...base, padding: 'x'.repeat(MB + 70_000) },
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      });
      await refusals(key, route, attempts);
    });

    it('refuses a NUL byte in stored text with 400 VALIDATION_FAILED, never a 500', async () => {
      const t = await newTarget(w);
      // A fresh good body per attempt: one the route accepts (a password is hashed, never stored) must not collide.
      const attempts = stringsIn(route.body(w, t)).map((n) => {
        const base = route.body(w, t);
        const s = getAt(base, n.path) as string;
        return {
          label: `${pointer(n.path)} with NUL`,
          body: withValue(base, n.path, `${s.slice(0, 1)}\u0000${s.slice(1)}`),
          status: route.nulAnswers?.[pointer(n.path)] ?? 400,
        };
      });
      await refusals(key, route, attempts, t);
    });
  });
});
