import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Table } from 'antd';
import { type ApiResult, api } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { vocab } from '../../i18n/vocab.ts';
import { PageTitle, SectionTitle, useFail, useLoad } from './common.tsx';
import { loadMembers } from './Members.tsx';

type Department = ApiResult<'/api/v1/departments', 'get'>['items'][number];
type Rule = ApiResult<'/api/v1/routing-rules', 'get'>['items'][number];
type RuleBody = NonNullable<Parameters<typeof api.post<'/api/v1/routing-rules'>>[1]>['body'];

interface Tenant {
  id: string;
  name: string;
  kind: string;
}

/** Departments and the routing rules that send new cases to them (first match by ascending priority). */
export default function RoutingPage() {
  const { t, v } = useI18n();
  const fail = useFail();
  const departments = useLoad(async () => (await api.get('/api/v1/departments')).items);
  const rules = useLoad(async () => (await api.get('/api/v1/routing-rules')).items);
  const members = useLoad(loadMembers);
  const tenants = useLoad(async () => ((await api.get('/api/v1/tenants')) as { items: Tenant[] }).items);
  const [deptForm] = Form.useForm<{ code: string; name: string }>();
  const [ruleForm] = Form.useForm<NonNullable<RuleBody>>();

  const deptName = (id: string | null) => departments.data?.find((d) => d.id === id)?.name ?? '—';
  const memberName = (id: string | null) => members.data?.find((m) => m.userId === id)?.displayName ?? '—';
  const tenantName = (id: string | null) => tenants.data?.find((x) => x.id === id)?.name ?? '—';
  const opts = (group: 'category' | 'kind' | 'channel' | 'severity') =>
    Object.keys(vocab[group]).map((k) => ({ value: group === 'severity' ? Number(k) : k, label: v(group, k) }));

  const addDepartment = async (values: { code: string; name: string }) => {
    try {
      await api.post('/api/v1/departments', { body: values });
      deptForm.resetFields();
      departments.reload();
    } catch (e) {
      fail(e);
    }
  };
  const addRule = async (values: NonNullable<RuleBody>) => {
    const body = Object.fromEntries(Object.entries(values).filter(([, x]) => x !== undefined && x !== null));
    try {
      await api.post('/api/v1/routing-rules', { body: body as NonNullable<RuleBody> });
      ruleForm.resetFields();
      rules.reload();
    } catch (e) {
      fail(e);
    }
  };
  const removeRule = async (id: string) => {
    try {
      await api.delete('/api/v1/routing-rules/{id}', { path: { id } });
      rules.reload();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<PageTitle>{t('admin.routing')}</PageTitle>}>
        <SectionTitle>{t('admin.departments')}</SectionTitle>
        <Table<Department>
          style={{ marginTop: 12 }}
          rowKey="id"
          size="small"
          loading={departments.loading}
          dataSource={departments.data ?? []}
          pagination={false}
          columns={[
            { title: t('admin.deptCode'), dataIndex: 'code' },
            { title: t('admin.deptName'), dataIndex: 'name' },
          ]}
        />
        <Form name="dept" form={deptForm} layout="inline" onFinish={addDepartment} style={{ marginTop: 12 }}>
          <Form.Item
            name="code"
            label={t('admin.deptCode')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_-]{0,39}$/, message: t('admin.deptCodeHint') }]}
          >
            <Input placeholder="after_sales" />
          </Form.Item>
          <Form.Item name="name" label={t('admin.deptName')} rules={[{ required: true }]}>
            <Input placeholder={t('admin.deptNamePlaceholder')} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" data-testid="add-department">
              {t('admin.addDepartment')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card title={<SectionTitle>{t('admin.rules')}</SectionTitle>}>
        <Table<Rule>
          rowKey="id"
          size="small"
          loading={rules.loading}
          dataSource={rules.data ?? []}
          pagination={false}
          columns={[
            { title: t('admin.priority'), dataIndex: 'priority' },
            { title: t('admin.category'), dataIndex: 'category', render: (x: string | null) => v('category', x) },
            { title: t('admin.kind'), dataIndex: 'kind', render: (x: string | null) => v('kind', x) },
            { title: t('admin.channel'), dataIndex: 'channel', render: (x: string | null) => v('channel', x) },
            { title: t('admin.severity'), dataIndex: 'severity', render: (x: number | null) => v('severity', x) },
            { title: t('admin.respondent'), dataIndex: 'respondentTenantId', render: tenantName },
            { title: t('admin.department'), dataIndex: 'departmentId', render: deptName },
            { title: t('admin.assignee'), dataIndex: 'assigneeId', render: memberName },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, r) => (
                <Popconfirm title={t('admin.confirmDelete')} onConfirm={() => removeRule(r.id)}>
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('admin.delete')} />
                </Popconfirm>
              ),
            },
          ]}
        />
        <Form name="rule" form={ruleForm} layout="inline" onFinish={addRule} style={{ marginTop: 12, rowGap: 8 }}>
          <Form.Item name="priority" label={t('admin.priority')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100000} />
          </Form.Item>
          <Form.Item name="category" label={t('admin.category')}>
            <Select allowClear style={{ width: 140 }} options={opts('category')} />
          </Form.Item>
          <Form.Item name="kind" label={t('admin.kind')}>
            <Select allowClear style={{ width: 110 }} options={opts('kind')} />
          </Form.Item>
          <Form.Item name="channel" label={t('admin.channel')}>
            <Select allowClear style={{ width: 120 }} options={opts('channel')} />
          </Form.Item>
          <Form.Item name="severity" label={t('admin.severity')}>
            <Select allowClear style={{ width: 100 }} options={opts('severity')} />
          </Form.Item>
          <Form.Item name="respondentTenantId" label={t('admin.respondent')}>
            <Select
              allowClear
              style={{ width: 160 }}
              options={(tenants.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            />
          </Form.Item>
          <Form.Item name="departmentId" label={t('admin.department')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
          <Form.Item name="assigneeId" label={t('admin.assignee')}>
            <Select
              allowClear
              style={{ width: 160 }}
              options={(members.data ?? []).map((m) => ({ value: m.userId, label: m.displayName }))}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" data-testid="add-rule">
              {t('admin.addRule')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </Space>
  );
}
