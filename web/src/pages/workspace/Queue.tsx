import { DeleteOutlined, LinkOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import {
  App,
  Badge,
  Button,
  Card,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, type CaseDto } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { SlaTag } from '../../components/SlaTag.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { vocab } from '../../i18n/vocab.ts';
import { casesQuery, filtersFromSearch, searchFromFilters } from './queue-url.ts';
import { loadViews, type QueueFilters, type SavedView, storeViews } from './saved-views.ts';

type Row = CaseDto & { fetchedAt: number };

/** Filters a dashboard chart can set that have no control of their own here: shown as closable tags. */
const chartFilters = [
  'channel',
  'respondentTenantId',
  'departmentId',
  'personId',
  'createdFrom',
  'createdTo',
] as const satisfies readonly (keyof QueueFilters)[];

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export default function QueuePage() {
  const { t, v, lang } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const setFilters = useCallback(
    (next: QueueFilters | ((f: QueueFilters) => QueueFilters)) =>
      setParams((prev) => searchFromFilters(typeof next === 'function' ? next(filtersFromSearch(prev)) : next)),
    [setParams],
  );
  const [rows, setRows] = useState<Row[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [active, setActive] = useState(0);
  const [views, setViews] = useState<SavedView[]>(loadViews);
  const [saving, setSaving] = useState(false);
  const [viewName, setViewName] = useState('');
  const [unread, setUnread] = useState<Set<string>>(new Set());
  const generation = useRef(0);
  const table = useRef<{ scrollTo: (o: { index: number }) => void } | null>(null);

  // The same URL as early.ts asked for before the code loaded, so the first page is usually here already.
  // Keyed by its text: a new URL with the same filters (e.g. a saved view equal to the current one) loads nothing.
  const queryKey = JSON.stringify(casesQuery(filters, me?.user?.id));
  const query = useMemo(() => JSON.parse(queryKey) as ReturnType<typeof casesQuery>, [queryKey]);

  const load = useCallback(
    async (from: string | null) => {
      const gen = from ? generation.current : ++generation.current;
      setLoading(true);
      try {
        const page = await api.get('/api/v1/cases', {
          query: { ...query, ...(from ? { cursor: from } : {}) } as never,
        });
        if (gen !== generation.current) return;
        const now = Date.now();
        const got = page.items.map((c) => ({ ...c, fetchedAt: now }));
        setRows((prev) => (from ? [...prev, ...got] : got));
        setCursor(page.nextCursor);
        if (!from) setActive(0);
      } catch (err) {
        if (err instanceof ApiError) message.error(err.text(lang));
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [query, lang, message],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  // Cases with unread notifications (SLA warnings, breaches) get a marker.
  useEffect(() => {
    api
      .get('/api/v1/notifications', { query: { unread: true, limit: 200 } })
      .then((r) =>
        setUnread(new Set(r.items.map((n) => (n as { caseId?: string | null }).caseId ?? '').filter(Boolean))),
      )
      .catch(() => {});
  }, []);

  const assignToMe = useCallback(
    async (c: Row) => {
      if (!me?.user) return;
      try {
        const updated = await api.post('/api/v1/cases/{id}/assign', {
          path: { id: c.id },
          body: { assigneeId: me.user.id, ...(c.assigneeId ? { reason: t('queue.assignedToMe') } : {}) },
        });
        // The queue's unread-reply mark is the list's, for this user; an action's answer does not carry it.
        setRows((prev) =>
          prev.map((r) => (r.id === c.id ? { ...updated, unreadReply: r.unreadReply, fetchedAt: Date.now() } : r)),
        );
        message.success(`${c.caseNumber} ${t('queue.assignedToMe')}`);
      } catch (err) {
        if (err instanceof ApiError) message.error(err.text(lang));
      }
    },
    [me, t, lang, message],
  );

  // j/k move, Enter opens, a assigns to me, r opens the reply box.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || document.querySelector('.ant-modal-wrap')) return;
      const c = rows[active];
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        const next = Math.min(Math.max(active + (e.key === 'j' ? 1 : -1), 0), Math.max(rows.length - 1, 0));
        setActive(next);
        table.current?.scrollTo({ index: next });
        if (e.key === 'j' && next >= rows.length - 5 && cursor && !loading) void load(cursor);
      } else if (e.key === 'Enter' && c) {
        navigate(`/cases/${c.id}`);
      } else if (e.key === 'a' && c) {
        void assignToMe(c);
      } else if (e.key === 'r' && c) {
        navigate(`/cases/${c.id}?reply=1`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, active, cursor, loading, load, navigate, assignToMe]);

  const options = (group: keyof typeof vocab) =>
    Object.keys(vocab[group]).map((value) => ({ value, label: v(group, value) }));

  const columns: TableColumnsType<Row> = [
    {
      title: t('queue.caseNumber'),
      dataIndex: 'caseNumber',
      width: 230,
      fixed: 'left',
      render: (n: string, c) => (
        <Space size={4}>
          <Link to={`/cases/${c.id}`} style={c.unreadReply ? { fontWeight: 700 } : undefined}>
            {n}
          </Link>
          {c.unreadReply && (
            <Tag color="volcano" data-testid="unread-reply" style={{ marginInlineEnd: 0 }}>
              {t('queue.unreadReply')}
            </Tag>
          )}
          {unread.has(c.id) && <Badge status="processing" title={t('queue.unread')} />}
        </Space>
      ),
    },
    {
      title: t('queue.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: string) => <Tag>{v('status', s)}</Tag>,
    },
    {
      title: t('queue.sla'),
      key: 'sla',
      width: 190,
      render: (_: unknown, c) => <SlaTag c={c} fetchedAt={c.fetchedAt} />,
    },
    { title: t('queue.kind'), dataIndex: 'kind', width: 80, render: (s: string) => v('kind', s) },
    { title: t('queue.category'), dataIndex: 'category', width: 110, render: (s: string) => v('category', s) },
    {
      title: t('queue.severity'),
      dataIndex: 'severity',
      width: 80,
      render: (s: number) => <Tag color={s >= 3 ? 'red' : s === 2 ? 'orange' : 'default'}>{v('severity', s)}</Tag>,
    },
    {
      title: t('queue.complainant'),
      key: 'who',
      width: 150,
      render: (_: unknown, c) => (
        <Space size={4}>
          <span>{c.complainant.name}</span>
          {c.repeatCount > 0 && <Tag color="purple">{t('queue.repeat', { n: c.repeatCount })}</Tag>}
        </Space>
      ),
    },
    {
      title: t('queue.reason'),
      dataIndex: 'reason',
      width: 320,
      ellipsis: true,
      render: (s: string) => (
        <Tooltip title={s.slice(0, 500)}>
          <span>{s.slice(0, 120)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('queue.assignee'),
      dataIndex: 'assigneeId',
      width: 100,
      render: (a: string | null) =>
        a ? a === me?.user?.id ? <Tag color="blue">{t('queue.mine')}</Tag> : '✓' : <Tag>{t('queue.unassigned')}</Tag>,
    },
    { title: t('queue.createdAt'), dataIndex: 'createdAt', width: 150, render: (s: string) => formatDateTime(s) },
  ];

  const set = (patch: Partial<QueueFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const extra = chartFilters.filter((k) => filters[k]);

  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('queue.title')}</h1>}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void load(null)} aria-label={t('common.refresh')}>
          {t('common.refresh')}
        </Button>
      }
      styles={{ body: { paddingTop: 12 } }}
    >
      <Space wrap style={{ marginBottom: 12 }} data-testid="queue-filters">
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t('queue.anyStatus')}
          aria-label={t('queue.status')}
          value={filters.status ?? []}
          onChange={(status) => set({ status })}
          options={options('status')}
          maxTagCount="responsive"
        />
        <Select
          allowClear
          style={{ width: 110 }}
          placeholder={t('queue.kind')}
          aria-label={t('queue.kind')}
          value={filters.kind}
          onChange={(kind) => set({ kind })}
          options={options('kind')}
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('queue.category')}
          aria-label={t('queue.category')}
          value={filters.category}
          onChange={(category) => set({ category })}
          options={options('category')}
        />
        <Select
          allowClear
          style={{ width: 110 }}
          placeholder={t('queue.severity')}
          aria-label={t('queue.severity')}
          value={filters.severity}
          onChange={(severity) => set({ severity })}
          options={[1, 2, 3, 4].map((n) => ({ value: n, label: v('severity', n) }))}
        />
        <Space size={4}>
          <Switch checked={!!filters.open} onChange={(open) => set({ open })} aria-label={t('queue.open')} />
          {t('queue.open')}
        </Space>
        <Space size={4}>
          <Switch
            checked={!!filters.overdue}
            onChange={(overdue) => set({ overdue })}
            aria-label={t('queue.overdue')}
          />
          {t('queue.overdue')}
        </Space>
        <Space size={4}>
          <Switch checked={!!filters.mine} onChange={(mine) => set({ mine })} aria-label={t('queue.mine')} />
          {t('queue.mine')}
        </Space>
        <Space size={4}>
          <Switch
            checked={!!filters.unread}
            onChange={(unread) => set({ unread })}
            aria-label={t('queue.unreadOnly')}
            data-testid="filter-unread"
          />
          {t('queue.unreadOnly')}
        </Space>
        {extra.map((k) => (
          <Tag key={k} closable onClose={() => set({ [k]: undefined })} data-testid={`filter-${k}`}>
            {k === 'createdFrom' || k === 'createdTo'
              ? `${k === 'createdFrom' ? '≥' : '<'} ${formatDateTime(filters[k] as string)}`
              : k === 'channel'
                ? v('channel', filters[k] as string)
                : `${t('queue.moreFilters')}: ${k}`}
          </Tag>
        ))}
        <Select
          style={{ width: 160 }}
          placeholder={t('queue.savedViews')}
          aria-label={t('queue.savedViews')}
          value={null}
          onChange={(name: string) => {
            const view = views.find((x) => x.name === name);
            if (view) setFilters(view.filters);
          }}
          options={views.map((x) => ({ value: x.name, label: x.name }))}
          notFoundContent={t('common.none')}
        />
        <Button icon={<SaveOutlined />} onClick={() => setSaving(true)}>
          {t('queue.saveView')}
        </Button>
        <Button onClick={() => setFilters({})}>{t('common.reset')}</Button>
        <Button
          icon={<LinkOutlined />}
          onClick={() =>
            void navigator.clipboard
              ?.writeText(window.location.href)
              .then(() => message.success(t('queue.linkCopied')))
              .catch(() => {})
          }
        >
          {t('queue.copyLink')}
        </Button>
      </Space>
      <Table<Row>
        ref={table as never}
        virtual
        size="small"
        rowKey="id"
        loading={loading && rows.length === 0}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 1520, y: 560 }}
        rowClassName={(_r, i) => (i === active ? 'kesu-row-active' : '')}
        onRow={(c, i) => ({
          onClick: () => setActive(i ?? 0),
          onDoubleClick: () => navigate(`/cases/${c.id}`),
          'aria-current': i === active ? 'true' : undefined,
          'data-active': i === active ? 'true' : 'false',
          'data-case': c.caseNumber,
          'data-category': c.category ?? '',
          'data-unread': c.unreadReply ? 'true' : 'false',
        })}
        onScroll={(e) => {
          const el = e.currentTarget as HTMLElement;
          if (cursor && !loading && el.scrollTop + el.clientHeight > el.scrollHeight - 400) void load(cursor);
        }}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 8, flexWrap: 'wrap', gap: 8 }}>
        <Typography.Text type="secondary" data-testid="queue-count">
          {t('queue.count', { n: rows.length })} · {cursor ? '' : t('queue.end')}
        </Typography.Text>
        <Typography.Text type="secondary">{t('queue.shortcuts')}</Typography.Text>
        {cursor && (
          <Button loading={loading} onClick={() => void load(cursor)}>
            {t('common.more')}
          </Button>
        )}
      </div>
      <Modal
        open={saving}
        title={t('queue.saveView')}
        onCancel={() => setSaving(false)}
        onOk={() => {
          const name = viewName.trim();
          if (!name) return;
          const next = [...views.filter((x) => x.name !== name), { name, filters }];
          setViews(next);
          storeViews(next);
          setSaving(false);
          setViewName('');
        }}
      >
        <Input
          aria-label={t('queue.viewName')}
          placeholder={t('queue.viewName')}
          value={viewName}
          onChange={(e) => setViewName(e.target.value)}
        />
        {views.length > 0 && (
          <Space wrap style={{ marginTop: 12 }}>
            {views.map((x) => (
              <Tag
                key={x.name}
                closable
                closeIcon={<DeleteOutlined aria-label={t('queue.deleteView')} />}
                onClose={() => {
                  const next = views.filter((y) => y.name !== x.name);
                  setViews(next);
                  storeViews(next);
                }}
              >
                {x.name}
              </Tag>
            ))}
          </Space>
        )}
      </Modal>
    </Card>
  );
}
