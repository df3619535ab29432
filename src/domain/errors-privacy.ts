// Shape of errors.ts's ErrorEntry, written out so this file does not import errors.ts (no import cycle).
type ErrorEntry = { status: number; zh: string; en: string };

/** Refusals of the privacy routes (PIPL, issue 10 item 5). */
export const privacyErrors = {
  PRIVACY_SUBJECT_REQUIRED: {
    status: 422,
    zh: '请至少提供手机号、邮箱或身份证号之一以识别个人',
    en: 'Give a phone number, e-mail address or ID number to identify the person',
  },
} as const satisfies Record<string, ErrorEntry>;
