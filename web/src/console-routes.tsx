/**
 * The console areas (supervisor dashboard, admin, platform console): their routes and menu entries.
 * Owned by the console pages (web/src/pages/{dashboard,admin,platform}/); App.tsx maps over this array.
 */
import type { ReactNode } from 'react';
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

export const consoleRoutes: ConsoleRoute[] = [];
