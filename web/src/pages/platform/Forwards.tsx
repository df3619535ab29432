import { Button, Card, Form, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type ApiResult, api, type CaseDto } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { formatDateTime, formatFen } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageTitle, useFail, useLoad, yuanToFen } from '../admin/common.tsx';

type Forward = ApiResult<'/api/v1/cases/{id}/forwards', 'get'>['items'][number];
interface Row extends Forward {
  caseNumber: string;
  respondentName: string;
}
type Show = 'waiting' | 'disputed' | 'ruled';
const rulingKinds = ['order_refund', 'order_compensation', 'dismiss', 'record_violation'] as const;

/**
 * Forwarded cases: waiting on the respondent, disputed (the platform has to rule) and ruled. There is no list of
 * forwards across cases, so this reads the forwards of the platform's recent cases that name a respondent.
 */
export async function loadForwards(): Promise<Row[]> {
  const cases: CaseDto[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 4; page++) {
    const p = await api.get('/api/v1/cases', { query: { limit: 100, ...(cursor ? { cursor } : {}) } });
    cases.push(...p.items);
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  const tenants = ((await api.get('/api/v1/tenants')) as { items: { id: string; name: string }[] }).items;
  const withRespondent = cases.filter((c) => c.respondentTenantId);
  const rows: Row[] = [];
  for (let i = 0; i < withRespondent.length; i += 8) {
    const batch = withRespondent.slice(i, i + 8);
    const lists = await Promise.all(batch.map((c) => api.get('/api/v1/cases/{id}/forwards', { path: { id: c.id } })));
    lists.forEach((l, j) => {
      const c = batch[j] as CaseDto;
      for (const f of l.items)
        rows.push({
          ...f,
          caseNumber: c.caseNumber,
          respondentName: tenants.find((x) => x.id === f.respondentTenantId)?.name ?? '—',
        });
    });
  }
  return rows.sort((a, b) => a.replyDueAt.localeCompare(b.replyDueAt));
}

export default function ForwardsPage() {
  const { t } = useI18n();
  const [show, setShow] = useState<Show>('waiting');
  const rows = useLoad(loadForwards);
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
  const visible = (rows.data ?? []).filter((f) =>
    show === 'waiting'
      ? f.state === 'awaiting_reply' || f.state === 'replied'
      : show === 'disputed'
        ? f.state === 'disputed'
        : f.state === 'ruled',
  );

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
        <Typography.Text type="secondary">{t('platform.forwardsHint')}</Typography.Text>
        <Table<Row>
          rowKey="id"
          loading={rows.loading}
          dataSource={visible}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
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
