import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import {
  AnalyticsQuery,
  BreakdownPage,
  BreakdownQuery,
  ComplaintRatePage,
  DecisionBody,
  DecisionDto,
  DecisionListQuery,
  DecisionPage,
  MonthlyReportQuery,
  OverviewDto,
  ResponsibilityPage,
  ResponsibilityQuery,
  RootCausePage,
  SeriesQuery,
  SlaPage,
} from '../../contracts/analytics.ts';
import {
  analyticsBreakdown,
  analyticsComplaintRate,
  analyticsOverview,
  analyticsResponsibility,
  analyticsRootCauses,
  analyticsSla,
} from '../../services/analytics.ts';
import { monthlyReportFile } from '../../services/monthly-report.ts';
import { listDecisions, recordDecision } from '../../services/responsibility-decisions.ts';
import { ctxOf } from '../auth.ts';
import { errorResponses } from './shared.ts';

const readers =
  'Supervisor, admin or auditor. Period: from/to are Asia/Shanghai days, inclusive (default: last 30 days).';

/** Complaint-rate, SLA, root-cause and responsibility analytics, reward/penalty decisions, the monthly report. */
export async function analyticsRoutes(app: FastifyInstance) {
  const tags = ['analytics'];
  const get = <Q>(
    path: string,
    summary: string,
    querystring: Q,
    response: unknown,
    run: (req: FastifyRequest) => unknown,
  ) =>
    app.get(
      path,
      {
        schema: {
          tags,
          summary,
          description: readers,
          querystring,
          response: { 200: response, ...errorResponses(403) },
        },
      },
      async (req) => run(req),
    );
  get(
    '/analytics/overview',
    '总览 / Figures of the period and of the period before',
    AnalyticsQuery,
    OverviewDto,
    (req) => analyticsOverview(ctxOf(req), req.query as Static<typeof AnalyticsQuery>),
  );
  get(
    '/analytics/complaint-rate',
    '投诉率 / Cases per 1,000 orders by day or month',
    SeriesQuery,
    ComplaintRatePage,
    (req) => analyticsComplaintRate(ctxOf(req), req.query as Static<typeof SeriesQuery>),
  );
  get(
    '/analytics/breakdown',
    '分布 / Cases by category, channel, respondent, department, person or product',
    BreakdownQuery,
    BreakdownPage,
    (req) => analyticsBreakdown(ctxOf(req), req.query as Static<typeof BreakdownQuery>),
  );
  get('/analytics/sla', 'SLA 达成 / Clocks falling due by day or month: met, breached', SeriesQuery, SlaPage, (req) =>
    analyticsSla(ctxOf(req), req.query as Static<typeof SeriesQuery>),
  );
  get(
    '/analytics/root-causes',
    '根因帕累托 / Root causes of cases closed in the period, biggest first',
    AnalyticsQuery,
    RootCausePage,
    (req) => analyticsRootCauses(ctxOf(req), req.query as Static<typeof AnalyticsQuery>),
  );
  get(
    '/analytics/responsibility',
    '责任排名 / Ranking per first responsible person or department',
    ResponsibilityQuery,
    ResponsibilityPage,
    (req) => analyticsResponsibility(ctxOf(req), req.query as Static<typeof ResponsibilityQuery>),
  );
  app.post(
    '/analytics/responsibility/decisions',
    {
      schema: {
        tags,
        summary: '奖惩决定 / Record a reward or penalty against a person or department for a month',
        description: 'Supervisor or admin; the subject must be a member or a department of your organisation.',
        body: DecisionBody,
        response: { 201: DecisionDto, ...errorResponses(403, 404) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordDecision(ctxOf(req), req.body as Static<typeof DecisionBody>)),
  );
  get(
    '/analytics/responsibility/decisions',
    '奖惩记录 / Rewards and penalties recorded, newest first',
    DecisionListQuery,
    DecisionPage,
    (req) => listDecisions(ctxOf(req), req.query as Static<typeof DecisionListQuery>),
  );
  app.get(
    '/reports/monthly',
    {
      schema: {
        tags,
        summary: '月度分析报告 / Download the monthly analysis report (xlsx or PDF, in Chinese)',
        description: `${readers} PDF needs chromium and fonts-noto-cjk on the server (503 PDF_RENDERER_UNAVAILABLE otherwise).`,
        querystring: MonthlyReportQuery,
        response: errorResponses(403, 503),
      },
    },
    async (req, reply) => {
      const q = req.query as Static<typeof MonthlyReportQuery>;
      const file = await monthlyReportFile(ctxOf(req), q.month, q.format ?? 'xlsx');
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(file.bytes);
    },
  );
}
