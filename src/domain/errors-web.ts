import type { ErrorEntry } from './error-entry.ts';

/** Members administration (issue 8, web console). */
export const webErrors = {
  MEMBER_NOT_FOUND: { status: 404, zh: '未找到该成员', en: 'Member not found' },
  LAST_ADMIN: {
    status: 409,
    zh: '组织至少需要保留一名管理员',
    en: 'An organisation must keep at least one admin',
  },
} as const satisfies Record<string, ErrorEntry>;
