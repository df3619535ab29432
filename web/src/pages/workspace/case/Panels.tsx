import { FileOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  List,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  ApiError,
  type ApiResult,
  api,
  type CaseDto,
  type EvidenceDto,
  fetchBlobUrl,
  type TimelineEvent,
  tokenStore,
} from '../../../api/client.ts';
import { formatDateTime, formatFen } from '../../../format.ts';
import { type TextKey, useI18n } from '../../../i18n/index.tsx';
import { vocab } from '../../../i18n/vocab.ts';

/** One line of what happened, from the event's data; strings only (rendered as text, never as HTML). */
function eventDetail(e: TimelineEvent, v: ReturnType<typeof useI18n>['v']): string {
  const d = e.data as Record<string, unknown>;
  const s = (x: unknown) => (typeof x === 'string' || typeof x === 'number' ? String(x) : '');
  switch (e.type) {
    case 'status_changed':
      return [`${v('status', s(d.from))} → ${v('status', s(d.to))}`, s(d.reason)].filter(Boolean).join(' · ');
    case 'note':
      return `${d.visibility === 'customer' ? '👁 ' : ''}${s(d.body)}`;
    case 'reply_sent':
      return s(d.text);
    case 'offer_made':
      return [v('resolution', s(d.type)), typeof d.amountFen === 'number' ? formatFen(d.amountFen) : '']
        .filter(Boolean)
        .join(' ');
    case 'follow_up_answered':
      return `${'★'.repeat(Number(d.rating) || 0)} ${s(d.comment)}`;
    case 'complainant_answered':
      return s(d.text);
    default:
      return s(d.reason) || s(d.body) || s(d.note) || s(d.findings) || '';
  }
}

export function TimelinePanel({ caseId, version }: { caseId: string; version: number }) {
  const { v } = useI18n();
  const [items, setItems] = useState<TimelineEvent[] | null>(null);
  useEffect(() => {
    void version;
    api.get('/api/v1/cases/{id}/timeline', { path: { id: caseId } }).then((r) => setItems(r.items));
  }, [caseId, version]);
  if (!items) return null;
  return (
    <Timeline
      data-testid="timeline"
      items={[...items].reverse().map((e) => ({
        key: e.id,
        content: (
          <div>
            <Typography.Text strong>{v('event', e.type)}</Typography.Text>{' '}
            <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
            <div style={{ whiteSpace: 'pre-wrap' }}>{eventDetail(e, v)}</div>
          </div>
        ),
      }))}
    />
  );
}

function EvidenceItem({ e }: { e: EvidenceDto }) {
  const { t } = useI18n();
  const [src, setSrc] = useState<string | null>(null);
  const url = `/api/v1/cases/${e.caseId}/evidence/${e.id}`;
  const isImage = e.mime.startsWith('image/');
  useEffect(() => {
    if (!isImage) return;
    let u: string | null = null;
    fetchBlobUrl(url)
      .then((x) => {
        u = x;
        setSrc(x);
      })
      .catch(() => {});
    return () => {
      if (u) URL.revokeObjectURL(u);
    };
  }, [url, isImage]);
  const download = async () => {
    const u = await fetchBlobUrl(url);
    const a = document.createElement('a');
    a.href = u;
    a.download = e.fileName ?? 'evidence';
    a.click();
    setTimeout(() => URL.revokeObjectURL(u), 10_000);
  };
  return (
    <List.Item
      actions={[
        <Button key="d" size="small" onClick={() => void download()}>
          {t('common.download')}
        </Button>,
      ]}
    >
      <List.Item.Meta
        avatar={
          isImage && src ? (
            <Image
              src={src}
              width={96}
              height={96}
              style={{ objectFit: 'cover' }}
              alt={e.description ?? e.fileName ?? t('case.evidence')}
            />
          ) : (
            <FileOutlined style={{ fontSize: 32 }} />
          )
        }
        title={e.fileName ?? e.id.slice(0, 8)}
        description={`${e.mime} · ${Math.ceil(e.sizeBytes / 1024)} KB · ${formatDateTime(e.createdAt)}${e.description ? ` · ${e.description}` : ''}`}
      />
    </List.Item>
  );
}

