/** Refusals of the resolution loop (issue 5). The entry shape is errors.ts's ErrorEntry, spelt out to avoid an import cycle. */
export const resolutionErrors = {
  DEPARTMENT_NOT_FOUND: { status: 404, zh: '未找到该部门', en: 'Department not found' },
  DEPARTMENT_CODE_TAKEN: { status: 409, zh: '部门编码已存在', en: 'A department with this code already exists' },
  RULE_NOT_FOUND: { status: 404, zh: '未找到该分派规则', en: 'Routing rule not found' },
  RULE_PRIORITY_TAKEN: {
    status: 409,
    zh: '该优先级已被其他规则使用',
    en: 'Another routing rule already has this priority',
  },
  NOT_A_COLLABORATOR: {
    status: 403,
    zh: '只有责任人、协办人或主管可以填写调查记录',
    en: 'Only the responsible person, a collaborator or a supervisor may write investigation notes',
  },
  ROOT_CAUSE_CATEGORY_REQUIRED: {
    status: 409,
    zh: '结案前须选择根本原因类别',
    en: 'A root cause category is required before closing',
  },
  OFFER_NOT_FOUND: { status: 404, zh: '未找到该方案', en: 'Offer not found' },
  APPROVAL_REQUIRED: {
    status: 409,
    zh: '该方案金额超出您的审批权限，须经审批后才能发出',
    en: 'This offer exceeds your approval limit and must be approved before it is sent',
  },
  APPROVAL_LIMIT_EXCEEDED: {
    status: 403,
    zh: '该金额超出您的审批权限',
    en: 'This amount exceeds your approval limit',
  },
  OFFER_STATE_INVALID: {
    status: 409,
    zh: '方案当前状态不允许该操作',
    en: 'The offer is not in a state that allows this',
  },
  COUNTER_AMOUNT_REQUIRED: {
    status: 422,
    zh: '还价须填写金额或说明',
    en: 'A counter-offer needs an amount or a note',
  },
  PROMISE_NOT_FOUND: { status: 404, zh: '未找到该承诺', en: 'Promise not found' },
  PROMISE_ALREADY_SETTLED: {
    status: 409,
    zh: '该承诺已标记为兑现或未兑现',
    en: 'This promise has already been marked kept or broken',
  },
  OPEN_PROMISES: {
    status: 409,
    zh: '仍有未兑现的承诺，不能结案',
    en: 'The case has open promises and cannot be closed',
  },
  OWNER_NOT_MEMBER: {
    status: 409,
    zh: '承诺负责人不属于处理该投诉的组织',
    en: 'The promise owner is not a member of an organisation handling this case',
  },
  FOLLOW_UP_NOT_DUE: {
    status: 409,
    zh: '当前没有待回访的记录',
    en: 'There is no follow-up waiting for an answer',
  },
  ESCALATION_NOT_FOUND: { status: 404, zh: '未找到该升级记录', en: 'Escalation not found' },
  FORWARD_NOT_ALLOWED: {
    status: 409,
    zh: '只有平台可将投诉转交被投诉方，且同一时间只能有一次转交',
    en: 'Only the platform can forward a case to the respondent, one forward at a time',
  },
  FORWARD_NOT_FOUND: { status: 404, zh: '该投诉没有进行中的转交', en: 'The case has no open forward' },
  NOT_THE_RESPONDENT: {
    status: 403,
    zh: '只有被投诉方可以答复转交',
    en: 'Only the respondent may reply to the forward',
  },
  RULING_NOT_DUE: {
    status: 409,
    zh: '被投诉方答复期限未到且双方未发生争议，平台暂不能裁决',
    en: 'The platform rules only after the reply deadline or when the parties disagree',
  },
  FLAGGED_COMPLAINANT_ADMIN_ONLY: {
    status: 403,
    zh: '投诉人已被标记为恶意投诉，向其赔付须由管理员审批',
    en: 'The complainant is flagged as malicious; compensation needs an admin’s approval',
  },
  CONTACT_REQUIRED: {
    status: 409,
    zh: '投诉人没有电话或邮箱，无法标记',
    en: 'The complainant has no phone or e-mail to flag',
  },
  PLATFORM_ONLY: { status: 403, zh: '仅平台可执行该操作', en: 'Only the platform may do this' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;
