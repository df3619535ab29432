import type { ErrorEntry } from './error-entry.ts';

/** Error codes of the intake channels (e-mail in and out). */
export const channelErrors = {
  QUARANTINE_NOT_FOUND: { status: 404, zh: '未找到该隔离邮件', en: 'Quarantined mail not found' },
  QUARANTINE_RELEASED: { status: 409, zh: '该隔离邮件已处理', en: 'This quarantined mail was already released' },
  INBOUND_ADDRESS_TAKEN: {
    status: 409,
    zh: '该收件地址已分配给其他组织',
    en: 'This inbound address is already assigned to an organisation',
  },
  NO_COMPLAINANT_EMAIL: {
    status: 409,
    zh: '投诉人没有邮箱地址，无法发送邮件',
    en: 'The complainant has no e-mail address to reply to',
  },
  MAIL_DISABLED: {
    status: 503,
    zh: '未配置外发邮件（SMTP_URL），无法发送',
    en: 'Outgoing mail is not configured (SMTP_URL)',
  },
  MAIL_SEND_FAILED: { status: 502, zh: '邮件发送失败，请稍后重试', en: 'Sending the mail failed; try again later' },
} as const satisfies Record<string, ErrorEntry>;