export function EvidencePanel({ c, onChanged }: { c: CaseDto; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<EvidenceDto[] | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    void reload;
    api.get('/api/v1/cases/{id}/evidence', { path: { id: c.id } }).then((r) => setItems(r.items));
  }, [c.id, reload]);
  return (
    <div>
      <Upload
        showUploadList={false}
        action={`/api/v1/cases/${c.id}/evidence`}
        headers={{ authorization: `Bearer ${tokenStore.get() ?? ''}` }}
        name="file"
        onChange={(info) => {
          if (info.file.status === 'done') {
            setReload((n) => n + 1);
            onChanged();
          } else if (info.file.status === 'error') {
            const body = info.file.response as { error?: { message?: string; messageZh?: string } } | undefined;
            message.error((lang === 'zh' ? body?.error?.messageZh : body?.error?.message) ?? t('common.error'));
          }
        }}
      >
        <Button>{t('case.uploadEvidence')}</Button>
      </Upload>
      {items && items.length === 0 && <Empty description={t('case.noEvidence')} />}
      {items && items.length > 0 && (
        <Image.PreviewGroup>
          <List dataSource={items} renderItem={(e) => <EvidenceItem key={e.id} e={e} />} data-testid="evidence" />
        </Image.PreviewGroup>
      )}
    </div>
  );
}

type Order = ApiResult<'/api/v1/orders/{id}', 'get'>;

export function OrderPanel({ c }: { c: CaseDto }) {
  const { t, v } = useI18n();
  const [order, setOrder] = useState<Order | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (!c.orderId) return;
    api
      .get('/api/v1/orders/{id}', { path: { id: c.orderId } })
      .then(setOrder)
      .catch(() => setMissing(true));
  }, [c.orderId]);
  if (!c.orderId) return <Empty description={`${t('case.noOrder')}${c.orderNumber ? ` (${c.orderNumber})` : ''}`} />;
  if (missing) return <Empty description={c.orderNumber ?? ''} />;
  if (!order) return null;
  return (
    <div data-testid="order">
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('consumer.orderNumber')}>{order.orderNumber}</Descriptions.Item>
        <Descriptions.Item label={t('case.orderState')}>{v('orderState', order.state)}</Descriptions.Item>
        <Descriptions.Item label={t('case.buyer')}>
          {order.buyerName} {order.buyerPhone ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.amount')}>{formatFen(order.amountFen)}</Descriptions.Item>
        <Descriptions.Item label={t('case.placedAt')}>{formatDateTime(order.placedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('case.afterSalesDeadline')}>
          {formatDateTime(order.afterSalesDeadline)}
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        style={{ marginTop: 12 }}
        rowKey={(r) => `${r.name}-${r.sku ?? ''}`}
        pagination={false}
        dataSource={order.items}
        columns={[
          { title: t('case.item'), dataIndex: 'name' },
          { title: t('case.quantity'), dataIndex: 'quantity', width: 80 },
          { title: t('case.price'), dataIndex: 'priceFen', width: 120, render: (f: number) => formatFen(f) },
        ]}
      />
    </div>
  );
}

type Related = ApiResult<'/api/v1/cases/{id}/related', 'get'>;
type History = ApiResult<'/api/v1/cases/{id}/complainant-history', 'get'>;

