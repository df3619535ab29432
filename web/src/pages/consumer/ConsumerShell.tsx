import { Button, Layout, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/index.tsx';

/** The consumer pages' frame: narrow, mobile first, language switch, no login. */
export function ConsumerShell({ title, children }: { title: string; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <header
        style={{
          background: '#1677ff',
          color: '#fff',
          padding: '12px 16px',
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
        }}
      >
        <span style={{ fontWeight: 600, fontSize: 16 }}>{t('app.name')}</span>
        <Button
          size="small"
          ghost
          onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          data-testid="lang-switch"
          style={{ color: '#fff', borderColor: '#fff' }}
        >
          {t('lang.switch')}
        </Button>
      </header>
      <main style={{ maxWidth: 640, width: '100%', margin: '0 auto', padding: 12 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: '8px 0 12px' }}>
          {title}
        </Typography.Title>
        {children}
      </main>
    </Layout>
  );
}
