/** Dates in Asia/Shanghai whatever the browser's zone; amounts in ¥ from fen. */
const TZ = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

function parts(f: Intl.DateTimeFormat, d: Date) {
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(d)) p[x.type] = x.value;
  return p;
}

/** 2026-11-20 14:05 (Beijing time) */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const p = parts(dateTime, d);
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** 2026-11-20 (Beijing date) */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const p = parts(dateOnly, d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** ¥1,299.00 from 129900 fen */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Minutes as "2天3小时" / "2d 3h" style text. */
export function formatMinutes(min: number, lang: 'zh' | 'en'): string {
  const m = Math.abs(Math.round(min));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const r = m % 60;
  const units = lang === 'zh' ? ['天', '小时', '分钟'] : ['d ', 'h ', 'm'];
  const out: string[] = [];
  if (d) out.push(`${d}${units[0]}`);
  if (h) out.push(`${h}${units[1]}`);
  if (!d && (r || !h)) out.push(`${r}${units[2]}`);
  return out.join('').trim();
}
