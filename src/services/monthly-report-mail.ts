import { sql } from 'kysely';
import { pdfAvailable } from '../reports/pdf.ts';
import { localDate, monthWindow, previousMonth } from '../reports/period.ts';
import type { Executor } from './context.ts';
import type { Mailer } from './mailer.ts';
import { monthlyReportForTenant } from './monthly-report.ts';

/** Organisations mailed per run: the job is bounded, the next tick takes the rest. */
const BATCH = 2;

/**
 * The scheduled monthly report: on the 1st (Asia/Shanghai), every organisation with supervisors and cases last
 * month gets last month's report mailed to its supervisors, xlsx attached (and the PDF when chromium is
 * installed). A row in monthly_report_runs claims the organisation and month first, so two workers or two runs
 * send it once; a failed send gives the claim back for the next run.
 */
export async function mailMonthlyReports(db: Executor, mailer: Mailer, now: Date, opts: { anyDay?: boolean } = {}) {
  if (!mailer.enabled) return { sent: 0 };
  const today = localDate(now);
  if (!opts.anyDay && !today.endsWith('-01')) return { sent: 0 };
  const month = previousMonth(today.slice(0, 7));
  const w = monthWindow(month);
  const due = await db
    .selectFrom('tenants')
    .select(['tenants.id', 'tenants.slug', 'tenants.name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships')
          .select(sql`1`.as('x'))
          .whereRef('memberships.tenant_id', '=', 'tenants.id')
          .where('memberships.role', '=', 'supervisor'),
      ),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('cases')
          .select(sql`1`.as('x'))
          .where((c) =>
            c.or([
              c('cases.respondent_tenant_id', '=', c.ref('tenants.id')),
              c('cases.platform_tenant_id', '=', c.ref('tenants.id')),
              c('cases.ops_tenant_id', '=', c.ref('tenants.id')),
            ]),
          )
          .where('cases.created_at', '>=', w.start)
          .where('cases.created_at', '<', w.end),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('monthly_report_runs')
            .select(sql`1`.as('x'))
            .whereRef('monthly_report_runs.tenant_id', '=', 'tenants.id')
            .where('monthly_report_runs.month', '=', month),
        ),
      ),
    )
    .orderBy('tenants.slug')
    .limit(BATCH)
    .execute();
  let sent = 0;
  for (const t of due) {
    const to = await db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('users.email')
      .where('memberships.tenant_id', '=', t.id)
      .where('memberships.role', '=', 'supervisor')
      .orderBy('users.email')
      .execute();
    const claim = await db
      .insertInto('monthly_report_runs')
      .values({ tenant_id: t.id, month, recipients: to.length, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('tenant_id')
      .executeTakeFirst();
    if (!claim) continue;
    try {
      const xlsx = await monthlyReportForTenant(db, t.slug, month, 'xlsx', now);
      const files = [xlsx];
      if (pdfAvailable()) files.push(await monthlyReportForTenant(db, t.slug, month, 'pdf', now));
      await mailer.send({
        to: to.map((u) => u.email).join(', '),
        subject: `【Kesu 客诉】${t.name} ${month} 投诉分析月报 / Monthly complaint report`,
        text: `您好：\n\n附件是 ${t.name} ${month} 的投诉分析月报（投诉率、根因、未兑现承诺、人员责任、未结升级）。\n\nAttached: the complaint analysis report of ${t.name} for ${month}.\n`,
        attachments: files.map((f) => ({ filename: f.fileName, content: f.bytes, contentType: f.mime })),
      });
      sent++;
    } catch (err) {
      await db.deleteFrom('monthly_report_runs').where('tenant_id', '=', t.id).where('month', '=', month).execute();
      throw err;
    }
  }
  return { sent, month };
}
