import type { ErrorEntry } from './error-entry.ts';

/** Operations: overload, shutdown, input depth and the audit anchor. */
export const opsErrors = {
  OVERLOADED: {
    status: 503,
    zh: '服务器繁忙，请稍后重试',
    en: 'The server is busy; retry shortly',
  },
  SHUTTING_DOWN: {
    status: 503,
    zh: '服务器正在重启，请稍后重试',
    en: 'The server is restarting; retry shortly',
  },
  JSON_TOO_DEEP: {
    status: 400,
    zh: 'JSON 嵌套层级过深',
    en: 'The JSON body is nested too deeply',
  },
  AUDIT_ANCHOR_INVALID: {
    status: 400,
    zh: '审计锚点文件无法读取或格式不对',
    en: 'An audit anchor file cannot be read or is malformed',
  },
} as const satisfies Record<string, ErrorEntry>;
