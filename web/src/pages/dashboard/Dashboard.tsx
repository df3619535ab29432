import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Row, Segmented, Select, Space, Statistic, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, type ApiResult, api, fetchBlobUrl } from '../../api/client.ts';
import { Chart, type ChartOption } from '../../components/Chart.tsx';
import { formatFen } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { lastDays, type Period, periodDays, queueLink } from './period.ts';

type Overview = ApiResult<'/api/v1/analytics/overview', 'get'>;
type RatePage = ApiResult<'/api/v1/analytics/complaint-rate', 'get'>;
type BreakdownPage = ApiResult<'/api/v1/analytics/breakdown', 'get'>;
type SlaPage = ApiResult<'/api/v1/analytics/sla', 'get'>;
type RankingPage = ApiResult<'/api/v1/analytics/responsibility', 'get'>;
type Granularity = 'day' | 'month';

const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
const per1000 = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${r.toFixed(2)}‰`);
const rangeOptions = [7, 30, 90, 365] as const;

/** A centred "no data" text over an empty chart (ECharts draws bare axes otherwise). */
const emptyOverlay = (empty: boolean, text: string) =>
  empty
    ? [{ type: 'text', left: 'center', top: 'middle', style: { text, fontSize: 14, fill: '#8c8c8c' }, silent: true }]
    : [];

/** Supervisor dashboard: every chart reads the analytics API and clicks through to the queue with filters. */
export default function DashboardPage() {
  const { t, v, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [days, setDays] = useState<number>(30);
  const period = useMemo<Period>(() => lastDays(days), [days]);
  const [rateGranularity, setRateGranularity] = useState<Granularity>(days > 90 ? 'month' : 'day');
  const [slaGranularity, setSlaGranularity] = useState<Granularity>('day');
  const [rankBy, setRankBy] = useState<'person' | 'department'>('person');
  const [overview, setOverview] = useState<Overview | null>(null);
  const [rate, setRate] = useState<RatePage | null>(null);
  const [categories, setCategories] = useState<BreakdownPage | null>(null);
  const [sla, setSla] = useState<SlaPage | null>(null);
  const [ranking, setRanking] = useState<RankingPage | null>(null);

  const fail = useCallback(
    (e: unknown) => message.error(e instanceof ApiError ? e.text(lang) : String(e)),
    [message, lang],
  );

  useEffect(() => {
    api.get('/api/v1/analytics/overview', { query: period }).then(setOverview, fail);
    api.get('/api/v1/analytics/breakdown', { query: { ...period, by: 'category' } }).then(setCategories, fail);
  }, [period, fail]);
  useEffect(() => {
    api
      .get('/api/v1/analytics/complaint-rate', { query: { ...period, granularity: rateGranularity } })
      .then(setRate, fail);
  }, [period, rateGranularity, fail]);
  useEffect(() => {
    api.get('/api/v1/analytics/sla', { query: { ...period, granularity: slaGranularity } }).then(setSla, fail);
  }, [period, slaGranularity, fail]);
  useEffect(() => {
    api.get('/api/v1/analytics/responsibility', { query: { ...period, by: rankBy } }).then(setRanking, fail);
  }, [period, rankBy, fail]);

  const f = overview?.figures;
  const p = overview?.previous;

  const rateOption = useMemo<ChartOption>(
    () => ({
      graphic: emptyOverlay(!!rate && rate.items.every((i) => i.cases === 0 && i.orders === 0), t('dash.noData')),
      tooltip: { trigger: 'axis' },
      legend: { data: [t('dash.ratePer1000'), t('dash.cases')], top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: rate?.items.map((i) => i.period) ?? [] },
      yAxis: [
        { type: 'value', name: '‰', minInterval: 0.01 },
        { type: 'value', name: t('dash.cases'), minInterval: 1 },
      ],
      series: [
        {
          name: t('dash.ratePer1000'),
          type: 'line',
          connectNulls: false,
          data: rate?.items.map((i) => (i.ratePer1000 === null ? null : Number(i.ratePer1000.toFixed(2)))) ?? [],
        },
        { name: t('dash.cases'), type: 'bar', yAxisIndex: 1, data: rate?.items.map((i) => i.cases) ?? [] },
      ],
    }),
    [rate, t],
  );

  const categoryOption = useMemo<ChartOption>(() => {
    const items = [...(categories?.items ?? [])].reverse();
    return {
      graphic: emptyOverlay(!!categories && items.length === 0, t('dash.noData')),
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      grid: { left: 110, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: items.map((i) => (i.key ? v('category', i.key) : i.label)) },
      series: [
        {
          type: 'bar',
          name: t('dash.cases'),
          data: items.map((i) => ({ value: i.cases, key: i.key })),
          label: { show: true, position: 'right', formatter: '{c}' },
        },
      ],
    };
  }, [categories, v, t]);

  const slaOption = useMemo<ChartOption>(
    () => ({
      graphic: emptyOverlay(!!sla && sla.items.every((i) => i.due === 0), t('dash.noDue')),
      tooltip: { trigger: 'axis' },
      legend: { data: [t('dash.slaMet'), t('dash.slaBreached'), t('dash.slaAttainment')], top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: sla?.items.map((i) => i.period) ?? [] },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { name: t('dash.slaMet'), type: 'bar', stack: 'due', data: sla?.items.map((i) => i.met) ?? [] },
        {
          name: t('dash.slaBreached'),
          type: 'bar',
          stack: 'due',
          itemStyle: { color: '#cf1322' },
          data: sla?.items.map((i) => i.breached) ?? [],
        },
        {
          name: t('dash.slaAttainment'),
          type: 'line',
          yAxisIndex: 1,
          data: sla?.items.map((i) => (i.attainment === null ? null : Math.round(i.attainment * 1000) / 10)) ?? [],
        },
      ],
    }),
    [sla, t],
  );

  const rankingOption = useMemo<ChartOption>(() => {
    const items = [...(ranking?.items ?? [])].slice(0, 15).reverse();
    return {
      graphic: emptyOverlay(!!ranking && items.length === 0, t('dash.noData')),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: [t('dash.cases'), t('dash.onTime'), t('dash.unkeptPromises')], top: 0 },
      grid: { left: 110, right: 24, top: 36, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: items.map((i) => i.name) },
      series: [
        { name: t('dash.cases'), type: 'bar', data: items.map((i) => ({ value: i.cases, id: i.id })) },
        { name: t('dash.onTime'), type: 'bar', data: items.map((i) => ({ value: i.onTime, id: i.id })) },
        {
          name: t('dash.unkeptPromises'),
          type: 'bar',
          itemStyle: { color: '#fa8c16' },
          data: items.map((i) => ({ value: i.unkeptPromises, id: i.id })),
        },
      ],
    };
  }, [ranking, t]);

  const reviews = f?.badReviews;
  const reviewsOption = useMemo<ChartOption>(() => {
    const revised = reviews?.revised ?? 0;
    const answered = Math.max(0, (reviews?.answered ?? 0) - revised);
    const open = Math.max(0, (reviews?.total ?? 0) - revised - answered);
    return {
      graphic: emptyOverlay(!!reviews && reviews.total === 0, t('dash.noReviews')),
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '45%'],
          data: [
            { name: t('dash.reviewsRevised'), value: revised, itemStyle: { color: '#389e0d' } },
            { name: t('dash.reviewsAnswered'), value: answered, itemStyle: { color: '#1677ff' } },
            { name: t('dash.reviewsOpen'), value: open, itemStyle: { color: '#cf1322' } },
          ],
        },
      ],
    };
  }, [reviews, t]);

  const download = async (format: 'xlsx' | 'pdf') => {
    const month = period.to.slice(0, 7);
    try {
      const url = await fetchBlobUrl(`/api/v1/reports/monthly?month=${month}&format=${format}`);
      const a = document.createElement('a');
      a.href = url;
      a.download = `kesu-${month}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('dash.title')}</h1>}
        extra={
          <Space wrap>
            <Typography.Text type="secondary" data-testid="dash-period">
              {period.from} — {period.to}
            </Typography.Text>
            <Select
              aria-label={t('dash.range')}
              value={days}
              style={{ width: 140 }}
              onChange={(d) => {
                setDays(d);
                if (d > 90) setRateGranularity('month');
              }}
              options={rangeOptions.map((d) => ({ value: d, label: t('dash.lastDays', { n: d }) }))}
            />
            <Button icon={<DownloadOutlined />} onClick={() => download('xlsx')}>
              {t('dash.reportXlsx')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={() => download('pdf')}>
              {t('dash.reportPdf')}
            </Button>
          </Space>
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6} xl={3}>
            <Statistic title={t('dash.orders')} value={f?.orders ?? '—'} />
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic title={t('dash.cases')} value={f?.cases ?? '—'} />
            <Typography.Text type="secondary">{p && t('dash.previous', { value: p.cases })}</Typography.Text>
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic title={t('dash.ratePer1000')} value={per1000(f?.complaintRatePer1000)} />
            <Typography.Text type="secondary">
              {p && t('dash.previous', { value: per1000(p.complaintRatePer1000) })}
            </Typography.Text>
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic title={t('dash.slaAttainment')} value={pct(f?.slaAttainment)} />
            <Typography.Text type="secondary">
              {p && t('dash.previous', { value: pct(p.slaAttainment) })}
            </Typography.Text>
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic title={t('dash.disputeRate')} value={pct(f?.disputeRate)} />
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic
              title={t('dash.unkeptPromises')}
              value={f?.unkeptPromises ?? '—'}
              styles={{ content: f?.unkeptPromises ? { color: '#cf1322' } : {} }}
            />
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic title={t('dash.compensation')} value={f ? formatFen(f.compensationFen.total) : '—'} />
          </Col>
          <Col xs={12} md={6} xl={3}>
            <Statistic
              title={t('dash.satisfaction')}
              value={f?.satisfaction.average === null || !f ? '—' : f.satisfaction.average.toFixed(2)}
              suffix={f?.satisfaction.count ? `/5 · ${f.satisfaction.count}` : undefined}
            />
          </Col>
        </Row>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.rateTitle')}</h2>}
            extra={
              <Segmented<Granularity>
                aria-label={t('dash.granularity')}
                value={rateGranularity}
                onChange={setRateGranularity}
                options={[
                  { value: 'day', label: t('dash.byDay') },
                  { value: 'month', label: t('dash.byMonth') },
                ]}
              />
            }
          >
            <div data-testid="chart-rate">
              <Chart
                option={rateOption}
                ariaLabel={t('dash.rateTitle')}
                onClick={(e) => navigate(queueLink({}, periodDays(String(e.name))))}
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.categoryTitle')}</h2>}>
            <div data-testid="chart-category">
              <Chart
                option={categoryOption}
                ariaLabel={t('dash.categoryTitle')}
                onClick={(e) => {
                  const key = (e.data as { key?: string | null } | undefined)?.key;
                  navigate(queueLink({ category: key ?? undefined }, period));
                }}
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.slaTitle')}</h2>}
            extra={
              <Segmented<Granularity>
                aria-label={t('dash.granularity')}
                value={slaGranularity}
                onChange={setSlaGranularity}
                options={[
                  { value: 'day', label: t('dash.byDay') },
                  { value: 'month', label: t('dash.byMonth') },
                ]}
              />
            }
          >
            <div data-testid="chart-sla">
              <Chart
                option={slaOption}
                ariaLabel={t('dash.slaTitle')}
                onClick={(e) =>
                  navigate(
                    queueLink(
                      e.seriesName === t('dash.slaBreached') ? { overdue: true } : {},
                      periodDays(String(e.name)),
                    ),
                  )
                }
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.reviewsTitle')}</h2>}>
            <div data-testid="chart-reviews">
              <Chart
                option={reviewsOption}
                ariaLabel={t('dash.reviewsTitle')}
                onClick={() => navigate(queueLink({ kind: 'bad_review' }, period))}
              />
            </div>
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.rankingTitle')}</h2>}
            extra={
              <Segmented<'person' | 'department'>
                aria-label={t('dash.rankBy')}
                value={rankBy}
                onChange={setRankBy}
                options={[
                  { value: 'person', label: t('dash.byPerson') },
                  { value: 'department', label: t('dash.byDepartment') },
                ]}
              />
            }
          >
            <div data-testid="chart-ranking">
              <Chart
                option={rankingOption}
                ariaLabel={t('dash.rankingTitle')}
                style={{ height: Math.max(240, 28 * Math.min(15, ranking?.items.length ?? 0) + 80) }}
                onClick={(e) => {
                  const id = (e.data as { id?: string | null } | undefined)?.id;
                  if (!id) return;
                  navigate(queueLink(rankBy === 'person' ? { personId: id } : { departmentId: id }, period));
                }}
              />
            </div>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
