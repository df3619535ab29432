import type { ErrorEntry } from './error-entry.ts';

export const accessErrors = {
  LINK_NOT_FOUND: { status: 404, zh: '链接无效', en: 'This link is not valid' },
  LINK_EXPIRED: {
    status: 410,
    zh: '链接已过期，请联系客服获取新链接',
    en: 'This link has expired; ask the service team for a new one',
  },
} as const satisfies Record<string, ErrorEntry>;
