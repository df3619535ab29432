import { Alert, App, Button, Card, Form, InputNumber, Space } from 'antd';
import { useEffect } from 'react';
import { api } from '../../api/client.ts';
import { formatFen } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fenToYuan, PageTitle, useFail, useLoad, yuanToFen } from './common.tsx';

interface Values {
  agentLimitYuan: number;
  supervisorLimitYuan: number;
  followUpDays: number;
  reopenWindowDays: number;
  replyHours: number;
}

/** Approval limits (offers above the maker's limit wait for a supervisor or an admin) and the other deadlines. */
export default function PolicyPage() {
  const { t } = useI18n();
  const fail = useFail();
  const { message } = App.useApp();
  const policy = useLoad(() => api.get('/api/v1/resolution-policy'));
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    const p = policy.data;
    if (!p) return;
    form.setFieldsValue({
      agentLimitYuan: fenToYuan(p.agentLimitFen),
      supervisorLimitYuan: fenToYuan(p.supervisorLimitFen),
      followUpDays: p.followUpDays,
      reopenWindowDays: p.reopenWindowDays,
      replyHours: p.replyHours,
    });
  }, [policy.data, form]);

  const save = async (x: Values) => {
    try {
      await api.patch('/api/v1/resolution-policy', {
        body: {
          agentLimitFen: yuanToFen(x.agentLimitYuan),
          supervisorLimitFen: yuanToFen(x.supervisorLimitYuan),
          followUpDays: x.followUpDays,
          reopenWindowDays: x.reopenWindowDays,
          replyHours: x.replyHours,
        },
      });
      message.success(t('admin.saved'));
      policy.reload();
    } catch (e) {
      fail(e);
    }
  };

  const p = policy.data;
  return (
    <Card title={<PageTitle>{t('admin.policy')}</PageTitle>}>
      <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 640 }}>
        {p && (
          <Alert
            type="info"
            showIcon
            title={t('admin.limitsNow', {
              agent: formatFen(p.agentLimitFen),
              supervisor: formatFen(p.supervisorLimitFen),
            })}
          />
        )}
        <Form name="policy" form={form} layout="vertical" onFinish={save}>
          <Form.Item
            name="agentLimitYuan"
            label={t('admin.agentLimit')}
            rules={[{ required: true }]}
            extra={t('admin.limitHint')}
          >
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            name="supervisorLimitYuan"
            label={t('admin.supervisorLimit')}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_r, val: number) =>
                  val >= (getFieldValue('agentLimitYuan') ?? 0)
                    ? Promise.resolve()
                    : Promise.reject(t('admin.limitOrder')),
              }),
            ]}
          >
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="followUpDays" label={t('admin.followUpDays')} rules={[{ required: true }]}>
            <InputNumber min={0} max={60} />
          </Form.Item>
          <Form.Item name="reopenWindowDays" label={t('admin.reopenWindowDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={90} />
          </Form.Item>
          <Form.Item name="replyHours" label={t('admin.replyHours')} rules={[{ required: true }]}>
            <InputNumber min={1} max={720} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
        </Form>
      </Space>
    </Card>
  );
}
