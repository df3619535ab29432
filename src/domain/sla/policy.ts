/** SLA vocabulary, presets and policy matching. Pure: see docs/sla-and-webhooks.md for the user's view. */
export const slaTargets = ['acceptance', 'first_response', 'respondent_reply', 'resolution'] as const;
export type SlaTarget = (typeof slaTargets)[number];

export const slaUnits = ['working_minutes', 'working_hours', 'working_days', 'calendar_hours'] as const;
export type SlaUnit = (typeof slaUnits)[number];

export const breachActions = ['notify_supervisor', 'raise_severity', 'escalate'] as const;
export type BreachAction = (typeof breachActions)[number];

export interface TargetSpec {
  amount: number;
  unit: SlaUnit;
}

export interface PolicyMatch {
  kind: string | null;
  channel: string | null;
  severity: number | null;
  respondentTenantId: string | null;
}

export interface SlaPolicy {
  id: string;
  name: string;
  match: PolicyMatch;
  priority: number;
  targets: Partial<Record<SlaTarget, TargetSpec>>;
  onBreach: BreachAction[];
  createdAt: Date;
}

export interface CaseFacts {
  kind: string;
  channel: string;
  severity: number;
  respondentTenantId: string;
}

/**
 * The policy for a case: every criterion a policy sets must equal the case's; among those, the most specific
 * (most criteria set) wins, then the higher priority, then the older policy (stable when two tie).
 */
export function pickPolicy<P extends SlaPolicy>(policies: readonly P[], c: CaseFacts): P | null {
  const matching = policies.filter(
    (p) =>
      (p.match.kind === null || p.match.kind === c.kind) &&
      (p.match.channel === null || p.match.channel === c.channel) &&
      (p.match.severity === null || p.match.severity === c.severity) &&
      (p.match.respondentTenantId === null || p.match.respondentTenantId === c.respondentTenantId),
  );
  const specificity = (p: SlaPolicy) => Object.values(p.match).filter((v) => v !== null).length;
  matching.sort(
    (a, b) =>
      specificity(b) - specificity(a) || b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime(),
  );
  return matching[0] ?? null;
}

export interface SlaPreset {
  key: string;
  nameZh: string;
  nameEn: string;
  targets: Partial<Record<SlaTarget, TargetSpec>>;
  source: string;
}

/** Clocks that outside bodies and platforms keep; a tenant applies one as a policy and may change it. */
export const slaPresets: readonly SlaPreset[] = [
  {
    key: 'platform_merchant_reply_48h',
    nameZh: '平台转商家：48 小时内回复',
    nameEn: 'Platform to merchant: reply within 48 hours',
    targets: { respondent_reply: { amount: 48, unit: 'calendar_hours' } },
    source: '常见平台规则：商家须在 48 小时内回复平台转交的投诉 (a common platform rule; tenant policy, not law)',
  },
  {
    key: 'regulator_12315_acceptance_7wd',
    nameZh: '12315：7 个工作日内作出是否受理的决定',
    nameEn: '12315: decide whether to accept within 7 working days',
    targets: { acceptance: { amount: 7, unit: 'working_days' } },
    source: '《市场监督管理投诉举报处理暂行办法》第十四条：自收到投诉之日起七个工作日内作出受理或者不予受理的决定',
  },
  {
    key: 'online_dispute_resolution_10wd',
    nameZh: '在线纠纷处理：10 个工作日内办结',
    nameEn: 'Online dispute resolution: resolve within 10 working days',
    targets: { resolution: { amount: 10, unit: 'working_days' } },
    source: '全国 12315 平台在线消费纠纷解决（ODR）企业承诺：10 个工作日内处理完毕',
  },
];
