import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { categories, channels, expectedResolutions, openStatuses } from '../src/domain/vocabulary.ts';
import type { Orgs } from './queue-seed.ts';

const YEAR_MS = 365 * 86_400_000;

/** Picks from `items` by cumulative weights. */
function picker<T>(items: readonly T[], weights: readonly number[]) {
  const sum = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const cum = weights.map((w) => (acc += w / sum));
  return (r = Math.random()): T => {
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] ?? 1) < r) lo = mid + 1;
      else hi = mid;
    }
    return items[lo] as T;
  };
}

const any = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)] as T;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗'.split('');
const GIVEN = '伟芳娜敏静磊洋艳勇军杰婷强丽涛明超秀霞平'.split('');
const REASONS = [
  '收到的商品有破损，外包装被压坏，要求退货退款。',
  '快递显示已签收但本人并未收到包裹，联系客服一直没有答复。',
  '商品与详情页描述严重不符，颜色和尺码都不对，申请换货。',
  '客服态度恶劣，多次询问退款进度均被敷衍，要求书面道歉。',
  '退款申请提交超过七天仍未到账，商家一直拖延不处理。',
  '疑似假冒品牌商品，做工粗糙且没有防伪标识，要求假一赔三。',
  '下单后商家临时涨价并要求补差价，否则不予发货。',
  '物流停滞五天没有更新，催促商家也没有任何回应。',
];
// 30 % open (the first seven), 70 % finished.
const status = picker(
  [...openStatuses, 'closed', 'resolved', 'rejected', 'withdrawn'] as const,
  [6, 4.5, 2, 9, 6, 1.5, 1, 38.5, 17.5, 8.4, 5.6],
);
const kind = picker(['complaint', 'bad_review', 'inquiry'] as const, [70, 20, 10]);
const channel = picker(channels, [25, 30, 5, 8, 6, 8, 10, 3, 3, 2]);
const category = picker(categories, [18, 15, 10, 14, 12, 6, 5, 5, 5, 10]);
const severity = picker([1, 2, 3, 4], [15, 55, 22, 8]);

const esc = (v: string | number | null) => (v === null ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => `\\${c}`));

const COPY_COLUMNS = `tenant_id, id, case_number, kind, channel, status, respondent_tenant_id, platform_tenant_id,
  ops_tenant_id, complainant_name, complainant_phone, reason, expected_resolution, category, severity, review_rating,
  assignee_id, missing, resolution, root_cause_type, root_cause_text, status_reason, due_at, created_at, updated_at,
  accepted_at, resolved_at, closed_at`;

/** One case row in COPY text format; cases are generated oldest first, spread evenly over two years. */
function caseLine(o: Orgs, merchant: (r?: number) => number, i: number, n: number, end: number): string {
  const m = merchant();
  const created = end - 2 * YEAR_MS + Math.floor(((i + Math.random()) * 2 * YEAR_MS) / n);
  const owner = Math.random() < 0.5 ? 'platform' : o.contracted.has(m) && Math.random() < 0.5 ? 'ops' : 'merchant';
  const tenant = owner === 'platform' ? o.platform : owner === 'ops' ? o.ops : (o.merchants[m] as string);
  const pool = owner === 'platform' ? o.agents.platform : owner === 'ops' ? o.agents.ops : (o.agents.merchant[m] ?? []);
  const st = status();
  const k = kind();
  const done = st === 'closed' || st === 'resolved';
  const withResolution = done && Math.random() < 0.8;
  const closedAt = st === 'closed' ? created + 86_400_000 * (1 + Math.random() * 10) : null;
  const resolvedAt = done ? created + 86_400_000 * (1 + Math.random() * 7) : null;
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  const fields = [
    tenant,
    randomUUID(),
    `KS-${new Date(created).getUTCFullYear()}-${String(i + 1).padStart(7, '0')}`,
    k,
    channel(),
    st,
    o.merchants[m] as string,
    o.platform,
    o.contracted.has(m) ? o.ops : null,
    `${any(SURNAMES)}${any(GIVEN)}${Math.random() < 0.5 ? any(GIVEN) : ''}`,
    `1${3 + Math.floor(Math.random() * 7)}${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`,
    any(REASONS),
    k === 'complaint' ? any(expectedResolutions) : null,
    category(),
    severity(),
    k === 'bad_review' ? 1 + Math.floor(Math.random() * 2) : null,
    st === 'submitted' ? null : any(pool),
    st === 'awaiting_customer' ? '["contact"]' : '[]',
    withResolution ? '已与顾客协商一致，退款已完成。' : null,
    withResolution ? any(['accidental', 'systemic']) : null,
    withResolution ? '仓库打包不规范' : null,
    st === 'closed' && !withResolution
      ? 'NO_CUSTOMER_RESPONSE'
      : st === 'rejected' || st === 'withdrawn'
        ? '顾客撤诉'
        : null,
    iso(created + 3 * 86_400_000),
    iso(created),
    iso(closedAt ?? resolvedAt ?? created),
    st === 'submitted' ? null : iso(created + 3_600_000),
    iso(resolvedAt),
    iso(closedAt),
  ];
  return `${fields.map(esc).join('\t')}\n`;
}

/** Streams `n` generated cases into `cases` with COPY FROM STDIN; returns seconds taken. */
export async function copyCases(client: pg.Client, o: Orgs, n: number): Promise<number> {
  const merchant = picker(
    o.merchants.map((_, i) => i),
    o.weights,
  );
  const end = Date.now();
  const chunk = 2000;
  async function* lines() {
    for (let i = 0; i < n; i += chunk) {
      let s = '';
      for (let j = i; j < Math.min(n, i + chunk); j++) s += caseLine(o, merchant, j, n, end);
      yield s;
    }
  }
  const t0 = performance.now();
  const sink = client.query(copyFrom(`COPY cases (${COPY_COLUMNS}) FROM STDIN`));
  await pipeline(Readable.from(lines()), sink);
  return (performance.now() - t0) / 1000;
}
