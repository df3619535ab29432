import { AppError } from '../domain/errors.ts';
import { monthlyReportData } from '../reports/monthly-data.ts';
import { monthlyHtml } from '../reports/monthly-html.ts';
import { monthlyXlsx } from '../reports/monthly-xlsx.ts';
import { htmlToPdf } from '../reports/pdf.ts';
import { monthWindow } from '../reports/period.ts';
import { ANALYTICS_READERS } from './analytics.ts';
import type { Actor, Executor, ServiceContext } from './context.ts';
import { systemActor } from './context.ts';
import { requireRole } from './permissions.ts';

export type ReportFormat = 'xlsx' | 'pdf';
export interface ReportFile {
  fileName: string;
  mime: string;
  bytes: Buffer;
}

/** Builds the monthly analysis report of the actor's organisation (used by the API, the CLI and the monthly job). */
export async function buildMonthlyReport(db: Executor, actor: Actor, month: string, format: ReportFormat, now: Date) {
  monthWindow(month);
  const data = await monthlyReportData(db, actor, month, now);
  const base = `投诉分析月报-${month}`;
  if (format === 'pdf')
    return { fileName: `${base}.pdf`, mime: 'application/pdf', bytes: await htmlToPdf(monthlyHtml(data)) };
  return {
    fileName: `${base}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: await monthlyXlsx(data),
  };
}

export async function monthlyReportFile(ctx: ServiceContext, month: string, format: ReportFormat): Promise<ReportFile> {
  requireRole(ctx.actor, ANALYTICS_READERS);
  return buildMonthlyReport(ctx.db, ctx.actor, month, format, ctx.now);
}

/** The CLI's and the monthly job's way in: the organisation by its slug, read with the system's eyes. */
export async function monthlyReportForTenant(
  db: Executor,
  slug: string,
  month: string,
  format: ReportFormat,
  now: Date,
) {
  const t = await db.selectFrom('tenants').select(['id', 'kind']).where('slug', '=', slug).executeTakeFirst();
  if (!t) throw new AppError('TENANT_NOT_FOUND', { slug });
  return buildMonthlyReport(db, systemActor(t.id, t.kind), month, format, now);
}
