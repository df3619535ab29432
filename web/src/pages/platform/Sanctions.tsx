import { Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type ApiResult, api } from '../../api/client.ts';
import { useAuth } from '../../auth.tsx';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageTitle, SectionTitle, useFail, useLoad } from '../admin/common.tsx';
import { dayStartIso } from '../dashboard/period.ts';
import { loadForwards } from './Forwards.tsx';
import { loadPlatformMembers } from './Members.tsx';

type Sanction = ApiResult<'/api/v1/sanctions', 'get'>['items'][number];
type Notice = ApiResult<'/api/v1/public/notices', 'get'>['items'][number];
type SanctionType = Sanction['type'];
const types: SanctionType[] = ['warning', 'listing_restriction', 'temporary_freeze', 'public_notice', 'account_ban'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface Values {
  memberTenantId: string;
  type: SanctionType;
  reason: string;
  publicText?: string;
  startsOn?: string;
  endsOn?: string;
  caseIds: string[];
}

/** Sanctions against members (each cites cases ruled record_violation) and the public notice board. */
export default function SanctionsPage() {
  const { t } = useI18n();
  const fail = useFail();
  const { me } = useAuth();
  const canIssue = me?.tenant.kind === 'platform' && (me.role === 'admin' || me.role === 'supervisor');
  const sanctions = useLoad(async () => (await api.get('/api/v1/sanctions', { query: { limit: 200 } })).items);
  const notices = useLoad(async () => (await api.get('/api/v1/public/notices', { query: { limit: 50 } })).items);
  const members = useLoad(
    () => (me?.tenant.kind === 'platform' ? loadPlatformMembers(me.tenant.id) : Promise.resolve([])),
    [me?.tenant.id],
  );
  const [form] = Form.useForm<Values>();
  const manager = me?.role === 'admin' || me?.role === 'supervisor';
  const [acting, setActing] = useState<{ sanction: Sanction; mode: 'appeal' | 'decide' } | null>(null);
  const [actForm] = Form.useForm<{ reason: string; evidence?: string; decision?: 'upheld' | 'revoked' }>();
  const act = async (x: { reason: string; evidence?: string; decision?: 'upheld' | 'revoked' }) => {
    if (!acting) return;
    const id = acting.sanction.id;
    try {
      if (acting.mode === 'appeal')
        await api.post('/api/v1/sanctions/{id}/appeal', {
          path: { id },
          body: { reason: x.reason, ...(x.evidence ? { evidence: x.evidence } : {}) },
        });
      else
        await api.post('/api/v1/sanctions/{id}/appeal/decision', {
          path: { id },
          body: { decision: x.decision ?? 'upheld', reason: x.reason },
        });
      setActing(null);
      sanctions.reload();
      notices.reload();
    } catch (e) {
      fail(e);
    }
  };
  const type = Form.useWatch('type', form);
  const member = Form.useWatch('memberTenantId', form);
  const forwards = useLoad(() => (canIssue ? loadForwards({ state: ['ruled'] }) : Promise.resolve([])), [canIssue]);

  const issue = async (x: Values) => {
    try {
      await api.post('/api/v1/sanctions', {
        body: {
          memberTenantId: x.memberTenantId,
          type: x.type,
          reason: x.reason,
          caseIds: x.caseIds,
          ...(x.publicText ? { publicText: x.publicText } : {}),
          ...(x.startsOn ? { startsAt: dayStartIso(x.startsOn) } : {}),
          ...(x.endsOn ? { endsAt: dayStartIso(x.endsOn) } : {}),
        },
      });
      form.resetFields();
      sanctions.reload();
      notices.reload();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<PageTitle>{t('platform.sanctions')}</PageTitle>}>
        <Table<Sanction>
          rowKey="id"
          loading={sanctions.loading}
          dataSource={sanctions.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('platform.memberName'), dataIndex: 'memberName' },
            {
              title: t('platform.sanctionType'),
              dataIndex: 'type',
              render: (x: SanctionType) => <Tag color="volcano">{t(`platform.sanction.${x}`)}</Tag>,
            },
            { title: t('platform.reason'), dataIndex: 'reason' },
            { title: t('platform.startsAt'), dataIndex: 'startsAt', render: (s: string) => formatDateTime(s) },
            { title: t('platform.endsAt'), dataIndex: 'endsAt', render: (s: string | null) => formatDateTime(s) },
            {
              title: t('platform.active'),
              dataIndex: 'active',
              render: (a: boolean) => (
                <Tag color={a ? 'red' : 'default'}>{a ? t('platform.activeYes') : t('platform.activeNo')}</Tag>
              ),
            },
            {
              title: t('platform.appeal'),
              dataIndex: ['appeal', 'state'],
              render: (s: string) => t(`platform.appeal.${s}` as 'platform.appeal.none'),
            },
            {
              title: t('platform.cases'),
              dataIndex: 'cases',
              render: (cs: Sanction['cases']) => (
                <Space wrap size={4}>
                  {cs.map((c) => (
                    <Link key={c.id} to={`/cases/${c.id}`}>
                      {c.caseNumber}
                    </Link>
                  ))}
                </Space>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, x) =>
                manager && x.memberTenantId === me?.tenant.id && x.appeal.state === 'none' && x.active ? (
                  <Button size="small" onClick={() => setActing({ sanction: x, mode: 'appeal' })}>
                    {t('platform.appealAction')}
                  </Button>
                ) : canIssue && x.platformTenantId === me?.tenant.id && x.appeal.state === 'pending' ? (
                  <Button size="small" type="primary" onClick={() => setActing({ sanction: x, mode: 'decide' })}>
                    {t('platform.decide')}
                  </Button>
                ) : null,
            },
          ]}
        />
        <Modal
          open={!!acting}
          title={
            acting?.mode === 'appeal'
              ? t('platform.appealTitle')
              : t('platform.decideTitle', { reason: acting?.sanction.appeal.reason ?? '' })
          }
          onCancel={() => setActing(null)}
          onOk={() => actForm.submit()}
          destroyOnHidden
        >
          <Form name="act" form={actForm} layout="vertical" onFinish={act} preserve={false}>
            {acting?.mode === 'decide' && (
              <Form.Item name="decision" label={t('platform.decision')} rules={[{ required: true }]}>
                <Select
                  options={(['upheld', 'revoked'] as const).map((d) => ({
                    value: d,
                    label: t(`platform.decision.${d}`),
                  }))}
                />
              </Form.Item>
            )}
            <Form.Item
              name="reason"
              label={acting?.mode === 'appeal' ? t('platform.appealReason') : t('platform.decisionReason')}
              rules={[{ required: true }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
            {acting?.mode === 'appeal' && (
              <Form.Item name="evidence" label={t('platform.appealEvidence')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            )}
          </Form>
        </Modal>
      </Card>
      {canIssue && (
        <Card title={<SectionTitle>{t('platform.issue')}</SectionTitle>}>
          <Typography.Paragraph type="secondary">{t('platform.issueHint')}</Typography.Paragraph>
          <Form
            name="sanction"
            form={form}
            layout="vertical"
            onFinish={issue}
            style={{ maxWidth: 640 }}
            initialValues={{ type: 'warning' }}
          >
            <Form.Item name="memberTenantId" label={t('platform.memberName')} rules={[{ required: true }]}>
              <Select options={(members.data ?? []).map((m) => ({ value: m.id, label: m.name }))} />
            </Form.Item>
            <Form.Item name="type" label={t('platform.sanctionType')} rules={[{ required: true }]}>
              <Select options={types.map((x) => ({ value: x, label: t(`platform.sanction.${x}`) }))} />
            </Form.Item>
            <Form.Item name="reason" label={t('platform.reason')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            {type === 'public_notice' && (
              <Form.Item name="publicText" label={t('platform.publicText')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            )}
            <Space wrap>
              <Form.Item
                name="startsOn"
                label={t('platform.startsOn')}
                rules={[{ pattern: DAY, message: 'YYYY-MM-DD' }]}
              >
                <Input placeholder="2026-12-01" />
              </Form.Item>
              <Form.Item
                name="endsOn"
                label={t('platform.endsOn')}
                rules={[{ required: type === 'temporary_freeze', pattern: DAY, message: 'YYYY-MM-DD' }]}
              >
                <Input placeholder="2026-12-31" />
              </Form.Item>
            </Space>
            <Form.Item
              name="caseIds"
              label={t('platform.violationCases')}
              extra={t('platform.violationCasesHint')}
              rules={[{ required: true }]}
            >
              <Select
                mode="multiple"
                options={(forwards.data ?? [])
                  .filter((f) => f.ruling === 'record_violation' && f.respondentTenantId === member)
                  .map((f) => ({ value: f.caseId, label: f.caseNumber }))}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('platform.issue')}
            </Button>
          </Form>
        </Card>
      )}
      <Card title={<SectionTitle>{t('platform.notices')}</SectionTitle>}>
        <Table<Notice>
          rowKey="id"
          loading={notices.loading}
          dataSource={notices.data ?? []}
          pagination={false}
          columns={[
            { title: t('platform.platformName'), dataIndex: 'platformName' },
            { title: t('platform.memberName'), dataIndex: 'memberName' },
            { title: t('platform.publicText'), dataIndex: 'text' },
            { title: t('platform.startsAt'), dataIndex: 'startsAt', render: (s: string) => formatDateTime(s) },
            { title: t('platform.endsAt'), dataIndex: 'endsAt', render: (s: string | null) => formatDateTime(s) },
            { title: t('platform.cases'), dataIndex: 'caseNumbers', render: (n: string[]) => n.join('、') },
          ]}
        />
      </Card>
    </Space>
  );
}
