/** Refusals of contact timing and hotline calls. The entry shape is errors.ts's ErrorEntry, spelt out to avoid an import cycle. */
export const callErrors = {
  CALL_CASE_REQUIRED: {
    status: 422,
    zh: '来电记录须关联已有投诉（caseId）或新建投诉（createCase），二者选一',
    en: 'A call needs either an existing case (caseId) or a new one (createCase), not both and not neither',
  },
  CALL_WINDOW_INVALID: {
    status: 422,
    zh: '联系时间设置无效：开始须早于结束，最晚 21:00，每日最多 1–20 次，时区须有效',
    en: 'Contact timing is not valid: start before end, no later than 21:00, 1–20 calls a day, a known time zone',
  },
  CALL_IN_FUTURE: {
    status: 422,
    zh: '通话开始时间不能晚于当前时间',
    en: 'A call cannot start in the future',
  },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;
