import { sql } from 'kysely';
import { applyAction } from '../domain/lifecycle.ts';
import type { BreachAction } from '../domain/sla/policy.ts';
import type { TenantKind } from '../domain/vocabulary.ts';
import { selectCases } from './case-queries.ts';
import { type CaseSlaRow, columnsOf, refreshCaseDueAt, stateOf } from './case-sla.ts';
import { type CaseWithOrder, toCaseView } from './case-view.ts';
import { type Executor, systemActor } from './context.ts';
import { moveCase } from './move-case.ts';
import { membersWithRole, notify } from './notifications.ts';
import { recordCaseChange } from './record.ts';

export interface SweepOptions {
  batchSize?: number;
  /** Stop starting new batches after this many milliseconds (the job runs again soon). */
  budgetMs?: number;
  /** Batches swept at the same time (each in its own transaction). */
  concurrency?: number;
}
export interface SweepResult {
  warned: number;
  breached: number;
  escalated: number;
  batches: number;
  done: boolean;
}

/**
 * The SLA sweep: finds clocks whose warning (80 %) or due time has come, in batches locked with
 * FOR UPDATE SKIP LOCKED so several workers can sweep at once. Idempotent: each step is stamped on the clock
 * (warned_at, breached_at) in the same transaction as its notifications, and notifications carry dedupe keys.
 */
export async function runSlaSweep(db: Executor, now: Date, opts: SweepOptions = {}): Promise<SweepResult> {
  const batchSize = opts.batchSize ?? 200;
  const deadline = Date.now() + (opts.budgetMs ?? 5_000);
  const result: SweepResult = { warned: 0, breached: 0, escalated: 0, batches: 0, done: false };
  const memo: Memo = new Map();
  // Several loops at once on a server database: SKIP LOCKED gives each its own rows (PGlite serialises them).
  const loop = async () => {
    while (!result.done && Date.now() < deadline) {
      const n = await db.transaction().execute(async (trx) => {
        // Lock the clock and its case together, skipping both when someone works on the case right now.
        const rows = await sql<CaseSlaRow & { status: string }>`
          select s.*, c.status from case_sla s
          join cases c on c.tenant_id = s.tenant_id and c.id = s.case_id
          where s.next_check_at <= ${now}
          order by s.next_check_at
          limit ${batchSize}
          for update of s, c skip locked`.execute(trx);
        for (const r of rows.rows) await checkClock(trx, r, now, result, memo);
        return rows.rows.length;
      });
      result.batches++;
      if (n < batchSize) result.done = true;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, loop));
  return result;
}

/** Per-sweep cache of what rarely changes (policies' breach actions, tenant kinds, supervisors): fewer queries per clock. */
type Memo = Map<string, Promise<unknown>>;
function once<T>(memo: Memo, key: string, load: () => Promise<T>): Promise<T> {
  let p = memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    memo.set(key, p);
  }
  return p;
}

