import { sql } from 'kysely';
import { type WorkingCalendar, workingMsBetween } from '../domain/calendar/index.ts';
import type { Executor } from './context.ts';
import { loadCalendar } from './sla-calendar.ts';

const HOUR = 3_600_000;

/** What the working-hour durations of a case are computed from. */
export interface HoursInput {
  tenant_id: string;
  id: string;
  created_at: Date;
  resolved_at: Date | null;
  /** The first `first_response` clock met (min met_at). */
  responded_at: Date | null;
}

/**
 * Working hours from filing to the first response and to resolution, on the calendar of the organisation that
 * owns the case (the one its SLA clocks run on): business hours, statutory holidays and make-up days (调休).
 */
export function hoursOf(cal: WorkingCalendar, c: Pick<HoursInput, 'created_at' | 'resolved_at' | 'responded_at'>) {
  const h = (b: Date | null) => (b ? workingMsBetween(cal, new Date(c.created_at), new Date(b)) / HOUR : null);
  return { first_response_wh: h(c.responded_at), resolution_wh: h(c.resolved_at) };
}

/** One calendar per owning organisation, loaded once per call. */
export function calendars(db: Executor) {
  const cache = new Map<string, Promise<WorkingCalendar>>();
  return (tenantId: string) => {
    let cal = cache.get(tenantId);
    if (!cal) {
      cal = loadCalendar(db, tenantId);
      cache.set(tenantId, cal);
    }
    return cal;
  };
}

/** The inputs of the given cases (or of the stale ones of an organisation), in one query. */
export const hoursInputs = (db: Executor) =>
  db.selectFrom('cases').select([
    'cases.tenant_id',
    'cases.id',
    'cases.created_at',
    'cases.resolved_at',
    sql<Date | null>`(select min(s.met_at) from case_sla s where s.tenant_id = cases.tenant_id
        and s.case_id = cases.id and s.target = 'first_response')`.as('responded_at'),
  ]);

/** Computes and stores the hours of the given cases; returns how many were written. */
export async function storeHours(db: Executor, rows: HoursInput[]): Promise<number> {
  if (rows.length === 0) return 0;
  const cal = calendars(db);
  const values = [];
  for (const r of rows) {
    const h = hoursOf(await cal(r.tenant_id), r);
    values.push(sql`(${r.tenant_id}::uuid, ${r.id}::uuid, ${h.first_response_wh}::float8, ${h.resolution_wh}::float8)`);
  }
  await sql`update cases set first_response_wh = v.fr, resolution_wh = v.rs, working_hours_stale = false
    from (values ${sql.join(values)}) v (tenant_id, id, fr, rs)
    where cases.tenant_id = v.tenant_id and cases.id = v.id`.execute(db);
  return rows.length;
}

/**
 * Called by the services that record a first response (an SLA clock met) or a resolution (resolve, reopen) in
 * the same transaction, so the dashboard reads stored durations instead of computing them per request.
 */
export async function recordCaseHours(trx: Executor, tenantId: string, caseId: string): Promise<void> {
  const rows = await hoursInputs(trx).where('cases.tenant_id', '=', tenantId).where('cases.id', '=', caseId).execute();
  await storeHours(trx, rows);
}

/**
 * Stores the hours of cases marked stale (rows written before migration 0017, or by a path that changed
 * created_at / resolved_at / a first_response clock without recording them), a batch at a time. Returns the
 * number of cases written. Readers compute stale cases on the fly meanwhile, so figures never wait for this.
 * The `kesu-case-hours` job runs it a bounded number of batches per tick; the bench runs it to the end.
 */
export async function backfillCaseHours(db: Executor, batch = 5000, maxBatches = Number.POSITIVE_INFINITY) {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const rows = await hoursInputs(db).where('cases.working_hours_stale', '=', true).limit(batch).execute();
    if (rows.length === 0) return total;
    total += await storeHours(db, rows);
  }
  return total;
}
