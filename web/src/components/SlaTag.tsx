import { Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import type { CaseDto } from '../api/client.ts';
import { formatDateTime, formatMinutes } from '../format.ts';
import { type TextKey, useI18n } from '../i18n/index.tsx';

type Reading = {
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
export function currentTarget(c: Pick<CaseDto, 'sla'>): [string, Reading] | null {
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

const colors: Record<SlaLevel, string> = {
  green: 'green',
  amber: 'orange',
  red: 'red',
  paused: 'default',
  met: 'blue',
  none: 'default',
};

/** Ticks once a minute so the countdown moves between fetches (working minutes are approximated by wall time). */
function useMinuteTick(since: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(id);
  }, []);
  return Math.max(0, Math.floor((now - since) / 60_000));
}

export function SlaTag({ c, fetchedAt }: { c: Pick<CaseDto, 'sla' | 'status'>; fetchedAt: number }) {
  const { t, lang } = useI18n();
  const elapsed = useMinuteTick(fetchedAt);
  const cur = currentTarget(c);
  if (!cur) {
    const anyMet = Object.values((c.sla?.targets ?? {}) as Record<string, Reading | undefined>).some((r) => r?.met);
    return <Tag color={anyMet ? 'blue' : 'default'}>{anyMet ? t('sla.met') : t('sla.none')}</Tag>;
  }
  const [target, r] = cur;
  const level = slaLevel(r, r.paused ? 0 : elapsed);
  const left = r.leftMinutes - (r.paused ? 0 : elapsed);
  const label =
    level === 'paused'
      ? t('sla.paused')
      : left < 0
        ? t('sla.late', { t: formatMinutes(-left, lang) })
        : t('sla.left', { t: formatMinutes(left, lang) });
  return (
    <Tooltip title={`${t(`sla.target.${target}` as TextKey)} · ${formatDateTime(r.dueAt)}`}>
      <Tag color={colors[level]} data-sla={level}>
        {t(`sla.target.${target}` as TextKey)} {label}
      </Tag>
    </Tooltip>
  );
}
