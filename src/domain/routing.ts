/**
 * Routing rules: which department and first responsible person get a new case. Rules are tried in ascending
 * `priority` (unique per tenant, so the order is total); the first rule whose every set criterion matches wins.
 * A rule with no criteria is a catch-all.
 */
export interface RoutingRule {
  id: string;
  priority: number;
  category: string | null;
  kind: string | null;
  channel: string | null;
  respondentTenantId: string | null;
  severity: number | null;
  departmentId: string;
  assigneeId: string | null;
}

export interface RoutingFacts {
  category: string | null;
  kind: string;
  channel: string;
  respondentTenantId: string;
  severity: number;
}

export function ruleMatches(r: RoutingRule, f: RoutingFacts): boolean {
  return (
    (r.category === null || r.category === f.category) &&
    (r.kind === null || r.kind === f.kind) &&
    (r.channel === null || r.channel === f.channel) &&
    (r.respondentTenantId === null || r.respondentTenantId === f.respondentTenantId) &&
    (r.severity === null || r.severity === f.severity)
  );
}

export function pickRoute(rules: readonly RoutingRule[], f: RoutingFacts): RoutingRule | null {
  return [...rules].sort((a, b) => a.priority - b.priority).find((r) => ruleMatches(r, f)) ?? null;
}
