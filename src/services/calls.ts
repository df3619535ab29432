import type { Selectable } from 'kysely';
import type { CallsTable } from '../db/schema-calls.ts';
import { callWarnings } from '../domain/contact-timing.ts';
import { AppError } from '../domain/errors.ts';
import { maskPhone, seesPersonalData } from '../domain/masking.ts';
import type { CaseKind, Category, ExpectedResolution } from '../domain/vocabulary.ts';
import { loadVisibleCase } from './case-queries.ts';
import { presentCase } from './case-view.ts';
import { contactSettingsOf, outboundCallTimes } from './contact-timing.ts';
import type { Actor, ServiceContext } from './context.ts';
import { intakeCase } from './intake-case.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';
import { loadCalendar } from './sla-calendar.ts';

/** Viewers and auditors see where a caller is (the province), not the street: 广东省深圳市南山区… → 广东省***. */
const maskAddress = (a: string | null) => (a === null ? null : `${[...a].slice(0, 3).join('')}***`);

export function presentCall(r: Selectable<CallsTable>, actor: Actor) {
  const pii = seesPersonalData(actor.role);
  return {
    id: r.id,
    caseId: r.case_id,
    direction: r.direction,
    caller: {
      name: r.caller_name,
      phone: pii ? r.caller_phone : maskPhone(r.caller_phone),
      address: pii ? r.caller_address : maskAddress(r.caller_address),
    },
    startedAt: r.started_at.toISOString(),
    durationSeconds: r.duration_seconds,
    recordingRef: r.recording_ref,
    summary: r.summary,
    warnings: r.warnings as unknown as ('OUTSIDE_CALLING_HOURS' | 'DAILY_CALL_LIMIT_REACHED')[],
    loggedBy: r.logged_by,
    loggedByTenantId: r.logged_by_tenant_id,
    createdAt: r.created_at.toISOString(),
  };
}

export interface CallInput {
  direction: 'inbound' | 'outbound';
  caller: { name: string; phone?: string | undefined; address?: string | undefined };
  startedAt: string;
  durationSeconds: number;
  recordingRef?: string | undefined;
  summary: string;
  caseId?: string | undefined;
  createCase?:
    | {
        kind: CaseKind;
        reason: string;
        respondentTenantId?: string | undefined;
        orderId?: string | undefined;
        orderNumber?: string | undefined;
        expectedResolution?: ExpectedResolution | undefined;
        category?: Category | undefined;
        severity?: number | undefined;
      }
    | undefined;
}

/** Clocks of phone systems and servers drift; a call "starting" a minute ahead is still a call that happened. */
const SKEW_MS = 60_000;

/**
 * An agent logs a hotline call (热线来电) on an existing case, or as a new case through intake (channel hotline,
 * the caller as complainant). An outbound call outside the calling window or over the daily limit is kept (it
 * happened), and the answer and the timeline carry the warning.
 */
export async function logCall(ctx: ServiceContext, input: CallInput) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  if ((input.caseId === undefined) === (input.createCase === undefined))
    throw new AppError('CALL_CASE_REQUIRED', { caseId: input.caseId ?? null, createCase: Boolean(input.createCase) });
  const startedAt = new Date(input.startedAt);
  if (startedAt.getTime() > ctx.now.getTime() + SKEW_MS)
    throw new AppError('CALL_IN_FUTURE', { startedAt: input.startedAt, now: ctx.now.toISOString() });
  let caseId = input.caseId ?? '';
  if (input.createCase) {
    // Intake runs its own transaction (routing, SLA clocks, classification); the call follows in the next one.
    const created = await intakeCase(ctx, {
      ...input.createCase,
      channel: 'hotline',
      complainant: { name: input.caller.name, phone: input.caller.phone },
    });
    caseId = created.case.id;
  }
  const call = await ctx.db.transaction().execute(async (trx) => {
    // Locking the case serialises calls logged at the same moment, so the daily count cannot be raced.
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const [settings, calendar, earlierOutbound] = await Promise.all([
      contactSettingsOf(trx, ctx.actor.tenantId),
      loadCalendar(trx, ctx.actor.tenantId),
      outboundCallTimes(trx, c.tenant_id, c.id, startedAt),
    ]);
    const warnings = callWarnings({
      phone: input.caller.phone ?? c.complainant_phone,
      address: input.caller.address,
      settings,
      calendar,
      startedAt,
      direction: input.direction,
      earlierOutbound,
    });
    const row = await trx
      .insertInto('calls')
      .values({
        tenant_id: c.tenant_id,
        case_id: c.id,
        direction: input.direction,
        caller_name: input.caller.name,
        caller_phone: input.caller.phone ?? null,
        caller_address: input.caller.address ?? null,
        started_at: startedAt,
        duration_seconds: input.durationSeconds,
        recording_ref: input.recordingRef ?? null,
        summary: input.summary,
        warnings: JSON.stringify(warnings),
        logged_by: ctx.actor.userId,
        logged_by_tenant_id: ctx.actor.tenantId,
        created_at: ctx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentCall(row, ctx.actor);
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: {
        type: 'call_logged',
        data: {
          callId: row.id,
          direction: input.direction,
          startedAt: view.startedAt,
          durationSeconds: input.durationSeconds,
          warnings,
        },
      },
      audit: { action: 'call.create', before: null, after: view },
      topic: 'case.call_logged',
    });
    return view;
  });
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  return {
    call,
    warnings: call.warnings,
    caseCreated: input.createCase !== undefined,
    case: presentCase(c, ctx.actor, ctx.now),
  };
}

export async function listCalls(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const rows = await ctx.db
    .selectFrom('calls')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
  return { items: rows.map((r) => presentCall(r, ctx.actor)) };
}
