/** Notification texts, Chinese first; e-mails carry both languages. Keys are notification kinds. */
export type NotificationKind = 'sla.warning' | 'sla.breached' | 'sla.escalated';
export type Locale = 'zh-CN' | 'en';

export interface NotificationData {
  caseNumber: string;
  target: string;
  dueAt: string | null;
  action?: string;
}

const targetNames: Record<string, Record<Locale, string>> = {
  acceptance: { 'zh-CN': '受理决定', en: 'acceptance decision' },
  first_response: { 'zh-CN': '首次响应', en: 'first response' },
  respondent_reply: { 'zh-CN': '被投诉方回复', en: 'respondent reply' },
  resolution: { 'zh-CN': '处理完毕', en: 'resolution' },
};

/** Due times shown in China Standard Time, the time people in the product work in. */
function local(iso: string | null, locale: Locale) {
  if (!iso) return locale === 'zh-CN' ? '（暂停中）' : '(paused)';
  const t = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)} (UTC+8)`;
}

const templates: Record<
  NotificationKind,
  Record<Locale, (d: NotificationData) => { subject: string; text: string }>
> = {
  'sla.warning': {
    'zh-CN': (d) => ({
      subject: `【时效预警】投诉 ${d.caseNumber} 的${targetNames[d.target]?.['zh-CN'] ?? d.target}即将超时`,
      text: `投诉 ${d.caseNumber} 的${targetNames[d.target]?.['zh-CN'] ?? d.target}已用去 80% 的时限，截止时间 ${local(d.dueAt, 'zh-CN')}。请尽快处理。`,
    }),
    en: (d) => ({
      subject: `[SLA warning] Case ${d.caseNumber}: ${targetNames[d.target]?.en ?? d.target} due soon`,
      text: `80% of the time for the ${targetNames[d.target]?.en ?? d.target} of case ${d.caseNumber} is used; it is due ${local(d.dueAt, 'en')}.`,
    }),
  },
  'sla.breached': {
    'zh-CN': (d) => ({
      subject: `【已超时】投诉 ${d.caseNumber} 的${targetNames[d.target]?.['zh-CN'] ?? d.target}已超时`,
      text: `投诉 ${d.caseNumber} 的${targetNames[d.target]?.['zh-CN'] ?? d.target}已于 ${local(d.dueAt, 'zh-CN')} 超时，已按时效规则升级处理。`,
    }),
    en: (d) => ({
      subject: `[SLA breached] Case ${d.caseNumber}: ${targetNames[d.target]?.en ?? d.target} overdue`,
      text: `The ${targetNames[d.target]?.en ?? d.target} of case ${d.caseNumber} was due ${local(d.dueAt, 'en')} and is overdue; it was escalated per the SLA policy.`,
    }),
  },
  'sla.escalated': {
    'zh-CN': (d) => ({
      subject: `【已升级】投诉 ${d.caseNumber} 因超时被升级`,
      text: `投诉 ${d.caseNumber} 因${targetNames[d.target]?.['zh-CN'] ?? d.target}超时，已自动升级。`,
    }),
    en: (d) => ({
      subject: `[Escalated] Case ${d.caseNumber} escalated after an SLA breach`,
      text: `Case ${d.caseNumber} was escalated automatically because its ${targetNames[d.target]?.en ?? d.target} is overdue.`,
    }),
  },
};

export function render(kind: NotificationKind, data: NotificationData, locale: Locale) {
  return templates[kind][locale](data);
}

/** The e-mail: Chinese subject, Chinese text then English. */
export function renderMail(kind: NotificationKind, data: NotificationData) {
  const zh = render(kind, data, 'zh-CN');
  const en = render(kind, data, 'en');
  return { subject: `${zh.subject} / ${en.subject}`, text: `${zh.text}\n\n${en.text}\n\n— Kesu 客诉` };
}
