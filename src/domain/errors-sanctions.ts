// Shape of errors.ts's ErrorEntry, written out so this file does not import errors.ts (no import cycle).
type ErrorEntry = { status: number; zh: string; en: string };

/** Refusals of platform sanctions and the responsibility ledger (issue 5, items 9 and 10). */
export const sanctionErrors = {
  SANCTION_NOT_FOUND: { status: 404, zh: '未找到该处罚记录', en: 'Sanction not found' },
  SANCTION_PLATFORM_ONLY: {
    status: 403,
    zh: '只有平台的管理员或主管可以处罚入驻方',
    en: 'Only a platform’s admin or supervisor may sanction a member',
  },
  SANCTION_TARGET_INVALID: {
    status: 403,
    zh: '只能处罚本平台的入驻商家或代运营公司',
    en: 'Only merchants and operations companies on your platform can be sanctioned',
  },
  VIOLATION_NOT_VERIFIED: {
    status: 409,
    zh: '所引用的投诉未经平台裁决认定该入驻方违规，不能据此处罚',
    en: 'A cited case has no platform ruling that records a violation by this member',
  },
  SANCTION_PERIOD_INVALID: {
    status: 422,
    zh: '处罚期限无效：临时冻结须填写开始和结束时间，结束须晚于开始',
    en: 'The period is not valid: a temporary freeze needs a start and an end, and the end must be after the start',
  },
  PUBLIC_TEXT_REQUIRED: {
    status: 422,
    zh: '公示处罚须填写公示内容',
    en: 'A public notice needs the text to publish',
  },
  NOT_THE_SANCTIONED_PARTY: {
    status: 403,
    zh: '只有被处罚方的管理员或主管可以申诉',
    en: 'Only the sanctioned organisation’s admin or supervisor may appeal',
  },
  APPEAL_ALREADY_FILED: {
    status: 409,
    zh: '该处罚已申诉过，每项处罚只能申诉一次',
    en: 'This sanction has already been appealed; each sanction can be appealed once',
  },
  SANCTION_REVOKED: { status: 409, zh: '该处罚已撤销', en: 'This sanction has been revoked' },
  APPEAL_NOT_PENDING: {
    status: 409,
    zh: '该处罚没有待处理的申诉',
    en: 'This sanction has no appeal waiting for a decision',
  },
  PERIOD_INVALID: {
    status: 422,
    zh: '统计区间无效：开始须早于结束',
    en: 'The period is not valid: from must be before to',
  },
} as const satisfies Record<string, ErrorEntry>;
