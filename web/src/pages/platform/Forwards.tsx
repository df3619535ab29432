import { Button, Card, Form, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type ApiResult, api } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { formatDateTime, formatFen } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageTitle, useFail, useLoad, yuanToFen } from '../admin/common.tsx';

export type Row = ApiResult<'/api/v1/forwards', 'get'>['items'][number];
type Show = 'waiting' | 'disputed' | 'ruled';
type State = Row['state'];
const rulingKinds = ['order_refund', 'order_compensation', 'dismiss', 'record_violation'] as const;
const statesOf: Record<Show, State[]> = {
  waiting: ['awaiting_reply', 'replied'],
  disputed: ['disputed'],
  ruled: ['ruled'],
};
const PAGE = 50;

/** Forwards from GET /forwards (one read per page, not one per case), newest first; `pages` pages at most. */
export async function loadForwards(
  filter: { state?: State[]; respondentTenantId?: string } = {},
  pages = 4,
): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const p: { items: Row[]; nextCursor: string | null } = await api.get('/api/v1/forwards', {
      query: { ...filter, limit: 200, ...(cursor ? { cursor } : {}) },
    });
    rows.push(...p.items);
    cursor = p.nextCursor;
    if (!cursor) break;
  }
  return rows;
}

export default function ForwardsPage() {
  const { t } = useI18n();
  const [show, setShow] = useState<Show>('waiting');
  const [respondent, setRespondent] = useState<string | undefined>();
  const [more, setMore] = useState<{ rows: Row[]; cursor: string | null }>({ rows: [], cursor: null });
  const [loadingMore, setLoadingMore] = useState(false);
  const filter = { state: statesOf[show], ...(respondent ? { respondentTenantId: respondent } : {}) };
  const rows = useLoad(async () => {
    const p = await api.get('/api/v1/forwards', { query: { ...filter, limit: PAGE } });
    setMore({ rows: [], cursor: p.nextCursor });
    return p.items;
  }, [show, respondent]);
  const tenants = useLoad(async () =>
    ((await api.get('/api/v1/tenants')) as { items: { id: string; name: string; kind: string }[] }).items.filter(
      (x) => x.kind !== 'platform',
    ),
  );
  const loadMore = async () => {
    if (!more.cursor) return;
    setLoadingMore(true);
    try {
      const p = await api.get('/api/v1/forwards', { query: { ...filter, limit: PAGE, cursor: more.cursor } });
      setMore((m) => ({ rows: [...m.rows, ...p.items], cursor: p.nextCursor }));
    } catch (e) {
      fail(e);
    } finally {
      setLoadingMore(false);
    }
  };
  const { me } = useAuth();
  const fail = useFail();
  const canRule = me?.role === 'admin' || me?.role === 'supervisor';
  const [ruling, setRuling] = useState<Row | null>(null);
  const [form] = Form.useForm<{ ruling: (typeof rulingKinds)[number]; amountYuan?: number; text: string }>();
  const kind = Form.useWatch('ruling', form);
  const due = (f: Row) => f.state === 'disputed' || (f.state === 'awaiting_reply' && f.replyOverdue);
  const rule = async (x: { ruling: (typeof rulingKinds)[number]; amountYuan?: number; text: string }) => {
    if (!ruling) return;
    try {
      const amountFen = yuanToFen(x.amountYuan);
      await api.post('/api/v1/cases/{id}/forward/ruling', {
        path: { id: ruling.caseId },
        body: { ruling: x.ruling, text: x.text, ...(amountFen !== undefined ? { amountFen } : {}) },
      });
      setRuling(null);
      form.resetFields();
      rows.reload();
    } catch (e) {
      fail(e);
    }
  };
  const visible = [...(rows.data ?? []), ...more.rows];

  return (
    <Card
      title={<PageTitle>{t('platform.forwards')}</PageTitle>}
      extra={
        <Segmented<Show>
          aria-label={t('platform.forwardState')}
          value={show}
          onChange={setShow}
          options={[
            { value: 'waiting', label: t('platform.show.waiting') },
            { value: 'disputed', label: t('platform.show.disputed') },
            { value: 'ruled', label: t('platform.show.ruled') },
          ]}
        />
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text type="secondary">{t('platform.forwardsHint')}</Typography.Text>
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('platform.respondent')}
            aria-label={t('platform.respondent')}
            value={respondent}
            onChange={setRespondent}
            options={(tenants.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            data-testid="forwards-respondent"
          />
        </Space>
        <Table<Row>
          rowKey="id"
          loading={rows.loading}
          dataSource={visible}
          pagination={false}
          columns={[
            {
              title: t('platform.case'),
              dataIndex: 'caseNumber',
              render: (n: string, f) => <Link to={`/cases/${f.caseId}`}>{n}</Link>,
            },
            { title: t('platform.respondent'), dataIndex: 'respondentName' },
            { title: t('platform.forwardedAt'), dataIndex: 'forwardedAt', render: (s: string) => formatDateTime(s) },
            {
              title: t('platform.replyDue'),
              dataIndex: 'replyDueAt',
              render: (s: string, f) => (
                <Space>
                  {formatDateTime(s)}
                  {f.replyOverdue && f.state === 'awaiting_reply' && <Tag color="red">{t('platform.overdue')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('platform.forwardState'),
              dataIndex: 'state',
              render: (s: string) => <Tag>{t(`platform.state.${s}` as 'platform.state.ruled')}</Tag>,
            },
            {
              title: t('platform.reply'),
              key: 'reply',
              render: (_: unknown, f) =>
                f.replyText
                  ? `${f.replyKind ? `[${t(`platform.replyKind.${f.replyKind}` as 'platform.replyKind.reply')}] ` : ''}${f.replyText}`
                  : '—',
            },
            {
              title: t('platform.ruling'),
              key: 'ruling',
              render: (_: unknown, f) =>
                f.ruling ? (
                  <Space orientation="vertical" size={0}>
                    <span>
                      {t(`platform.rulingKind.${f.ruling}` as 'platform.rulingKind.dismiss')}
                      {f.rulingAmountFen !== null && ` ${formatFen(f.rulingAmountFen)}`}
                    </span>
                    <Typography.Text type="secondary">{f.rulingText}</Typography.Text>
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, f) =>
                canRule &&
                due(f) && (
                  <Button size="small" type="primary" onClick={() => setRuling(f)}>
                    {t('platform.rule')}
                  </Button>
                ),
            },
          ]}
        />
        {more.cursor && (
          <Button loading={loadingMore} onClick={() => void loadMore()}>
            {t('common.more')}
          </Button>
        )}
      </Space>
      <Modal
        open={!!ruling}
        title={t('platform.ruleTitle', { n: ruling?.caseNumber ?? '' })}
        onCancel={() => setRuling(null)}
        onOk={() => form.submit()}
        okText={t('platform.rule')}
        destroyOnHidden
      >
        <Form name="ruling" form={form} layout="vertical" onFinish={rule} preserve={false}>
          <Form.Item name="ruling" label={t('platform.ruling')} rules={[{ required: true }]}>
            <Select options={rulingKinds.map((k) => ({ value: k, label: t(`platform.rulingKind.${k}`) }))} />
          </Form.Item>
          {(kind === 'order_refund' || kind === 'order_compensation') && (
            <Form.Item name="amountYuan" label={t('platform.amount')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} prefix="¥" style={{ width: 200 }} />
            </Form.Item>
          )}
          <Form.Item name="text" label={t('platform.rulingText')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