async function checkClock(
  trx: Executor,
  r: CaseSlaRow & { status: string },
  now: Date,
  result: SweepResult,
  memo: Memo,
) {
  const supervisors = () =>
    once(memo, `sup:${r.tenant_id}`, async () => {
      const list = await membersWithRole(trx, r.tenant_id, ['supervisor']);
      return list.length ? list : membersWithRole(trx, r.tenant_id, ['admin']);
    });
  let s = stateOf(r);
  let escalatedAt: Date | null = null;
  const c = await selectCases(trx)
    .where('cases.tenant_id', '=', r.tenant_id)
    .where('cases.id', '=', r.case_id)
    .executeTakeFirstOrThrow();
  const data = { caseNumber: c.case_number, target: r.target, dueAt: r.due_at?.toISOString() ?? null };
  const breach = r.due_at !== null && r.due_at <= now;
  if (!s.warnedAt) {
    s = { ...s, warnedAt: now };
    result.warned++;
    if (!breach) {
      // A warning goes to the person responsible, or to the supervisors while nobody is.
      const to = c.assignee_id ? [c.assignee_id] : await supervisors();
      await notify(trx, {
        tenantId: c.tenant_id,
        userIds: to,
        kind: 'sla.warning',
        caseId: c.id,
        data,
        dedupeKey: `sla.warning:${c.id}:${r.target}`,
        email: false,
        at: now,
      });
      await trail(trx, c.tenant_id, c.id, 'sla_warning', r.target, now, 'sla.warning', data);
    }
  }
  if (breach) {
    s = { ...s, breachedAt: now };
    result.breached++;
    await trail(trx, c.tenant_id, c.id, 'sla_breached', r.target, now, 'sla.breached', data);
    const actions = await once(memo, `policy:${r.tenant_id}:${r.policy_id}`, async () => {
      const policy = await trx
        .selectFrom('sla_policies')
        .select('on_breach')
        .where('tenant_id', '=', r.tenant_id)
        .where('id', '=', r.policy_id)
        .executeTakeFirst();
      return (policy?.on_breach ?? []) as unknown as BreachAction[];
    });
    if (actions.includes('notify_supervisor')) {
      await notify(trx, {
        tenantId: c.tenant_id,
        userIds: await supervisors(),
        kind: 'sla.breached',
        caseId: c.id,
        data,
        dedupeKey: `sla.breached:${c.id}:${r.target}`,
        email: true,
        at: now,
      });
    }
    let severity = c.severity;
    if (actions.includes('raise_severity') && c.severity < 4) {
      severity = c.severity + 1;
      // Severity runs 1 (low) to 4 (critical); a breach raises it one step.
      await trx
        .updateTable('cases')
        .set({ severity: c.severity + 1, updated_at: now })
        .where('tenant_id', '=', c.tenant_id)
        .where('id', '=', c.id)
        .execute();
      await trail(trx, c.tenant_id, c.id, 'severity_raised', r.target, now, undefined, {
        from: c.severity,
        to: c.severity + 1,
      });
    }
    const kind = await once(memo, `kind:${r.tenant_id}`, async () => {
      const t = await trx.selectFrom('tenants').select('kind').where('id', '=', r.tenant_id).executeTakeFirstOrThrow();
      return t.kind as TenantKind;
    });
    // The severity change did not bump the version, so the row read above is still current for moveCase.
    if (actions.includes('escalate') && (await escalate(trx, { ...c, severity }, kind, r.target, now))) {
      escalatedAt = now;
      result.escalated++;
    }
  }
  await trx
    .updateTable('case_sla')
    .set({ ...columnsOf(s), ...(escalatedAt ? { escalated_at: escalatedAt } : {}) })
    .where('tenant_id', '=', r.tenant_id)
    .where('case_id', '=', r.case_id)
    .where('target', '=', r.target)
    .execute();
  await refreshCaseDueAt(trx, r.tenant_id, r.case_id);
}

/** Escalates through the lifecycle as the system; false when the case's status does not allow it (e.g. resolved). */
async function escalate(trx: Executor, c: CaseWithOrder, tenantKind: TenantKind, target: string, now: Date) {
  const actor = systemActor(c.tenant_id, tenantKind);
  if (!applyAction(toCaseView(c), 'sla_escalate', { now, role: 'system', tenantKind }).ok) return false;
  await moveCase(trx, c, 'sla_escalate', actor, now, { reason: `SLA_BREACHED:${target}` });
  return true;
}

async function trail(
  trx: Executor,
  tenantId: string,
  caseId: string,
  type: string,
  target: string,
  at: Date,
  topic: string | undefined,
  data: Record<string, unknown>,
) {
  await recordCaseChange(trx, {
    caseTenantId: tenantId,
    caseId,
    actorTenantId: tenantId,
    actorUserId: null,
    at,
    event: { type, data: { target, ...data } },
    audit: { action: `case.${type}`, before: null, after: { target, ...data } },
    ...(topic ? { topic } : {}),
  });
}
