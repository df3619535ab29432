/**
 * The typed API client: paths, parameters and bodies come from schema.d.ts (generated from /api/openapi.json by
 * `npm run api:types`). Errors arrive as ApiError with the catalogue code and both messages.
 */
import type { paths } from './schema';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type Defined<T> = Exclude<T, undefined | never>;
/** The paths that have an operation for this method. */
export type PathOf<M extends Method> = {
  [P in keyof paths]: Defined<paths[P][M]> extends never ? never : P;
}[keyof paths];
type Op<P extends keyof paths, M extends Method> = Defined<paths[P][M]>;
type ParamsOf<O> = O extends { parameters: infer R } ? R : never;
type PathParams<O> = ParamsOf<O> extends { path?: infer X } ? (X extends undefined | never ? never : X) : never;
type QueryParams<O> = ParamsOf<O> extends { query?: infer X } ? X : never;
type JsonBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Content<R> = R extends { content: { 'application/json': infer C } } ? C : unknown;
type Success<O> = O extends { responses: infer R }
  ? 200 extends keyof R
    ? Content<R[200]>
    : 201 extends keyof R
      ? Content<R[201]>
      : unknown
  : unknown;

export type ApiResult<P extends keyof paths, M extends Method> = Success<Op<P, M>>;

export interface RequestOptions<O> {
  path?: PathParams<O>;
  query?: QueryParams<O>;
  body?: JsonBody<O>;
  headers?: Record<string, string>;
  /** multipart upload instead of JSON */
  form?: FormData;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** The message in the UI's language. */
  text(lang: 'zh' | 'en'): string {
    return lang === 'zh' ? this.messageZh || this.message : this.message;
  }
}

const TOKEN_KEY = 'kesu.token';

export const tokenStore = {
  get(): string | null {
    return sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY);
  },
  set(token: string, remember: boolean) {
    (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
  },
};

/** Called when the server says the token is no longer valid (401); the app sends the user to the login page. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

export function buildUrl(template: string, path?: object, query?: object): string {
  let url = template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(String((path as Record<string, unknown> | undefined)?.[name] ?? '')),
  );
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, val] of Object.entries(query)) {
      if (val === undefined || val === null || val === '') continue;
      if (Array.isArray(val)) for (const item of val) qs.append(k, String(item));
      else qs.append(k, String(val));
    }
    const s = qs.toString();
    if (s) url += `?${s}`;
  }
  return url;
}

/**
 * GETs started by early.ts while the application's code still loads (the signed-in user, the queue's first page):
 * the first request for the same URL takes the answer instead of asking again, so they are not a waterfall
 * behind the JavaScript and behind each other.
 */
const early = new Map<string, { at: number; res: Promise<Response> }>();
const EARLY_TTL_MS = 15_000;

export function fetchEarly(url: string) {
  const token = tokenStore.get();
  if (!token || early.has(url)) return;
  const res = fetch(url, { headers: { authorization: `Bearer ${token}` } });
  res.catch(() => {}); // a failed early fetch is simply asked again by the page
  early.set(url, { at: Date.now(), res });
}

function takeEarly(url: string): Promise<Response> | null {
  const hit = early.get(url);
  if (!hit) return null;
  early.delete(url);
  return Date.now() - hit.at < EARLY_TTL_MS ? hit.res : null;
}

async function request(method: Method, template: string, opts: RequestOptions<unknown> = {}): Promise<unknown> {
  const headers: Record<string, string> = { ...opts.headers };
  const token = tokenStore.get();
  if (token && !template.startsWith('/api/v1/public/') && !template.startsWith('/api/v1/access/'))
    headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const url = buildUrl(template, opts.path as object, opts.query as object);
  // fetch upper-cases get/post/put/delete itself but sends "patch" as written, which no server route matches.
  const pending = method === 'get' && headers.authorization && !opts.headers ? takeEarly(url) : null;
  const res =
    (pending && (await pending.catch(() => null))) ||
    (await fetch(url, { method: method.toUpperCase(), headers, body }));
  if (res.status === 204) return undefined;
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; messageZh?: string; details?: object } }).error;
    if (res.status === 401 && headers.authorization) onUnauthorized();
    throw new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      e?.message ?? res.statusText,
      e?.messageZh ?? '',
      (e?.details ?? {}) as Record<string, unknown>,
    );
  }
  return data;
}

function method<M extends Method>(m: M) {
  return <P extends PathOf<M>>(path: P, opts?: RequestOptions<Op<P, M>>) =>
    request(m, path as string, opts as RequestOptions<unknown>) as Promise<ApiResult<P, M>>;
}

export const api = {
  get: method('get'),
  post: method('post'),
  patch: method('patch'),
  put: method('put'),
  delete: method('delete'),
};

/** Binary downloads (evidence, dossier) need the token, so they go through fetch and a blob URL. */
export async function fetchBlobUrl(url: string): Promise<string> {
  const token = tokenStore.get();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText, '');
  return URL.createObjectURL(await res.blob());
}

export type CaseDto = ApiResult<'/api/v1/cases/{id}', 'get'>;
export type CasePage = ApiResult<'/api/v1/cases', 'get'>;
export type TimelineEvent = ApiResult<'/api/v1/cases/{id}/timeline', 'get'>['items'][number];
export type EvidenceDto = ApiResult<'/api/v1/cases/{id}/evidence', 'get'>['items'][number];
