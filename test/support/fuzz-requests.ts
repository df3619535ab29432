import fc from 'fast-check';
import type { Target } from './bad-input-routes.ts';
import { jsonRoutes } from './bad-input-routes.ts';
import { multipart, PNG_1X1 } from './http-checks.ts';
import { arbitraryFor, type FuzzSchema, mutated, nastyStrings, rawGarbage } from './schema-arbitrary.ts';
import type { World } from './world.ts';

/** One operation of the OpenAPI document with the schemas of everything a caller sends. */
export interface FuzzOperation {
  key: string;
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: FuzzSchema }[];
  jsonBody?: FuzzSchema;
  multipart: boolean;
}

export interface FuzzRequest {
  url: string;
  method: string;
  payload?: string | Buffer;
  headers: Record<string, string>;
  /** What the request was about, for a failure message. */
  label: string;
}

const verbs = ['get', 'put', 'post', 'patch', 'delete'];

export function fuzzOperations(openapi: any): FuzzOperation[] {
  const ops: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(openapi.paths as Record<string, Record<string, any>>)) {
    for (const [m, op] of Object.entries(item)) {
      if (!verbs.includes(m)) continue;
      const content = op.requestBody?.content ?? {};
      ops.push({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p: any) => ({
          name: p.name,
          in: p.in,
          required: !!p.required,
          schema: p.schema ?? {},
        })),
        jsonBody: content['application/json']?.schema,
        multipart: !!op.consumes?.includes('multipart/form-data') || !!content['multipart/form-data'],
      });
    }
  }
  return ops;
}

/** Multipart uploads are not in the document's request bodies; these routes take one. */
export const multipartRoutes = new Set([
  'POST /api/v1/cases/{id}/evidence',
  'POST /api/v1/access/{token}/evidence',
  'POST /api/v1/imports/{kind}',
]);

/** Real values for a path parameter, so that most requests get past the lookup and into the handler. */
function realValues(op: FuzzOperation, param: string, t: Target, w: World): string[] {
  const p = op.path;
  const cases = [
    t.caseId,
    t.resolvedCaseId,
    t.forwardedCaseId,
    t.repliedCaseId,
    t.disputedCaseId,
    t.violationCaseId,
    t.badReviewCaseId,
    t.mergeIntoCaseId,
  ];
  switch (param) {
    case 'token':
      return [t.linkToken, t.resolvedLinkToken];
    case 'offerId':
      return [t.approvalOfferId, t.draftOfferId, t.sentOfferId];
    case 'promiseId':
      return [t.promiseId];
    case 'escalationId':
      return [t.escalationId];
    case 'evidenceId':
      return [t.evidenceId, t.forwardedEvidenceId];
    case 'tenantSlug':
      return ['ma', 'plat'];
    case 'kind':
      return ['orders', 'complaints', 'reviews'];
    case 'requestId':
      return [t.revisionRequestId];
    case 'sourceId':
      return [t.intakeSourceId];
  }
  if (p.startsWith('/api/v1/cases/')) return cases;
  if (p.startsWith('/api/v1/orders/')) return [t.orderId];
  if (p.startsWith('/api/v1/sla/policies/')) return [t.slaPolicyId];
  if (p.startsWith('/api/v1/sanctions/')) return [t.sanctionId, t.appealedSanctionId];
  if (p.startsWith('/api/v1/canned-responses/')) return [t.cannedResponseId];
  if (p.startsWith('/api/v1/intake-sources/')) return [t.intakeSourceId];
  return [w.tenants.merchantA];
}

/** Percent-encoding that survives lone surrogates (they go as U+FFFD, like a browser would send them). */
export const encode = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const nastyParam = fc.oneof(
  fc.constantFrom(...nastyStrings).map(encode),
  fc.uuid(),
  fc.string({ maxLength: 40 }).map(encode),
  fc.constantFrom('%', '%zz', '%E4%B8', '..', '%2e%2e%2f', 'a'.repeat(5000)),
);

function queryString(op: FuzzOperation): fc.Arbitrary<string> {
  const qs = op.params.filter((p) => p.in === 'query');
  if (!qs.length)
    return fc.oneof(
      { weight: 9, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constant('x=1&__proto__=1') },
    );
  const value = (p: FuzzOperation['params'][number]) =>
    fc.oneof(
      { weight: 6, arbitrary: arbitraryFor(p.schema) },
      { weight: 3, arbitrary: mutated(arbitraryFor(p.schema)) },
      { weight: 1, arbitrary: fc.constantFrom(...nastyStrings) },
    );
  const record = Object.fromEntries(qs.map((p) => [p.name, value(p)]));
  return fc
    .tuple(
      fc.record(record, { requiredKeys: [] }),
      fc.oneof({ weight: 9, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...extraQuery) }),
    )
    .map(([vals, extra]) => {
      const parts: string[] = [];
      for (const [k, v] of Object.entries(vals)) {
        for (const one of Array.isArray(v) ? v : [v]) {
          if (one === undefined) continue;
          parts.push(`${k}=${encode(typeof one === 'object' && one !== null ? JSON.stringify(one) : String(one))}`);
        }
      }
      if (extra) parts.push(extra);
      return parts.join('&');
    });
}

