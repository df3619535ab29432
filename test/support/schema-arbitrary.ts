import fc from 'fast-check';

/** The part of JSON Schema our OpenAPI document uses, plus oneOf/anyOf/allOf for schemas yet to come. */
export interface FuzzSchema {
  type?: string | string[];
  properties?: Record<string, FuzzSchema>;
  required?: string[];
  additionalProperties?: boolean | FuzzSchema;
  items?: FuzzSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  nullable?: boolean;
  oneOf?: FuzzSchema[];
  anyOf?: FuzzSchema[];
  allOf?: FuzzSchema[];
}

/** Text that has broken parsers, databases and pages before: unicode edge cases, injections, markup. */
export const nastyStrings = [
  '\uD800',
  'a\uDFFFb',
  '\uDBFF\uDFFF',
  '\u202Eأحمد\u202C',
  'שלום עולם',
  'a\u200Bb\u200C\u200D\uFEFF',
  '👨‍👩‍👧‍👦🇨🇳😀',
  '１２３ＡＢＣ　全角',
  '\u0000',
  'x\u0000y',
  '\u0001\u001F\u007F',
  '\r\n\r\n',
  "' OR '1'='1",
  "'; DROP TABLE cases; --",
  '1; SELECT pg_sleep(0)',
  '%\\_%',
  '$1 $$ $body$',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template-injection text, on purpose
  '{{7*7}}${7*7}',
  '../../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'NaN',
  '-0',
  '1e309',
  'null',
  '',
  ' ',
  '\t',
  '𠮷野家',
  'é', // e + combining acute
  '﷽',
];

const protoKeys = ['__proto__', 'constructor', 'prototype'];

/** Chinese-looking text, the kind of thing our users type. */
const chineseText = fc
  .array(
    fc.constantFrom(
      ...'的一是不了人我在有投诉退款商品破损快递客服态度差评假货订单发票赔偿物流延误质量问题要求处理'.split(''),
    ),
    {
      maxLength: 40,
    },
  )
  .map((cs) => cs.join(''));

function stringFor(s: FuzzSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Math.max(min, 80);
  // Mapped, not filtered: a filter that rarely passes makes fast-check spin.
  const sized = (a: fc.Arbitrary<string>) => a.map((v) => (v.length < min ? v.padEnd(min, '字') : v.slice(0, max)));
  switch (s.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return sized(fc.emailAddress());
    case 'uri':
      return sized(fc.webUrl());
  }
  if (s.pattern) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(s.pattern);
    } catch {}
    if (re) {
      return sized(fc.stringMatching(re));
    }
  }
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.min(max, 60), unit: 'grapheme' }),
    sized(chineseText),
    fc.string({ minLength: min, maxLength: Math.min(max, 20), unit: 'binary' }),
  );
}

/** Values that match the schema (most of the time: patterns and formats are approximated, which is fine here). */
export function arbitraryFor(s: FuzzSchema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.oneOf ?? s.anyOf;
  if (branches?.length) return fc.oneof(...branches.map((b) => arbitraryFor(b, depth + 1)));
  if (s.allOf?.length) {
    // Good enough for the object merges TypeBox's Intersect produces.
    const merged: FuzzSchema = { properties: {}, required: [] };
    for (const b of s.allOf) {
      Object.assign(merged, { ...b, properties: merged.properties, required: merged.required });
      Object.assign(merged.properties!, b.properties);
      merged.required!.push(...(b.required ?? []));
    }
    return arbitraryFor(merged, depth);
  }
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t) => arbitraryFor({ ...s, type: t }, depth)));
  const base = baseFor(s, depth);
  return s.nullable ? fc.option(base, { nil: null, freq: 5 }) : base;
}

function baseFor(s: FuzzSchema, depth: number): fc.Arbitrary<unknown> {
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'string':
      return stringFor(s);
    case 'array': {
      const items = s.items ? arbitraryFor(s.items, depth + 1) : fc.anything();
      const opts = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 5) };
      return s.uniqueItems
        ? fc.uniqueArray(items, { ...opts, selector: (v) => JSON.stringify(v) })
        : fc.array(items, opts);
    }
    default: {
      if (!s.properties || depth > 8) return fc.constant({});
      const record = Object.fromEntries(
        Object.entries(s.properties).map(([k, p]) => [k, arbitraryFor(p, depth + 1)]),
      ) as Record<string, fc.Arbitrary<unknown>>;
      return fc.record(record, { requiredKeys: (s.required ?? []).filter((k) => k in record) });
    }
  }
}

/** A value of another JSON type than the schema asks for. */
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(1e308),
  fc.constant(-0),
  fc.string({ maxLength: 10 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
);

const hugeString = fc.oneof(
  fc.constantFrom(...nastyStrings).map((v) => v.repeat(20_000)),
  fc.integer({ min: 10_001, max: 300_000 }).map((n) => '投'.repeat(n)),
  fc.constant('x'.repeat(1_200_000)),
);

/** Nested arrays or objects, deep enough to trouble a recursive walker. */
const deepNesting = fc.integer({ min: 50, max: 3000 }).map((n) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
});

/** Replaces, drops or adds something at one place in a value. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.nat(),
      fc.oneof(
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), value: wrongType }) },
        {
          weight: 3,
          arbitrary: fc.record({ kind: fc.constant('replace' as const), value: fc.constantFrom(...nastyStrings) }),
        },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), value: hugeString }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), value: deepNesting }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), value: fc.constant(null) }) },
        {
          weight: 2,
          arbitrary: fc.record({
            kind: fc.constant('add' as const),
            key: fc.constantFrom(...protoKeys, 'zzExtra', 'polluted', '$where', ''),
            value: fc.oneof(fc.constant({ polluted: 'yes', isAdmin: true }), wrongType),
          }),
        },
      ),
    )
    .map(([v, pick, m]) => applyMutation(v, pick, m as Mutation));
}

type Mutation = { kind: 'replace' | 'drop'; value: unknown } | { kind: 'add'; key: string; value: unknown };

/** Every place in a value (objects and arrays and their members), root first. */
function places(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) places(x, [...path, i], out);
  } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) places(x, [...path, k], out);
  return out;
}

function applyMutation(value: unknown, pick: number, m: Mutation): unknown {
  const copy = structuredClone(value);
  const all = places(copy);
  const path = all[pick % all.length]!;
  if (m.kind === 'add') {
    const containers = all.filter((p) => {
      const at = get(copy, p);
      return at && typeof at === 'object' && !Array.isArray(at);
    });
    const target = containers.length ? get(copy, containers[pick % containers.length]!) : undefined;
    if (!target) return { [m.key]: m.value };
    // defineProperty: a plain assignment of "__proto__" would set the prototype instead of a key that JSON sends.
    Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    return copy;
  }
  if (path.length === 0) return m.kind === 'drop' ? undefined : m.value;
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (m.kind === 'drop') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = m.value;
  return copy;
}

const get = (v: unknown, path: (string | number)[]) =>
  path.reduce<any>((x, k) => (x === undefined || x === null ? undefined : x[k]), v);

/** Raw bodies that are not the JSON the route wants at all. */
export const rawGarbage = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":',
    'null',
    '[]',
    '"just a string"',
    '1e99999',
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '\uFEFF{}',
    '{"a":1,"a":2}',
    `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
  ),
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
);
