import { adviseContactTiming, type ContactTimingSettings, contactSettingsProblem } from '../domain/contact-timing.ts';
import { AppError } from '../domain/errors.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { Executor, ServiceContext } from './context.ts';
import { loadCalendar } from './sla-calendar.ts';

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minutesOf = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** The calling window of the organisation whose agents make the calls (defaults: 09:00–21:00, 3 a day). */
export async function contactSettingsOf(db: Executor, tenantId: string): Promise<ContactTimingSettings> {
  const t = await db
    .selectFrom('tenants')
    .select(['call_window_start', 'call_window_end', 'max_calls_per_day', 'call_working_days_only', 'call_time_zone'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return {
    windowStart: t.call_window_start,
    windowEnd: t.call_window_end,
    maxCallsPerDay: t.max_calls_per_day,
    workingDaysOnly: t.call_working_days_only,
    defaultTimeZone: t.call_time_zone,
  };
}

export function presentContactSettings(s: ContactTimingSettings) {
  return {
    windowStart: hhmm(s.windowStart),
    windowEnd: hhmm(s.windowEnd),
    maxCallsPerDay: s.maxCallsPerDay,
    workingDaysOnly: s.workingDaysOnly,
    defaultTimeZone: s.defaultTimeZone,
  };
}

export interface ContactSettingsPatch {
  windowStart?: string | undefined;
  windowEnd?: string | undefined;
  maxCallsPerDay?: number | undefined;
  workingDaysOnly?: boolean | undefined;
  defaultTimeZone?: string | undefined;
}

/** Merges a patch into the current settings; anything past 21:00 or otherwise unusable is CALL_WINDOW_INVALID. */
export function mergeContactSettings(current: ContactTimingSettings, patch: ContactSettingsPatch) {
  const next: ContactTimingSettings = {
    windowStart: patch.windowStart !== undefined ? minutesOf(patch.windowStart) : current.windowStart,
    windowEnd: patch.windowEnd !== undefined ? minutesOf(patch.windowEnd) : current.windowEnd,
    maxCallsPerDay: patch.maxCallsPerDay ?? current.maxCallsPerDay,
    workingDaysOnly: patch.workingDaysOnly ?? current.workingDaysOnly,
    defaultTimeZone: patch.defaultTimeZone ?? current.defaultTimeZone,
  };
  const problem = contactSettingsProblem(next);
  if (problem) throw new AppError('CALL_WINDOW_INVALID', { problem, ...patch });
  return next;
}

export function contactSettingsColumns(s: ContactTimingSettings) {
  return {
    call_window_start: s.windowStart,
    call_window_end: s.windowEnd,
    max_calls_per_day: s.maxCallsPerDay,
    call_working_days_only: s.workingDaysOnly,
    call_time_zone: s.defaultTimeZone,
  };
}

/** Start times of the outbound calls on a case, oldest first. */
export async function outboundCallTimes(db: Executor, caseTenantId: string, caseId: string, before?: Date) {
  let q = db
    .selectFrom('calls')
    .select('started_at')
    .where('tenant_id', '=', caseTenantId)
    .where('case_id', '=', caseId)
    .where('direction', '=', 'outbound');
  if (before) q = q.where('started_at', '<', before);
  return (await q.orderBy('started_at').execute()).map((r) => r.started_at);
}

/**
 * When to call this case's complainant now: the case's phone first, then the phone and address of the latest
 * call, then an address the agent passes in; the caller's organisation's window, limit and calendar.
 */
export async function contactTimingFor(ctx: ServiceContext, caseId: string, opts: { address?: string | undefined }) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const [settings, calendar, outboundCalls, latest] = await Promise.all([
    contactSettingsOf(ctx.db, ctx.actor.tenantId),
    loadCalendar(ctx.db, ctx.actor.tenantId),
    outboundCallTimes(ctx.db, c.tenant_id, c.id),
    ctx.db
      .selectFrom('calls')
      .select(['caller_phone', 'caller_address'])
      .where('tenant_id', '=', c.tenant_id)
      .where('case_id', '=', c.id)
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const input = { now: ctx.now, settings, outboundCalls, calendar };
  let a = adviseContactTiming({
    ...input,
    phone: c.complainant_phone,
    address: opts.address ?? latest?.caller_address,
  });
  if (a.region.source === 'default' && latest?.caller_phone)
    a = adviseContactTiming({ ...input, phone: latest.caller_phone, address: opts.address ?? latest.caller_address });
  const { timeZone: _tz, ...region } = a.region;
  return { ...a, region, nextWindowStart: a.nextWindowStart.toISOString(), workingDaysOnly: settings.workingDaysOnly };
}
