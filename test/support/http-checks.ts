import { expect } from 'vitest';
import type { World } from './world.ts';

export type Res = Awaited<ReturnType<World['req']>>;

/** Problems with an error answer: it must be {error:{code,message,messageZh,details}} with both messages filled in. */
export function errorShapeProblems(res: Res): string[] {
  const e = res.body?.error;
  if (typeof e !== 'object' || e === null)
    return [`${res.status} without an error object: ${String(res.body).slice(0, 120)}`];
  const problems: string[] = [];
  if (typeof e.code !== 'string' || !/^[A-Z_]+$/.test(e.code)) problems.push(`bad code ${JSON.stringify(e.code)}`);
  if (typeof e.message !== 'string' || !e.message.trim()) problems.push('empty message');
  if (typeof e.messageZh !== 'string' || !e.messageZh.trim()) problems.push('empty messageZh');
  if (typeof e.details !== 'object' || e.details === null || Array.isArray(e.details))
    problems.push('details not an object');
  const extra = Object.keys(res.body).filter((k) => k !== 'error');
  if (extra.length) problems.push(`extra top-level keys ${extra.join(',')}`);
  return problems;
}

/** Asserts an error answer: status, stable code and the shared shape. */
export function expectError(res: Res, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(errorShapeProblems(res)).toEqual([]);
}

/** The answer's raw text, to look for data that must not be in it. */
export const textOf = (res: Res) => (typeof res.body === 'string' ? res.body : JSON.stringify(res.body));

/** A real 1×1 PNG. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

/** A multipart/form-data body built by hand, with the header that goes with it. */
export function multipart(parts: Part[], boundary = 'kesu-test-boundary-7d1f') {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    const type = p.contentType ? `\r\nContent-Type: ${p.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const evidenceUpload = (file: Buffer = PNG_1X1, filename = 'photo.png', contentType = 'image/png') =>
  multipart([{ name: 'file', value: file, filename, contentType }]);

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  anyOf?: JsonSchema[];
  nullable?: boolean;
}

export interface Operation {
  key: string;
  method: string;
  path: string;
  /** The JSON request body schema, when the operation takes JSON. */
  jsonBody?: JsonSchema;
}

const methods = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

/** Every operation of the OpenAPI document the app serves, keyed "METHOD /path/{param}". */
export async function documentedOperations(w: World): Promise<Map<string, Operation>> {
  const res = await w.req(null, 'GET', '/api/openapi.json');
  expect(res.status).toBe(200);
  const ops = new Map<string, Operation>();
  for (const [path, item] of Object.entries(res.body.paths as Record<string, Record<string, any>>)) {
    for (const [m, op] of Object.entries(item)) {
      if (!methods.includes(m)) continue;
      const key = `${m.toUpperCase()} ${path}`;
      ops.set(key, {
        key,
        method: m.toUpperCase(),
        path,
        jsonBody: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

/** A node of a body schema with where it sits, e.g. ['items', 0, 'name']. */
export interface SchemaNode {
  path: (string | number)[];
  schema: JsonSchema;
}

/** Every object and leaf of a body schema (arrays are entered through their first element). */
export function schemaNodes(schema: JsonSchema, path: (string | number)[] = []): SchemaNode[] {
  const here = { path, schema };
  if (schema.type === 'object') {
    return [here, ...Object.entries(schema.properties ?? {}).flatMap(([k, s]) => schemaNodes(s, [...path, k]))];
  }
  if (schema.type === 'array' && schema.items) return [here, ...schemaNodes(schema.items, [...path, 0])];
  return [here];
}

export const pointer = (path: (string | number)[]) => (path.length ? `/${path.join('/')}` : '/');

export function getAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<any>((v, k) => (v === undefined || v === null ? undefined : v[k]), value);
}

/** A deep copy of `body` with the value at `path` replaced (intermediate objects are created), or removed. */
export function withValue(body: unknown, path: (string | number)[], value: unknown, remove = false): any {
  const copy = structuredClone(body) as any;
  let node = copy;
  for (const k of path.slice(0, -1)) {
    node[k] ??= typeof k === 'number' ? [] : {};
    node = node[k];
  }
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}
