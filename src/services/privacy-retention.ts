import { anonymiseCases } from './anonymise-cases.ts';
import type { Executor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

const DAY_MS = 86_400_000;

export async function getPrivacySettings(ctx: ServiceContext) {
  requireRole(ctx.actor, ['admin', 'auditor']);
  const row = await ctx.db
    .selectFrom('privacy_settings')
    .selectAll()
    .where('tenant_id', '=', ctx.actor.tenantId)
    .executeTakeFirst();
  return {
    retentionMonths: row?.retention_months ?? null,
    lastRetentionRunAt: row?.last_retention_run_at?.toISOString() ?? null,
  };
}

/** Sets (or with null lifts) the organisation's retention policy (admin); audited. */
export async function putPrivacySettings(ctx: ServiceContext, input: { retentionMonths: number | null }) {
  requireRole(ctx.actor, ['admin']);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('privacy_settings')
      .select('retention_months')
      .where('tenant_id', '=', ctx.actor.tenantId)
      .executeTakeFirst();
    await trx
      .insertInto('privacy_settings')
      .values({ tenant_id: ctx.actor.tenantId, retention_months: input.retentionMonths, updated_at: ctx.now })
      .onConflict((oc) =>
        oc.column('tenant_id').doUpdateSet({ retention_months: input.retentionMonths, updated_at: ctx.now }),
      )
      .execute();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'privacy.settings',
      entity: 'privacy_settings',
      entityId: ctx.actor.tenantId,
      before: { retentionMonths: before?.retention_months ?? null },
      after: { retentionMonths: input.retentionMonths },
      at: ctx.now,
    });
  });
  return getPrivacySettings({ ...ctx, actor: { ...ctx.actor, role: 'admin' } });
}

/** `months` calendar months before `now` (31 March − 1 month → 28/29 February, like a person counts). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/**
 * The daily retention job: in every organisation with a policy, anonymises the complainants of cases closed
 * more than N months ago. Bounded (batches, a time budget), idempotent (anonymised cases are skipped), and once a
 * day per organisation unless the last run stopped on its budget.
 */
export async function runRetention(db: Executor, now: Date, opts: { batch?: number; budgetMs?: number } = {}) {
  const batch = opts.batch ?? 200;
  const deadline = Date.now() + (opts.budgetMs ?? 10_000);
  const due = await db
    .selectFrom('privacy_settings')
    .select(['tenant_id', 'retention_months'])
    .where('retention_months', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('last_retention_run_at', 'is', null),
        eb('last_retention_run_at', '<=', new Date(now.getTime() - DAY_MS)),
      ]),
    )
    .execute();
  let anonymised = 0;
  for (const t of due) {
    const cutoff = monthsBefore(now, t.retention_months!);
    let finished = false;
    while (Date.now() < deadline) {
      const n = await db.transaction().execute(async (trx) => {
        const ids = await trx
          .selectFrom('cases')
          .select('id')
          .where('tenant_id', '=', t.tenant_id)
          .where('status', '=', 'closed')
          .where('anonymised_at', 'is', null)
          .where('closed_at', '<', cutoff)
          .limit(batch)
          .forUpdate()
          .skipLocked()
          .execute();
        return anonymiseCases(
          trx,
          t.tenant_id,
          ids.map((r) => r.id),
          now,
          'retention',
        );
      });
      anonymised += n;
      if (n < batch) {
        finished = true;
        break;
      }
    }
    if (finished)
      await db
        .updateTable('privacy_settings')
        .set({ last_retention_run_at: now })
        .where('tenant_id', '=', t.tenant_id)
        .execute();
  }
  return { tenants: due.length, anonymised };
}
