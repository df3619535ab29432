import { Button, Card, Form, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { type ApiResult, api } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PageTitle, SectionTitle, useFail, useLoad } from './common.tsx';

type Policy = ApiResult<'/api/v1/sla/policies', 'get'>['items'][number];
type Settings = ApiResult<'/api/v1/sla/settings', 'get'>;

const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** SLA policies (from presets that cite their source), business hours, lunch break and closed days (calendar overrides). */
export default function SlaPage() {
  const { t, lang } = useI18n();
  const fail = useFail();
  const policies = useLoad(async () => (await api.get('/api/v1/sla/policies')).items);
  const presets = useLoad(async () => (await api.get('/api/v1/sla/presets')).items);
  const settings = useLoad(() => api.get('/api/v1/sla/settings'));
  const [presetForm] = Form.useForm<{ preset: string; name?: string }>();
  const [settingsForm] = Form.useForm<{
    workStart: string;
    workEnd: string;
    lunchStart?: string;
    lunchEnd?: string;
    closedDates: string[];
  }>();

  useEffect(() => {
    const s: Settings | null = settings.data;
    if (!s) return;
    settingsForm.setFieldsValue({
      workStart: s.workStart,
      workEnd: s.workEnd,
      lunchStart: s.lunch?.start,
      lunchEnd: s.lunch?.end,
      closedDates: s.closedDates,
    });
  }, [settings.data, settingsForm]);

  const unit = (u: string) => t(`sla.unit.${u}` as 'sla.unit.working_hours');
  const target = (k: string) => t(`sla.target.${k}` as 'sla.target.resolution');

  const setActive = async (p: Policy, active: boolean) => {
    try {
      await api.patch('/api/v1/sla/policies/{id}', { path: { id: p.id }, body: { active } });
      policies.reload();
    } catch (e) {
      fail(e);
    }
  };
  const fromPreset = async (values: { preset: string; name?: string }) => {
    try {
      await api.post('/api/v1/sla/policies', {
        body: { preset: values.preset, ...(values.name ? { name: values.name } : {}) },
      });
      presetForm.resetFields();
      policies.reload();
    } catch (e) {
      fail(e);
    }
  };
  const saveSettings = async (values: {
    workStart: string;
    workEnd: string;
    lunchStart?: string;
    lunchEnd?: string;
    closedDates: string[];
  }) => {
    try {
      await api.put('/api/v1/sla/settings', {
        body: {
          workStart: values.workStart,
          workEnd: values.workEnd,
          lunch: values.lunchStart && values.lunchEnd ? { start: values.lunchStart, end: values.lunchEnd } : null,
          closedDates: [...(values.closedDates ?? [])].sort(),
        },
      });
      settings.reload();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<PageTitle>{t('admin.sla')}</PageTitle>}>
        <Table<Policy>
          rowKey="id"
          loading={policies.loading}
          dataSource={policies.data ?? []}
          pagination={false}
          columns={[
            { title: t('admin.policyName'), dataIndex: 'name' },
            {
              title: t('admin.targets'),
              dataIndex: 'targets',
              render: (targets: Policy['targets']) =>
                Object.entries(targets).map(([k, x]) => (
                  <Tag key={k}>
                    {target(k)}: {x.amount} {unit(x.unit)}
                  </Tag>
                )),
            },
            {
              title: t('admin.onBreach'),
              dataIndex: 'onBreach',
              render: (a: string[]) => a.map((x) => <Tag key={x}>{t(`sla.breach.${x}` as 'sla.breach.escalate')}</Tag>),
            },
            { title: t('admin.priority'), dataIndex: 'priority' },
            {
              title: t('admin.source'),
              dataIndex: 'source',
              render: (s: string | null) => <Typography.Text type="secondary">{s ?? '—'}</Typography.Text>,
            },
            {
              title: t('admin.active'),
              dataIndex: 'active',
              render: (a: boolean, p) => (
                <Switch checked={a} aria-label={`${t('admin.active')} ${p.name}`} onChange={(x) => setActive(p, x)} />
              ),
            },
          ]}
        />
        <Form name="preset" form={presetForm} layout="inline" onFinish={fromPreset} style={{ marginTop: 12 }}>
          <Form.Item name="preset" label={t('admin.preset')} rules={[{ required: true }]}>
            <Select
              style={{ width: 280 }}
              options={(presets.data ?? []).map((p) => ({ value: p.key, label: lang === 'zh' ? p.nameZh : p.nameEn }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('admin.policyName')}>
            <Input />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('admin.addPolicy')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card title={<SectionTitle>{t('admin.slaSettings')}</SectionTitle>}>
        <Typography.Paragraph type="secondary">
          {t('admin.timeZone', { zone: settings.data?.timeZone ?? 'Asia/Shanghai' })}
        </Typography.Paragraph>
        <Form name="hours" form={settingsForm} layout="vertical" onFinish={saveSettings} style={{ maxWidth: 640 }}>
          <Space wrap>
            <Form.Item name="workStart" label={t('admin.workStart')} rules={[{ required: true, pattern: HHMM }]}>
              <Input placeholder="09:00" style={{ width: 100 }} />
            </Form.Item>
            <Form.Item
              name="workEnd"
              label={t('admin.workEnd')}
              rules={[{ required: true, pattern: /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/ }]}
            >
              <Input placeholder="18:00" style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="lunchStart" label={t('admin.lunchStart')} rules={[{ pattern: HHMM }]}>
              <Input placeholder="12:00" style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name="lunchEnd" label={t('admin.lunchEnd')} rules={[{ pattern: HHMM }]}>
              <Input placeholder="13:30" style={{ width: 100 }} />
            </Form.Item>
          </Space>
          <Form.Item
            name="closedDates"
            label={t('admin.closedDates')}
            extra={t('admin.closedDatesHint')}
            rules={[
              {
                validator: (_r, vals: string[] | undefined) =>
                  (vals ?? []).every((d) => DAY.test(d)) ? Promise.resolve() : Promise.reject(t('admin.badDate')),
              },
            ]}
          >
            <Select mode="tags" tokenSeparators={[',', ' ', '，']} placeholder="2026-12-31" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.save')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </Space>
  );
}