const extraQuery = [
  '__proto__[polluted]=yes',
  'constructor[prototype][polluted]=yes',
  'limit=1&limit=2&limit=x',
  'cursor=%00',
  'q=%E4%B8',
  'zz=1',
];

function bodyOf(op: FuzzOperation, w: World, t: Target): fc.Arbitrary<{ payload?: string | Buffer; type?: string }> {
  const json = (v: unknown) => ({ payload: JSON.stringify(v) ?? '', type: 'application/json' });
  if (multipartRoutes.has(op.key)) return uploadBody;
  if (!op.jsonBody) {
    if (op.method === 'GET') return fc.constant({});
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant({}) },
      { weight: 2, arbitrary: rawGarbage.map((payload) => ({ payload, type: 'application/json' })) },
    );
  }
  const valid = arbitraryFor(op.jsonBody);
  const good = jsonRoutes[op.key];
  // Good bodies from the bad-input table (some carry unique numbers, so take a few), then one change each.
  const goods = good ? [0, 1, 2].map(() => good.body(w, t)) : [];
  const options: fc.WeightedArbitrary<{ payload?: string | Buffer; type?: string }>[] = [
    { weight: 4, arbitrary: valid.map(json) },
    { weight: 4, arbitrary: mutated(valid).map(json) },
    { weight: 1, arbitrary: rawGarbage.map((payload) => ({ payload, type: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=gbk'),
        )
        .map(([v, type]) => ({ payload: JSON.stringify(v) ?? '', type })),
    },
  ];
  if (goods.length) {
    options.push({ weight: 3, arbitrary: fc.constantFrom(...goods).map(json) });
    options.push({ weight: 4, arbitrary: mutated(fc.constantFrom(...goods)).map(json) });
  }
  return fc.oneof(...options);
}

const fileBytes = fc.oneof(
  fc.constant(PNG_1X1),
  fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from(b)])),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([PNG_1X1.subarray(0, 16), Buffer.from(b)])),
  fc
    .array(fc.array(fc.oneof(fc.constantFrom(...nastyStrings), fc.string({ maxLength: 12 })), { maxLength: 8 }), {
      maxLength: 20,
    })
    .map((rows) => Buffer.from(`订单号,买家姓名,手机号,金额\n${rows.map((r) => r.join(',')).join('\n')}`)),
  fc.constant(Buffer.alloc(0)),
);

const uploadBody = fc
  .tuple(
    fileBytes,
    fc.oneof(
      fc.constantFrom('photo.png', 'orders.csv', 'orders.xlsx', '', '../../x.exe'),
      fc.constantFrom(...nastyStrings),
    ),
    fc.constantFrom('image/png', 'text/csv', 'application/octet-stream', 'application/vnd.ms-excel', ''),
    fc.constantFrom('file', 'mapping', 'description', 'other'),
    fc.option(fc.oneof(fc.constant('{"orderNumber":"单号"}'), fc.constantFrom(...nastyStrings)), { nil: undefined }),
    fc.nat(9),
  )
  .map(([bytes, filename, contentType, fieldName, extra, shape]) => {
    const parts = [
      ...(extra === undefined ? [] : [{ name: shape % 2 ? 'mapping' : 'description', value: extra }]),
      { name: fieldName, value: bytes, filename, contentType: contentType || undefined },
    ];
    const m = multipart(parts);
    if (shape === 0)
      return { payload: m.payload.subarray(0, Math.floor(m.payload.length / 2)), type: m.headers['content-type'] };
    if (shape === 1) return { payload: m.payload, type: 'multipart/form-data' };
    if (shape === 2) return { payload: m.payload, type: 'multipart/form-data; boundary=wrong-boundary' };
    return { payload: m.payload, type: m.headers['content-type'] };
  });

const headerValue = fc.oneof(
  fc.string({
    minLength: 1,
    maxLength: 80,
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  }),
  fc.constantFrom('1', '0', '-1', '99999999999999999999', 'v1,AAAA', 'null'),
);

/** Requests for one operation: real ids mostly, generated and mutated bodies, query strings and headers. */
export function requestsFor(op: FuzzOperation, w: World, targets: Target[]): fc.Arbitrary<FuzzRequest> {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const perTarget = targets.map((t) =>
    fc
      .tuple(
        fc.tuple(
          ...pathParams.map((p) =>
            fc.oneof(
              { weight: 9, arbitrary: fc.constantFrom(...realValues(op, p, t, w)) },
              { weight: 1, arbitrary: nastyParam },
            ),
          ),
        ),
        queryString(op),
        bodyOf(op, w, t),
        fc.record(Object.fromEntries(op.params.filter((p) => p.in === 'header').map((p) => [p.name, headerValue])), {
          requiredKeys: [],
        }),
      )
      .map(([values, query, body, headers]) => {
        let i = 0;
        const path = op.path.replace(/\{(\w+)\}/g, () => values[i++] as string);
        const url = query ? `${path}?${query}` : path;
        const h: Record<string, string> = { ...(headers as Record<string, string>) };
        if (body.type) h['content-type'] = body.type;
        const shown =
          typeof body.payload === 'string' ? body.payload.slice(0, 300) : `<${body.payload?.length ?? 0} bytes>`;
        return { url, method: op.method, payload: body.payload, headers: h, label: `${url.slice(0, 300)} ${shown}` };
      }),
  );
  return fc.oneof(...perTarget);
}
