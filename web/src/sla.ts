/** SLA clock readings of a case (the API's `sla` field) → the tag colour: pure, unit-tested. */
export type Reading = {
  dueAt: string | null;
  usedMinutes: number;
  leftMinutes: number;
  paused: boolean;
  breached: boolean;
  warned: boolean;
  met: boolean;
};

export type SlaLevel = 'green' | 'amber' | 'red' | 'paused' | 'met' | 'none';

/** The clock that matters now: the running (not met) target due first. */
export function currentTarget(c: { sla?: { targets?: object } | null }): [string, Reading] | null {
  const targets = (c.sla?.targets ?? {}) as Record<string, Reading | undefined>;
  const open = Object.entries(targets).filter((e): e is [string, Reading] => !!e[1] && !e[1].met && !!e[1].dueAt);
  open.sort((a, b) => (a[1].dueAt ?? '').localeCompare(b[1].dueAt ?? ''));
  return open[0] ?? null;
}

/** red: late; amber: 80 % of the time used (or warned); green otherwise. */
export function slaLevel(r: Reading | null, elapsedMin = 0): SlaLevel {
  if (!r) return 'none';
  if (r.met) return 'met';
  if (r.paused) return 'paused';
  const left = r.leftMinutes - elapsedMin;
  if (r.breached || left < 0) return 'red';
  const total = r.usedMinutes + r.leftMinutes;
  if (r.warned || (total > 0 && (r.usedMinutes + elapsedMin) / total >= 0.8)) return 'amber';
  return 'green';
}
