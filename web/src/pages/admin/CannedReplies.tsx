import { Button, Card, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type ApiResult, api } from '../../api/client.ts';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { vocab } from '../../i18n/vocab.ts';
import { PageTitle, SectionTitle, useFail, useLoad } from './common.tsx';

type Canned = ApiResult<'/api/v1/canned-responses', 'get'>['items'][number];
type Category = keyof typeof vocab.category;

/** Canned replies (文明用语) with {variables}; archiving keeps them for the record. */
export default function CannedRepliesPage() {
  const { t, v } = useI18n();
  const fail = useFail();
  const [archived, setArchived] = useState(false);
  const list = useLoad(
    async () => (await api.get('/api/v1/canned-responses', { query: archived ? { archived: true } : {} })).items,
    [archived],
  );
  const [form] = Form.useForm<{ title: string; body: string; category?: Category }>();

  const add = async (values: { title: string; body: string; category?: Category }) => {
    try {
      await api.post('/api/v1/canned-responses', {
        body: { title: values.title, body: values.body, ...(values.category ? { category: values.category } : {}) },
      });
      form.resetFields();
      list.reload();
    } catch (e) {
      fail(e);
    }
  };
  const archive = async (id: string) => {
    try {
      await api.delete('/api/v1/canned-responses/{id}', { path: { id } });
      list.reload();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<PageTitle>{t('admin.canned')}</PageTitle>}
        extra={
          <Space>
            <Typography.Text id="canned-archived">{t('admin.showArchived')}</Typography.Text>
            <Switch aria-labelledby="canned-archived" checked={archived} onChange={setArchived} />
          </Space>
        }
      >
        <Table<Canned>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('admin.cannedTitle'), dataIndex: 'title', width: 160 },
            {
              title: t('admin.cannedBody'),
              dataIndex: 'body',
              render: (b: string) => (
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{b}</Typography.Paragraph>
              ),
            },
            {
              title: t('admin.category'),
              dataIndex: 'category',
              width: 110,
              render: (c: string | null) => v('category', c),
            },
            {
              title: t('admin.variables'),
              dataIndex: 'variables',
              render: (vars: string[]) => vars.map((x) => <Tag key={x}>{`{{${x}}}`}</Tag>),
            },
            { title: t('admin.updatedAt'), dataIndex: 'updatedAt', render: (s: string) => formatDateTime(s) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, c) =>
                c.archivedAt ? (
                  <Tag>{t('admin.archived')}</Tag>
                ) : (
                  <Popconfirm title={t('admin.confirmArchive')} onConfirm={() => archive(c.id)}>
                    <Button size="small">{t('admin.archive')}</Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Card title={<SectionTitle>{t('admin.addCanned')}</SectionTitle>}>
        <Form name="canned" form={form} layout="vertical" onFinish={add} style={{ maxWidth: 640 }}>
          <Form.Item name="title" label={t('admin.cannedTitle')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="category" label={t('admin.category')}>
            <Select
              allowClear
              options={Object.keys(vocab.category).map((k) => ({ value: k, label: v('category', k) }))}
            />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('admin.cannedBody')}
            extra={t('admin.cannedHint')}
            rules={[{ required: true }]}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" data-testid="add-canned">
              {t('admin.addCanned')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </Space>
  );
}
