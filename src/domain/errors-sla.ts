// Shape of errors.ts's ErrorEntry, written out so this file does not import errors.ts (no import cycle).
type ErrorEntry = { status: number; zh: string; en: string };

export const slaErrors = {
  SLA_POLICY_NOT_FOUND: { status: 404, zh: '未找到该时效规则', en: 'SLA policy not found' },
  SLA_PRESET_NOT_FOUND: { status: 404, zh: '未找到该时效预设', en: 'SLA preset not found' },
  SLA_TARGETS_REQUIRED: {
    status: 422,
    zh: '时效规则至少需要一个目标（或选择一个预设）',
    en: 'A policy needs at least one target (or a preset)',
  },
  SLA_HOURS_INVALID: {
    status: 422,
    zh: '工作时间无效：上班须早于下班，午休须在工作时间内',
    en: 'Business hours are not valid: start before end, lunch inside the hours',
  },
  NOTIFICATION_NOT_FOUND: { status: 404, zh: '未找到该通知', en: 'Notification not found' },
  WEBHOOK_ENDPOINT_NOT_FOUND: { status: 404, zh: '未找到该 Webhook 地址', en: 'Webhook endpoint not found' },
  WEBHOOK_DELIVERY_NOT_FOUND: { status: 404, zh: '未找到该推送记录', en: 'Webhook delivery not found' },
} as const satisfies Record<string, ErrorEntry>;