export function HistoryPanel({ c }: { c: CaseDto }) {
  const { t, v } = useI18n();
  const [related, setRelated] = useState<Related | null>(null);
  const [history, setHistory] = useState<History | null>(null);
  useEffect(() => {
    api.get('/api/v1/cases/{id}/related', { path: { id: c.id } }).then(setRelated, () => {});
    api.get('/api/v1/cases/{id}/complainant-history', { path: { id: c.id } }).then(setHistory, () => {});
  }, [c.id]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="history">
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('case.repeatCount')}>{c.repeatCount}</Descriptions.Item>
        <Descriptions.Item label={t('case.earlierCases')}>{history?.caseCount ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('case.flags')}>
          {c.flags.map((f) => (
            <Tag key={f}>{f}</Tag>
          ))}
          {(history?.flags ?? []).map((f) => (
            <Tag color="red" key={f.id} title={f.note}>
              {t(`flag.${f.kind}` as TextKey)}
            </Tag>
          ))}
          {!c.flags.length && !history?.flags.length && t('common.none')}
        </Descriptions.Item>
      </Descriptions>
      {history && history.outcomes.length > 0 && (
        <Space wrap>
          {history.outcomes.map((o) => (
            <Tag key={o.status}>
              {v('status', o.status)} × {o.count}
            </Tag>
          ))}
        </Space>
      )}
      <Table
        size="small"
        rowKey={(r) => `${r.caseId}-${r.link}`}
        pagination={false}
        dataSource={related?.items ?? []}
        locale={{ emptyText: t('common.none') }}
        columns={[
          {
            title: t('case.related'),
            dataIndex: 'caseNumber',
            render: (n: string, r) => <Link to={`/cases/${r.caseId}`}>{n}</Link>,
          },
          { title: t('queue.status'), dataIndex: 'status', render: (s: string) => v('status', s) },
          { title: t('case.linkKind'), dataIndex: 'link', render: (s: string) => t(`link.${s}` as TextKey) },
          { title: t('queue.createdAt'), dataIndex: 'createdAt', render: (s: string) => formatDateTime(s) },
        ]}
      />
    </Space>
  );
}

type Escalations = ApiResult<'/api/v1/cases/{id}/escalations', 'get'>['items'];

type EscalationForm = { target: string; bodyName?: string; referenceNumber?: string; note?: string };

export function EscalationPanel({ c }: { c: CaseDto }) {
  const { t, v, lang } = useI18n();
  const { message } = App.useApp();
  const [items, setItems] = useState<Escalations>([]);
  const [reload, setReload] = useState(0);
  const [form] = Form.useForm<EscalationForm>();
  useEffect(() => {
    void c.version;
    void reload;
    api.get('/api/v1/cases/{id}/escalations', { path: { id: c.id } }).then(
      (r) => setItems(r.items),
      () => {},
    );
  }, [c.id, c.version, reload]);
  const record = async (f: EscalationForm) => {
    try {
      await api.post('/api/v1/cases/{id}/escalations', {
        path: { id: c.id },
        body: {
          target: f.target as never,
          ...(f.bodyName ? { bodyName: f.bodyName } : {}),
          ...(f.referenceNumber ? { referenceNumber: f.referenceNumber } : {}),
          ...(f.note ? { note: f.note } : {}),
        },
      });
      form.resetFields();
      setReload((n) => n + 1);
    } catch (err) {
      message.error(err instanceof ApiError ? `${err.text(lang)} (${err.code})` : t('common.error'));
    }
  };
  const dossier = async () => {
    try {
      const u = await fetchBlobUrl(`/api/v1/cases/${c.id}/dossier?format=html`);
      const a = document.createElement('a');
      a.href = u;
      a.download = `${c.caseNumber}-dossier.html`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(u), 10_000);
    } catch (err) {
      message.error(err instanceof ApiError ? err.text(lang) : t('common.error'));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button onClick={() => void dossier()} data-testid="dossier">
        {t('case.dossier')}
      </Button>
      <Form form={form} name="escalation" layout="inline" onFinish={(f) => void record(f)}>
        <Form.Item
          name="target"
          label={t('case.escalationTarget')}
          rules={[{ required: true, message: t('field.required') }]}
        >
          <Select
            style={{ width: 180 }}
            options={Object.keys(vocab.escalationTarget).map((value) => ({
              value,
              label: v('escalationTarget', value),
            }))}
          />
        </Form.Item>
        <Form.Item name="bodyName" label={t('case.bodyName')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="referenceNumber" label={t('case.referenceNumber')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label={t('case.escalationNote')}>
          <Input maxLength={5000} />
        </Form.Item>
        <Button htmlType="submit">{t('case.recordEscalation')}</Button>
      </Form>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        locale={{ emptyText: t('common.none') }}
        columns={[
          { title: t('case.escalationTarget'), dataIndex: 'target', render: (s: string) => v('escalationTarget', s) },
          { title: t('case.bodyName'), dataIndex: 'bodyName' },
          { title: t('case.referenceNumber'), dataIndex: 'referenceNumber' },
          { title: t('case.submittedAt'), dataIndex: 'submittedAt', render: (s: string) => formatDateTime(s) },
          { title: t('case.outcome'), dataIndex: 'outcome' },
        ]}
      />
    </Space>
  );
}
