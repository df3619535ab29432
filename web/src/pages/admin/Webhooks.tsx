import { Alert, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageTitle, SectionTitle, useFail, useLoad } from './common.tsx';

interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
}
interface Delivery {
  id: string;
  endpointId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}
const eventTypes = ['case.created', 'case.status_changed', 'sla.warning', 'sla.breached', '*'] as const;
const statusColor = { pending: 'gold', delivered: 'green', dead: 'red' } as const;

/** Webhook endpoints (the signing secret is shown once) and their delivery log with redelivery. */
export default function WebhooksPage() {
  const { t } = useI18n();
  const fail = useFail();
  const [status, setStatus] = useState<Delivery['status'] | undefined>();
  const [secret, setSecret] = useState<string | null>(null);
  const endpoints = useLoad(async () => ((await api.get('/api/v1/webhooks/endpoints')) as { items: Endpoint[] }).items);
  const deliveries = useLoad(
    async () =>
      (
        (await api.get('/api/v1/webhooks/deliveries', { query: { limit: 100, ...(status ? { status } : {}) } })) as {
          items: Delivery[];
        }
      ).items,
    [status],
  );
  const [form] = Form.useForm<{ url: string; description?: string; eventTypes: (typeof eventTypes)[number][] }>();

  const add = async (x: { url: string; description?: string; eventTypes: (typeof eventTypes)[number][] }) => {
    try {
      const r = (await api.post('/api/v1/webhooks/endpoints', {
        body: { url: x.url, eventTypes: x.eventTypes, ...(x.description ? { description: x.description } : {}) },
      })) as { secret?: string };
      setSecret(r.secret ?? null);
      form.resetFields();
      endpoints.reload();
    } catch (e) {
      fail(e);
    }
  };
  const deactivate = async (id: string) => {
    try {
      await api.delete('/api/v1/webhooks/endpoints/{id}', { path: { id } });
      endpoints.reload();
    } catch (e) {
      fail(e);
    }
  };
  const redeliver = async (id: string) => {
    try {
      await api.post('/api/v1/webhooks/deliveries/{id}/redeliver', { path: { id } });
      deliveries.reload();
    } catch (e) {
      fail(e);
    }
  };
  const urlOf = (id: string) => endpoints.data?.find((e) => e.id === id)?.url ?? id;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<PageTitle>{t('admin.webhooks')}</PageTitle>}>
        {secret && (
          <Alert
            type="warning"
            showIcon
            closable
            onClose={() => setSecret(null)}
            style={{ marginBottom: 12 }}
            title={t('admin.secretOnce')}
            description={
              <Typography.Text copyable code>
                {secret}
              </Typography.Text>
            }
          />
        )}
        <Table<Endpoint>
          rowKey="id"
          loading={endpoints.loading}
          dataSource={endpoints.data ?? []}
          pagination={false}
          columns={[
            { title: 'URL', dataIndex: 'url' },
            { title: t('admin.description'), dataIndex: 'description', render: (d: string | null) => d ?? '—' },
            {
              title: t('admin.events'),
              dataIndex: 'eventTypes',
              render: (ev: string[]) => ev.map((e) => <Tag key={e}>{e}</Tag>),
            },
            {
              title: t('admin.active'),
              dataIndex: 'active',
              render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('common.yes') : t('common.no')}</Tag>,
            },
            { title: t('admin.createdAt'), dataIndex: 'createdAt', render: (s: string) => formatDateTime(s) },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_: unknown, e) =>
                e.active && (
                  <Popconfirm title={t('admin.confirmDeactivate')} onConfirm={() => deactivate(e.id)}>
                    <Button size="small" danger>
                      {t('admin.deactivate')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
        <Form name="endpoint" form={form} layout="inline" onFinish={add} style={{ marginTop: 12, rowGap: 8 }}>
          <Form.Item name="url" label="URL" rules={[{ required: true, type: 'url' }]}>
            <Input placeholder="https://example.com/kesu" style={{ width: 280 }} />
          </Form.Item>
          <Form.Item name="eventTypes" label={t('admin.events')} rules={[{ required: true }]}>
            <Select
              mode="multiple"
              style={{ minWidth: 220 }}
              options={eventTypes.map((e) => ({ value: e, label: e }))}
            />
          </Form.Item>
          <Form.Item name="description" label={t('admin.description')}>
            <Input />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('admin.addEndpoint')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card
        title={<SectionTitle>{t('admin.deliveries')}</SectionTitle>}
        extra={
          <Select
            aria-label={t('admin.status')}
            allowClear
            placeholder={t('admin.status')}
            style={{ width: 160 }}
            value={status}
            onChange={setStatus}
            options={(['pending', 'delivered', 'dead'] as const).map((s) => ({
              value: s,
              label: t(`admin.delivery.${s}`),
            }))}
          />
        }
      >
        <Table<Delivery>
          rowKey="id"
          size="small"
          loading={deliveries.loading}
          dataSource={deliveries.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('admin.createdAt'), dataIndex: 'createdAt', render: (s: string) => formatDateTime(s) },
            { title: t('admin.events'), dataIndex: 'eventType' },
            { title: 'URL', dataIndex: 'endpointId', render: urlOf },
            {
              title: t('admin.status'),
              dataIndex: 'status',
              render: (s: Delivery['status']) => <Tag color={statusColor[s]}>{t(`admin.delivery.${s}`)}</Tag>,
            },
            { title: t('admin.attempts'), dataIndex: 'attempts' },
            {
              title: t('admin.lastResult'),
              key: 'last',
              render: (_: unknown, d) => d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '—'),
            },
            {
              title: t('admin.nextAttempt'),
              dataIndex: 'nextAttemptAt',
              render: (s: string | null) => formatDateTime(s),
            },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_: unknown, d) =>
                d.status !== 'pending' && (
                  <Button size="small" onClick={() => redeliver(d.id)}>
                    {t('admin.redeliver')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
