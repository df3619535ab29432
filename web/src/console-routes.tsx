/**
 * The console areas (supervisor dashboard, admin, platform console): their routes and menu entries.
 * Owned by the console pages (web/src/pages/{dashboard,admin,platform}/); App.tsx maps over this array.
 */
import { ApartmentOutlined, AuditOutlined, BankOutlined, DashboardOutlined, SettingOutlined } from '@ant-design/icons';
import { lazy, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { TextKey } from './i18n/index.tsx';

export interface ConsoleRoute {
  /** Path under the signed-in layout, e.g. '/dashboard' or '/admin/users' (no trailing slash). */
  path: string;
  element: ReactNode;
  /** Shown in the side menu when set; entries with the same `group` are nested under it. */
  menu?: { label: TextKey; icon?: ReactNode; group?: TextKey };
  /** Roles that see the entry (all signed-in roles when unset). */
  roles?: readonly string[];
  /** Tenant kinds that see the entry, e.g. ['platform'] (all when unset). */
  tenantKinds?: readonly string[];
}

const Dashboard = lazy(() => import('./pages/dashboard/Dashboard.tsx'));

/** The chart click-through used to have its own list; old links now land on the queue with the same filters. */
function DashboardCasesMoved() {
  const { search } = useLocation();
  return <Navigate to={`/queue${search || '?all=1'}`} replace />;
}
const Members = lazy(() => import('./pages/admin/Members.tsx'));
const Routing = lazy(() => import('./pages/admin/Routing.tsx'));
const Sla = lazy(() => import('./pages/admin/Sla.tsx'));
const Policy = lazy(() => import('./pages/admin/Policy.tsx'));
const CannedReplies = lazy(() => import('./pages/admin/CannedReplies.tsx'));
const Webhooks = lazy(() => import('./pages/admin/Webhooks.tsx'));
const Imports = lazy(() => import('./pages/admin/Imports.tsx'));
const PlatformMembers = lazy(() => import('./pages/platform/Members.tsx'));
const Forwards = lazy(() => import('./pages/platform/Forwards.tsx'));
const Sanctions = lazy(() => import('./pages/platform/Sanctions.tsx'));

const readers = ['admin', 'supervisor', 'auditor'] as const;
const managers = ['admin', 'supervisor'] as const;
const admin = { icon: <SettingOutlined />, group: 'menu.admin' } as const;
const platform = { icon: <BankOutlined />, group: 'menu.platform' } as const;

export const consoleRoutes: ConsoleRoute[] = [
  {
    path: '/dashboard',
    element: <Dashboard />,
    menu: { label: 'menu.dashboard', icon: <DashboardOutlined /> },
    roles: readers,
  },
  { path: '/dashboard/cases', element: <DashboardCasesMoved />, roles: readers },
  {
    path: '/platform/members',
    element: <PlatformMembers />,
    menu: { label: 'platform.members', ...platform },
    roles: readers,
    tenantKinds: ['platform'],
  },
  {
    path: '/platform/forwards',
    element: <Forwards />,
    menu: { label: 'platform.forwards', ...platform },
    roles: readers,
    tenantKinds: ['platform'],
  },
  {
    path: '/platform/sanctions',
    element: <Sanctions />,
    menu: { label: 'platform.sanctions', ...platform },
    roles: readers,
    tenantKinds: ['platform'],
  },
  {
    path: '/sanctions',
    element: <Sanctions />,
    menu: { label: 'platform.mySanctions', icon: <AuditOutlined /> },
    roles: managers,
    tenantKinds: ['merchant', 'operations_company'],
  },
  { path: '/admin/members', element: <Members />, menu: { label: 'admin.members', ...admin }, roles: readers },
  {
    path: '/admin/routing',
    element: <Routing />,
    menu: { label: 'admin.routing', ...admin, icon: <ApartmentOutlined /> },
    roles: managers,
  },
  { path: '/admin/sla', element: <Sla />, menu: { label: 'admin.sla', ...admin }, roles: ['admin'] },
  { path: '/admin/policy', element: <Policy />, menu: { label: 'admin.policy', ...admin }, roles: ['admin'] },
  { path: '/admin/canned', element: <CannedReplies />, menu: { label: 'admin.canned', ...admin }, roles: managers },
  { path: '/admin/webhooks', element: <Webhooks />, menu: { label: 'admin.webhooks', ...admin }, roles: ['admin'] },
  { path: '/admin/imports', element: <Imports />, menu: { label: 'admin.imports', ...admin }, roles: managers },
];
