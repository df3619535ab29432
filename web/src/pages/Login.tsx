import { Alert, Button, Card, Checkbox, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n/index.tsx';

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/queue';
  if (me) return <Navigate to={from} replace />;

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <Button type="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
            {t('lang.switch')}
          </Button>
        </div>
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} showIcon />}
        <Form
          name="login"
          layout="vertical"
          onFinish={async (values: { email: string; password: string; tenant?: string; remember?: boolean }) => {
            setBusy(true);
            setError(null);
            try {
              await login(values.email, values.password, values.tenant || undefined, values.remember);
              navigate(from, { replace: true });
            } catch (err) {
              setError(err instanceof ApiError ? err.text(lang) : t('common.error'));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="email" label={t('login.email')} rules={[{ required: true, message: t('field.required') }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('field.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="tenant" label={t('login.tenant')}>
            <Input />
          </Form.Item>
          <Form.Item name="remember" valuePropName="checked">
            <Checkbox>{lang === 'zh' ? '保持登录' : 'Keep me signed in'}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 4 }}>
          {t('login.demo')}
        </Typography.Paragraph>
        <Link to="/complain">{t('login.consumer')}</Link>
      </Card>
    </main>
  );
}
