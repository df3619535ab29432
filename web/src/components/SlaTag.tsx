import { Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import type { CaseDto } from '../api/client.ts';
import { formatDateTime, formatMinutes } from '../format.ts';
import { type TextKey, useI18n } from '../i18n/index.tsx';
import { currentTarget, type Reading, type SlaLevel, slaLevel } from '../sla.ts';

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
