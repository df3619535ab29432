import { chinaHolidays } from '../domain/calendar/holidays.ts';
import {
  type CalendarSettings,
  defaultCalendarSettings,
  type WorkingCalendar,
  workingCalendar,
} from '../domain/calendar/working-calendar.ts';
import { AppError } from '../domain/errors.ts';
import type { Executor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

export interface SlaSettingsDto {
  workStart: string;
  workEnd: string;
  lunch: { start: string; end: string } | null;
  closedDates: string[];
  timeZone: string;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minutesOf = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** A tenant's calendar settings; tenants that never set them get 09:00–18:00, no lunch break, Asia/Shanghai. */
export async function calendarSettingsOf(db: Executor, tenantId: string): Promise<CalendarSettings> {
  const row = await db.selectFrom('sla_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!row) return defaultCalendarSettings;
  return {
    workStart: row.work_start,
    workEnd: row.work_end,
    lunch: row.lunch_start !== null && row.lunch_end !== null ? { start: row.lunch_start, end: row.lunch_end } : null,
    closedDates: row.closed_dates as unknown as string[],
    utcOffsetMinutes: row.utc_offset_minutes,
  };
}

export async function loadCalendar(db: Executor, tenantId: string): Promise<WorkingCalendar> {
  return workingCalendar(chinaHolidays, await calendarSettingsOf(db, tenantId));
}

function toDto(s: CalendarSettings): SlaSettingsDto {
  return {
    workStart: hhmm(s.workStart),
    workEnd: hhmm(s.workEnd),
    lunch: s.lunch ? { start: hhmm(s.lunch.start), end: hhmm(s.lunch.end) } : null,
    closedDates: [...(s.closedDates ?? [])],
    timeZone: 'Asia/Shanghai',
  };
}

export async function getSlaSettings(ctx: ServiceContext): Promise<SlaSettingsDto> {
  return toDto(await calendarSettingsOf(ctx.db, ctx.actor.tenantId));
}

/** Admins set business hours and closed days; clocks started later use them (running clocks keep their due). */
export async function putSlaSettings(
  ctx: ServiceContext,
  input: { workStart: string; workEnd: string; lunch?: { start: string; end: string } | null; closedDates?: string[] },
): Promise<SlaSettingsDto> {
  requireRole(ctx.actor, ['admin']);
  const s: CalendarSettings = {
    workStart: minutesOf(input.workStart),
    workEnd: input.workEnd === '24:00' ? 1440 : minutesOf(input.workEnd),
    lunch: input.lunch ? { start: minutesOf(input.lunch.start), end: minutesOf(input.lunch.end) } : null,
    closedDates: [...new Set(input.closedDates ?? [])].sort(),
    utcOffsetMinutes: 480,
  };
  try {
    workingCalendar(chinaHolidays, s);
  } catch {
    throw new AppError('SLA_HOURS_INVALID', { ...input });
  }
  if (s.lunch && s.lunch.start >= s.lunch.end) throw new AppError('SLA_HOURS_INVALID', { ...input });
  await ctx.db.transaction().execute(async (trx) => {
    const before = await calendarSettingsOf(trx, ctx.actor.tenantId);
    const row = {
      work_start: s.workStart,
      work_end: s.workEnd,
      lunch_start: s.lunch?.start ?? null,
      lunch_end: s.lunch?.end ?? null,
      closed_dates: JSON.stringify(s.closedDates),
      utc_offset_minutes: 480,
      updated_at: ctx.now,
    };
    await trx
      .insertInto('sla_settings')
      .values({ tenant_id: ctx.actor.tenantId, ...row })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(row))
      .execute();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'sla.settings_update',
      entity: 'tenant',
      entityId: ctx.actor.tenantId,
      before: toDto(before),
      after: toDto(s),
      at: ctx.now,
    });
  });
  return toDto(s);
}
