import { DeleteOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
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
import { Link, useNavigate } from 'react-router';
import { ApiError, api, type CaseDto } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { SlaTag } from '../../components/SlaTag.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { vocab } from '../../i18n/vocab.ts';
import { loadViews, type QueueFilters, type SavedView, storeViews } from './saved-views.ts';

const PAGE = 100;
const FILTERS_KEY = 'kesu.queue.filters';

type Row = CaseDto & { fetchedAt: number };

function initialFilters(): QueueFilters {
  try {
    return JSON.parse(sessionStorage.getItem(FILTERS_KEY) ?? '') as QueueFilters;
  } catch {
    return { open: true };
  }
}

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export default function QueuePage() {
  const { t, v, lang } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<QueueFilters>(initialFilters);
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

  const query = useMemo(
    () => ({
      status: filters.status?.length ? (filters.status as never) : undefined,
      kind: filters.kind as never,
      category: filters.category as never,
      severity: filters.severity,
      overdue: filters.overdue || undefined,
      open: filters.open || undefined,
      assigneeId: filters.mine ? me?.user?.id : undefined,
      limit: PAGE,
    }),
    [filters, me],
  );

  const load = useCallback(
    async (from: string | null) => {
      const gen = from ? generation.current : ++generation.current;
      setLoading(true);
      try {
        const page = await api.get('/api/v1/cases', { query: { ...query, ...(from ? { cursor: from } : {}) } });
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
    sessionStorage.setItem(FILTERS_KEY, JSON.stringify(filters));
    void load(null);
  }, [filters, load]);

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
        setRows((prev) => prev.map((r) => (r.id === c.id ? { ...updated, fetchedAt: Date.now() } : r)));
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
      width: 170,
      fixed: 'left',
      render: (n: string, c) => (
        <Space size={4}>
          <Link to={`/cases/${c.id}`}>{n}</Link>
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
        scroll={{ x: 1460, y: 560 }}
        rowClassName={(_r, i) => (i === active ? 'kesu-row-active' : '')}
        onRow={(c, i) => ({
          onClick: () => setActive(i ?? 0),
          onDoubleClick: () => navigate(`/cases/${c.id}`),
          'aria-current': i === active ? 'true' : undefined,
          'data-active': i === active ? 'true' : 'false',
          'data-case': c.caseNumber,
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
