/**
 * The queue's filters live in the URL (/queue?status=submitted&category=logistics_delay&createdFrom=…), so a
 * filtered view can be bookmarked or shared and a dashboard chart can link straight to it. The names are those of
 * GET /api/v1/cases; booleans are 1/0. A bare /queue means the default view (open cases).
 */
import type { QueueFilters } from './saved-views.ts';

export const PAGE = 100;

const lists = ['status'] as const;
const texts = [
  'kind',
  'category',
  'channel',
  'respondentTenantId',
  'departmentId',
  'personId',
  'createdFrom',
  'createdTo',
] as const;
const flags = ['open', 'overdue', 'mine', 'unread'] as const;

export const defaultFilters: QueueFilters = { open: true };

export function filtersFromSearch(search: URLSearchParams): QueueFilters {
  const f: QueueFilters = {};
  let any = false;
  for (const k of lists) {
    const values = search.getAll(k).filter(Boolean);
    if (values.length) f[k] = values;
  }
  for (const k of texts) {
    const value = search.get(k);
    if (value) f[k] = value;
  }
  const severity = Number(search.get('severity'));
  if (Number.isInteger(severity) && severity >= 1 && severity <= 4) f.severity = severity;
  any = Object.keys(f).length > 0;
  for (const k of flags) {
    const value = search.get(k);
    if (value === null) continue;
    any = true;
    if (value === '1' || value === 'true') f[k] = true;
  }
  return any || search.has('all') ? f : { ...defaultFilters };
}

/** The URL of a filter set; no filter at all is written `all=1` so that it is not read back as the default. */
export function searchFromFilters(f: QueueFilters): URLSearchParams {
  const qs = new URLSearchParams();
  for (const s of f.status ?? []) qs.append('status', s);
  for (const k of texts) if (f[k]) qs.set(k, f[k] as string);
  if (f.severity) qs.set('severity', String(f.severity));
  for (const k of flags) if (f[k]) qs.set(k, '1');
  if ([...qs.keys()].length === 0) qs.set('all', '1');
  return qs;
}

/** The GET /api/v1/cases query of a filter set (the first page). */
export function casesQuery(f: QueueFilters, myUserId: string | undefined) {
  return {
    status: f.status?.length ? f.status : undefined,
    kind: f.kind,
    category: f.category,
    channel: f.channel,
    respondentTenantId: f.respondentTenantId,
    departmentId: f.departmentId,
    personId: f.personId,
    createdFrom: f.createdFrom,
    createdTo: f.createdTo,
    severity: f.severity,
    overdue: f.overdue || undefined,
    open: f.open || undefined,
    unread: f.unread || undefined,
    assigneeId: f.mine ? myUserId : undefined,
    limit: PAGE,
  };
}
