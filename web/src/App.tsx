import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth.tsx';
import { consoleRoutes } from './console-routes.tsx';
import { I18nProvider, useI18n } from './i18n/index.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
// The queue is the first page agents see: in the main bundle, not one more round trip after sign-in.
import QueuePage from './pages/workspace/Queue.tsx';

// Signed-in agents reload straight into the queue: the sign-in form (antd Form, Checkbox) loads only when shown.
const LoginPage = lazy(() => import('./pages/Login.tsx').then((m) => ({ default: m.LoginPage })));
const CasePage = lazy(() => import('./pages/workspace/CasePage.tsx'));
const FilePage = lazy(() => import('./pages/consumer/FileComplaint.tsx'));
const TrackPage = lazy(() => import('./pages/consumer/Track.tsx'));

function RequireLogin({ children }: { children: ReactNode }) {
  const { me, checking } = useAuth();
  const location = useLocation();
  if (checking) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

/**
 * antd without its CSS-in-JS runtime: the styles come from antd's prebuilt stylesheet (boot.tsx imports it), so
 * the first render does not generate and inject every component's CSS (most of the queue's first-load time on a
 * busy machine). The stylesheet scopes its design tokens to the class of antd's own root ConfigProvider; `key`
 * names that class. Our font stack overrides the token in index.html.
 */
const antdTheme = { zeroRuntime: true, cssVar: { key: 'css-var-_R_0_' } } as const;

function Localised({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={antdTheme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localised>
        <AuthProvider>
          <BrowserRouter>
            <Suspense fallback={<Spin style={{ display: 'block', margin: '20vh auto' }} />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/complain/:tenantSlug" element={<FilePage />} />
                <Route path="/complain" element={<FilePage />} />
                <Route path="/track/:token" element={<TrackPage />} />
                <Route
                  element={
                    <RequireLogin>
                      <AppLayout consoleRoutes={consoleRoutes} />
                    </RequireLogin>
                  }
                >
                  <Route path="/" element={<Navigate to="/queue" replace />} />
                  <Route path="/queue" element={<QueuePage />} />
                  <Route path="/cases/:id" element={<CasePage />} />
                  {consoleRoutes.map((r) => (
                    <Route key={r.path} path={r.path} element={r.element} />
                  ))}
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AuthProvider>
      </Localised>
    </I18nProvider>
  );
}
