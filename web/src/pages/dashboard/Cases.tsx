import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type CaseDto } from '../../api/client.ts';
import { formatDate, formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageTitle, useFail } from '../admin/common.tsx';

/** The GET /cases filters a chart can set (the same names in the URL). */
const filterKeys = [
  'category',
  'kind',
  'channel',
  'respondentTenantId',
  'departmentId',
  'personId',
  'assigneeId',
  'createdFrom',
  'createdTo',
  'overdue',
] as const;
type FilterKey = (typeof filterKeys)[number];

/**
 * The cases behind a dashboard chart: the case list (GET /cases, server paging) with exactly the filters the chart
 * put in the URL, e.g. /dashboard/cases?category=logistics_delay&createdFrom=…&createdTo=….
 */
export default function DashboardCasesPage() {
  const { t, v } = useI18n();
  const fail = useFail();
  const [params] = useSearchParams();
  const filters = useMemo(() => {
    const f: Partial<Record<FilterKey, string>> = {};
    for (const k of filterKeys) {
      const val = params.get(k);
      if (val) f[k] = val;
    }
    return f;
  }, [params]);
  const [rows, setRows] = useState<CaseDto[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (after: string | null) => {
    setLoading(true);
    try {
      const page = await api.get('/api/v1/cases', {
        query: {
          ...(filters as Record<string, string>),
          ...(filters.overdue ? { overdue: filters.overdue === 'true' } : {}),
          limit: 50,
          ...(after ? { cursor: after } : {}),
        } as never,
      });
      setRows((r) => (after ? [...r, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      fail(e);
    } finally {
      setLoading(false);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the URL's filters change
  useEffect(() => {
    void load(null);
  }, [filters]);

  const label = (k: FilterKey, val: string) => {
    if (k === 'category' || k === 'kind' || k === 'channel') return `${t(`drill.${k}`)}: ${v(k, val)}`;
    if (k === 'createdFrom') return `${t('drill.from')}: ${formatDate(val)}`;
    if (k === 'createdTo')
      return `${t('drill.to')}: ${formatDate(new Date(new Date(val).getTime() - 1).toISOString())}`;
    if (k === 'overdue') return t('drill.overdue');
    return `${t(`drill.${k}`)}: ${val.slice(0, 8)}`;
  };

  return (
    <Card
      title={<PageTitle>{t('drill.title')}</PageTitle>}
      extra={
        <Link to="/dashboard">
          <Button>{t('drill.back')}</Button>
        </Link>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap data-testid="drill-filters">
          {Object.entries(filters).map(([k, val]) => (
            <Tag key={k} color="blue">
              {label(k as FilterKey, val)}
            </Tag>
          ))}
          <Typography.Text type="secondary" data-testid="drill-count">
            {t('drill.count', { n: rows.length })}
            {cursor ? '+' : ''}
          </Typography.Text>
        </Space>
        <Table<CaseDto>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={rows}
          pagination={false}
          columns={[
            {
              title: t('queue.caseNumber'),
              dataIndex: 'caseNumber',
              render: (n: string, c) => <Link to={`/cases/${c.id}`}>{n}</Link>,
            },
            { title: t('queue.status'), dataIndex: 'status', render: (s: string) => <Tag>{v('status', s)}</Tag> },
            { title: t('drill.kind'), dataIndex: 'kind', render: (s: string) => v('kind', s) },
            {
              title: t('queue.category'),
              dataIndex: 'category',
              render: (s: string | null) => <span data-category={s ?? ''}>{v('category', s)}</span>,
            },
            { title: t('drill.channel'), dataIndex: 'channel', render: (s: string) => v('channel', s) },
            { title: t('drill.reason'), dataIndex: 'reason', ellipsis: true },
            { title: t('queue.createdAt'), dataIndex: 'createdAt', render: (s: string) => formatDateTime(s) },
          ]}
        />
        {cursor && (
          <Button onClick={() => load(cursor)} loading={loading}>
            {t('common.more')}
          </Button>
        )}
      </Space>
    </Card>
  );
}
