import { GlobalOutlined, LogoutOutlined, UnorderedListOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, type MenuProps, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth.tsx';
import type { ConsoleRoute } from '../console-routes.tsx';
import { type TextKey, useI18n } from '../i18n/index.tsx';

type Item = Required<MenuProps>['items'][number];

/** Side menu + header of the signed-in app; the page renders in <Outlet/>. */
export function AppLayout({ consoleRoutes }: { consoleRoutes: ConsoleRoute[] }) {
  const { t, v, lang, setLang } = useI18n();
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();

  const visible = consoleRoutes.filter(
    (r) =>
      r.menu &&
      (!r.roles || (me && r.roles.includes(me.role))) &&
      (!r.tenantKinds || (me && r.tenantKinds.includes(me.tenant.kind))),
  );
  const groups = new Map<TextKey, Item[]>();
  const items: Item[] = [{ key: '/queue', icon: <UnorderedListOutlined />, label: t('menu.queue') }];
  for (const r of visible) {
    const entry: Item = { key: r.path, icon: r.menu!.icon as ReactNode, label: t(r.menu!.label) };
    const g = r.menu!.group;
    if (!g) items.push(entry);
    else {
      if (!groups.has(g)) {
        const children: Item[] = [];
        groups.set(g, children);
        items.push({ key: `group:${g}`, label: t(g), children, icon: r.menu!.icon as ReactNode });
      }
      groups.get(g)!.push(entry);
    }
  }
  const selected = [...visible.map((r) => r.path), '/queue', '/cases']
    .filter((p) => location.pathname === p || location.pathname.startsWith(`${p}/`))
    .sort((a, b) => b.length - a.length)[0];
  const selectedKey = selected === '/cases' ? '/queue' : selected;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={208} theme="dark">
        <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, padding: '16px 20px' }}>{t('app.name')}</div>
        <nav aria-label={t('menu.workspace')}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={selectedKey ? [selectedKey] : []}
            defaultOpenKeys={[...groups.keys()].map((g) => `group:${g}`)}
            items={items}
            onClick={(e) => navigate(e.key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space size="middle" wrap>
            <Typography.Text data-testid="who">
              <UserOutlined /> {me?.user?.displayName ?? me?.user?.email} · {me?.tenant.name} · {v('role', me?.role)}
            </Typography.Text>
            <Button
              icon={<GlobalOutlined />}
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
              data-testid="lang-switch"
            >
              {t('lang.switch')}
            </Button>
            <Button
              icon={<LogoutOutlined />}
              onClick={async () => {
                await logout();
                navigate('/login');
              }}
            >
              {t('logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
