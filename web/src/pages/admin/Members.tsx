import { Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageTitle, SectionTitle, useFail, useLoad } from './common.tsx';

export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: string;
  since: string;
}
export const roleValues = ['admin', 'supervisor', 'agent', 'auditor', 'viewer'] as const;

export async function loadMembers(): Promise<Member[]> {
  return ((await api.get('/api/v1/members')) as { items: Member[] }).items;
}

/**
 * Users and roles of the organisation; an admin adds people, changes a role in place and removes a member (their
 * sessions end, their cases keep their history). The server refuses to leave the organisation without an admin.
 */
export default function MembersPage() {
  const { t, v } = useI18n();
  const fail = useFail();
  const { me } = useAuth();
  const members = useLoad(loadMembers);
  const [form] = Form.useForm<{ email: string; displayName: string; role: string; password?: string }>();

  const isAdmin = me?.role === 'admin';
  const changeRole = async (m: Member, role: string) => {
    try {
      await api.patch('/api/v1/members/{id}', {
        path: { id: m.userId },
        body: { role: role as (typeof roleValues)[number] },
      });
      members.reload();
    } catch (e) {
      fail(e);
    }
  };
  const remove = async (m: Member) => {
    try {
      await api.delete('/api/v1/members/{id}', { path: { id: m.userId } });
      members.reload();
    } catch (e) {
      fail(e);
    }
  };

  const add = async (values: { email: string; displayName: string; role: string; password?: string }) => {
    try {
      await api.post('/api/v1/members', {
        body: {
          email: values.email,
          displayName: values.displayName,
          role: values.role as (typeof roleValues)[number],
          ...(values.password ? { password: values.password } : {}),
        },
      });
      form.resetFields();
      members.reload();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<PageTitle>{t('admin.members')}</PageTitle>}>
        <Table<Member>
          rowKey="userId"
          loading={members.loading}
          dataSource={members.data ?? []}
          pagination={false}
          columns={[
            { title: t('admin.displayName'), dataIndex: 'displayName' },
            { title: t('admin.email'), dataIndex: 'email' },
            {
              title: t('admin.role'),
              dataIndex: 'role',
              render: (r: string, m) =>
                isAdmin ? (
                  <Select
                    size="small"
                    style={{ width: 120 }}
                    value={r}
                    aria-label={`${t('admin.role')} ${m.displayName}`}
                    data-testid={`role-${m.email}`}
                    onChange={(role) => void changeRole(m, role)}
                    options={roleValues.map((x) => ({ value: x, label: v('role', x) }))}
                  />
                ) : (
                  <Tag>{v('role', r)}</Tag>
                ),
            },
            { title: t('admin.since'), dataIndex: 'since', render: (s: string) => formatDateTime(s) },
            ...(isAdmin
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, m: Member) => (
                      <Popconfirm
                        title={t('admin.removeMemberConfirm', { name: m.displayName })}
                        description={t('admin.removeMemberHint')}
                        okText={t('admin.removeMember')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('common.cancel')}
                        onConfirm={() => remove(m)}
                      >
                        <Button size="small" danger data-testid={`remove-${m.email}`}>
                          {t('admin.removeMember')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {me?.role === 'admin' && (
        <Card title={<SectionTitle>{t('admin.addMember')}</SectionTitle>}>
          <Form name="member" form={form} layout="inline" onFinish={add} initialValues={{ role: 'agent' }}>
            <Form.Item name="email" label={t('admin.email')} rules={[{ required: true, type: 'email' }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="displayName" label={t('admin.displayName')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="role" label={t('admin.role')} rules={[{ required: true }]}>
              <Select style={{ width: 120 }} options={roleValues.map((r) => ({ value: r, label: v('role', r) }))} />
            </Form.Item>
            <Form.Item name="password" label={t('admin.initialPassword')} rules={[{ min: 10 }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit">
                {t('admin.add')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      )}
    </Space>
  );
}
