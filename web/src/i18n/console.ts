/** Texts of the supervisor dashboard, admin and platform console ([zh, en]); owned by the console pages. */
export const consoleTexts = {
  'menu.dashboard': ['数据看板', 'Dashboard'],
  'menu.admin': ['系统管理', 'Administration'],
  'menu.platform': ['平台管理', 'Platform console'],
} as const satisfies Record<string, readonly [string, string]>;
