import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Result, Select, Space, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { vocab } from '../../i18n/vocab.ts';
import { ConsumerShell } from './ConsumerShell.tsx';

type Filed = { caseNumber: string; accessToken: string; missing: string[]; uploadErrors: string[] };

interface Values {
  tenant?: string;
  orderNumber?: string;
  name: string;
  phone: string;
  email?: string;
  reason: string;
  expectedResolution?: string;
  phoneCode?: string;
}

/** The public complaint form: fields, photos with preview, an SMS code when the organisation requires one. */
export default function FileComplaintPage() {
  const { tenantSlug } = useParams();
  const { t, v, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [needCode, setNeedCode] = useState(false);
  const [codeSent, setCodeSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [filed, setFiled] = useState<Filed | null>(null);

  const slug = () => tenantSlug ?? form.getFieldValue('tenant')?.trim() ?? '';

  const sendCode = async () => {
    try {
      await form.validateFields(['phone']);
      await api.post('/api/v1/public/{tenantSlug}/phone-codes', {
        path: { tenantSlug: slug() },
        body: { phone: form.getFieldValue('phone') },
      });
      setCodeSent(true);
    } catch (err) {
      if (err instanceof ApiError) setError(err.text(lang));
    }
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post('/api/v1/public/{tenantSlug}/complaints', {
        path: { tenantSlug: slug() },
        body: {
          name: values.name.trim(),
          phone: values.phone.trim(),
          reason: values.reason,
          ...(values.orderNumber?.trim() ? { orderNumber: values.orderNumber.trim() } : {}),
          ...(values.email?.trim() ? { email: values.email.trim() } : {}),
          ...(values.expectedResolution ? { expectedResolution: values.expectedResolution as never } : {}),
          ...(values.phoneCode ? { phoneCode: values.phoneCode } : {}),
        },
      });
      // Photos go up through the new case's link, one by one.
      let missing = r.missing;
      const uploadErrors: string[] = [];
      for (const f of files) {
        if (!f.originFileObj) continue;
        const fd = new FormData();
        fd.append('file', f.originFileObj, f.name);
        try {
          const up = await api.post('/api/v1/access/{token}/evidence', { path: { token: r.accessToken }, form: fd });
          missing = up.missing;
        } catch (err) {
          uploadErrors.push(`${f.name}: ${err instanceof ApiError ? err.text(lang) : t('common.error')}`);
        }
      }
      setFiled({ caseNumber: r.caseNumber, accessToken: r.accessToken, missing, uploadErrors });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PHONE_CODE_REQUIRED') setNeedCode(true);
      setError(err instanceof ApiError ? err.text(lang) : t('common.error'));
    } finally {
      setBusy(false);
    }
  };

  if (filed) {
    const path = `/track/${filed.accessToken}`;
    return (
      <ConsumerShell title={t('consumer.submitted')}>
        <Card>
          <Result
            status="success"
            title={t('consumer.submitted')}
            subTitle={<span data-testid="filed-number">{t('consumer.caseNumber', { n: filed.caseNumber })}</span>}
            extra={
              <Link to={path} data-testid="track-link">
                <Button type="primary">{t('consumer.openLink')}</Button>
              </Link>
            }
          />
          <Typography.Paragraph>{t('consumer.keepLink')}</Typography.Paragraph>
          <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
            {`${window.location.origin}${path}`}
          </Typography.Paragraph>
          {filed.missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={`${t('consumer.missingTitle')}: ${filed.missing.map((m) => v('missing', m)).join('、')}`}
            />
          )}
          {filed.uploadErrors.map((e) => (
            <Alert key={e} type="error" title={e} style={{ marginTop: 8 }} />
          ))}
        </Card>
      </ConsumerShell>
    );
  }

  const resolutions = Object.keys(vocab.resolution).filter((k) =>
    ['refund', 'return_refund', 'exchange', 'reshipment', 'compensation', 'apology', 'other'].includes(k),
  );

  return (
    <ConsumerShell title={t('consumer.fileTitle')}>
      <Card>
        <Typography.Paragraph type="secondary">{t('consumer.fileIntro')}</Typography.Paragraph>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} role="alert" />}
        <Form form={form} name="complaint" layout="vertical" onFinish={(v) => void submit(v)} requiredMark>
          {!tenantSlug && (
            <Form.Item
              name="tenant"
              label={t('consumer.store')}
              extra={t('consumer.storeHint')}
              rules={[{ required: true, whitespace: true, message: t('field.required') }]}
            >
              <Input />
            </Form.Item>
          )}
          <Form.Item
            name="orderNumber"
            label={t('consumer.orderNumber')}
            rules={[{ pattern: /^[A-Za-z0-9_-]{1,64}$/, message: t('consumer.orderNumberHint') }]}
          >
            <Input inputMode="text" autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('consumer.name')}
            rules={[{ required: true, whitespace: true, message: t('field.required') }]}
          >
            <Input autoComplete="name" maxLength={100} />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('consumer.phone')}
            rules={[
              { required: true, message: t('field.required') },
              { pattern: /^1[3-9]\d{9}$/, message: t('consumer.phoneHint') },
            ]}
          >
            <Input inputMode="tel" autoComplete="tel" maxLength={11} />
          </Form.Item>
          {needCode && (
            <Form.Item label={t('consumer.phoneCode')} required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item
                  name="phoneCode"
                  noStyle
                  rules={[{ required: true, pattern: /^\d{6}$/, message: t('consumer.codeHint') }]}
                >
                  <Input inputMode="numeric" maxLength={6} aria-label={t('consumer.phoneCode')} />
                </Form.Item>
                <Button onClick={() => void sendCode()} disabled={codeSent}>
                  {codeSent ? t('consumer.codeSent') : t('consumer.sendCode')}
                </Button>
              </Space.Compact>
            </Form.Item>
          )}
          <Form.Item
            name="email"
            label={t('consumer.email')}
            rules={[{ type: 'email', message: t('consumer.emailHint') }]}
          >
            <Input inputMode="email" autoComplete="email" />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('consumer.reason')}
            rules={[
              { required: true, whitespace: true, message: t('field.required') },
              { min: 5, message: t('consumer.reasonHint') },
            ]}
          >
            <Input.TextArea rows={5} maxLength={5000} showCount placeholder={t('consumer.reasonHint')} />
          </Form.Item>
          <Form.Item name="expectedResolution" label={t('consumer.expected')}>
            <Select allowClear options={resolutions.map((value) => ({ value, label: v('resolution', value) }))} />
          </Form.Item>
          <Form.Item label={t('consumer.photos')}>
            <Upload
              listType="picture-card"
              accept="image/*"
              multiple
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) =>
                setFiles(
                  fileList.slice(0, 6).map((f) => ({
                    ...f,
                    thumbUrl: f.thumbUrl ?? (f.originFileObj ? URL.createObjectURL(f.originFileObj) : undefined),
                  })),
                )
              }
            >
              {files.length < 6 && (
                <button
                  type="button"
                  style={{ border: 0, background: 'none', font: 'inherit', color: 'inherit' }}
                  aria-label={t('consumer.addPhoto')}
                >
                  <PlusOutlined />
                  <div style={{ marginTop: 8 }}>{t('consumer.addPhoto')}</div>
                </button>
              )}
            </Upload>
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="file-submit">
            {t('common.submit')}
          </Button>
        </Form>
      </Card>
    </ConsumerShell>
  );
}
