import type { ImportRowReason } from './errors-import.ts';
import type { Channel, ExpectedResolution, OrderState } from './vocabulary.ts';

/** A cell as a reader hands it over: text from CSV; text, number, boolean or Date from XLSX. */
export type Cell = string | number | boolean | Date | null | undefined;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: ImportRowReason };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: ImportRowReason): Parsed<T> => ({ ok: false, reason });

/** NFKC folds full-width digits and signs (１２３, ￥); ASCII needs none of it, and most cells are ASCII. */
const fold = (s: string) => (/[^\x20-\x7e]/.test(s) ? s.normalize('NFKC') : s);

export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString();
  return String(c).trim();
}

/** "¥1,299.00", "1299", "12.5元", 1299 (XLSX number) → fen, exactly (no floating-point rounding of 0.1 + 0.2). */
export function parseYuanToFen(c: Cell): Parsed<number> {
  const raw = typeof c === 'number' ? c.toFixed(2) : cellText(c);
  const s = fold(raw).replace(/[¥￥,\s]|元|RMB|CNY/giu, '');
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return bad('BAD_AMOUNT');
  return ok(Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')));
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * Times in Chinese exports are Beijing wall-clock time without a zone: "2026-11-20 14:03:22", "2026/11/20",
 * "2026年11月20日 14时03分". An XLSX date cell arrives as a Date whose UTC fields are that wall-clock time;
 * a plain number is an Excel serial day. A time with an explicit zone (ISO 8601) is taken as written.
 */
export function parseChinaTime(c: Cell): Parsed<Date | null> {
  if (c === null || c === undefined || c === '') return ok(null);
  if (c instanceof Date) {
    return Number.isNaN(c.getTime()) ? bad('BAD_DATE') : ok(new Date(c.getTime() - SHANGHAI_OFFSET_MS));
  }
  if (typeof c === 'number') {
    if (c < 20_000 || c > 80_000) return bad('BAD_DATE');
    return ok(new Date(Math.round((c - 25_569) * 86_400_000) - SHANGHAI_OFFSET_MS));
  }
  const s = fold(cellText(c));
  if (!s) return ok(null);
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? bad('BAD_DATE') : ok(d);
  }
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?)?分?)?$/.exec(s);
  if (!m) return bad('BAD_DATE');
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  const back = new Date(utc);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23)
    return bad('BAD_DATE');
  return ok(new Date(utc - SHANGHAI_OFFSET_MS));
}

/** Order states as the big platforms' seller centres write them. */
const orderStateWords: Record<string, OrderState> = {
  待付款: 'placed',
  等待买家付款: 'placed',
  未付款: 'placed',
  已下单: 'placed',
  已付款: 'paid',
  买家已付款: 'paid',
  待发货: 'paid',
  等待卖家发货: 'paid',
  已发货: 'shipped',
  卖家已发货: 'shipped',
  待收货: 'shipped',
  等待买家确认收货: 'shipped',
  运输中: 'shipped',
  已签收: 'delivered',
  已收货: 'delivered',
  已送达: 'delivered',
  已完成: 'completed',
  交易成功: 'completed',
  交易完成: 'completed',
  已确认收货: 'completed',
  退款中: 'refunding',
  售后中: 'refunding',
  退款处理中: 'refunding',
  已退款: 'refunded',
  退款成功: 'refunded',
  退款完成: 'refunded',
  退款失败: 'refund_failed',
  已关闭: 'closed',
  交易关闭: 'closed',
  已取消: 'closed',
};

export function parseOrderState(c: Cell): Parsed<OrderState> {
  const s = fold(cellText(c)).replace(/\s/g, '');
  const english = s.toLowerCase();
  const known = orderStateWords[s] ?? (Object.values(orderStateWords).includes(english as OrderState) ? english : null);
  return known ? ok(known as OrderState) : bad(s ? 'BAD_STATE' : 'REQUIRED');
}

const chineseDigits: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };

/** "2", "2星", "★★", "二星", 4.0, "差评" (1), "中评" (3), "好评" (5); empty → no rating. */
export function parseRating(c: Cell): Parsed<number | null> {
  const s = fold(cellText(c)).replace(/\s/g, '');
  if (!s) return ok(null);
  if (/^★+☆*$/.test(s)) return s.replace(/☆/g, '').length <= 5 ? ok(s.replace(/☆/g, '').length) : bad('BAD_RATING');
  const word = { 差评: 1, 中评: 3, 好评: 5 }[s];
  if (word) return ok(word);
  const m = /^([1-5])(?:\.0+)?(?:星|分)?$/.exec(s) ?? /^([一二两三四五])星$/.exec(s);
  if (!m?.[1]) return bad('BAD_RATING');
  return ok(chineseDigits[m[1]] ?? Number(m[1]));
}

const yes = ['是', '已修改', '已改评', '已追评', '修改', 'y', 'yes', 'true', '1', '√', '✓'];
const no = ['否', '未修改', '未改评', '无', '没有', 'n', 'no', 'false', '0', '-', '—'];

/**
 * 是否修改 / 追评: a yes/no word, or (in a 追评 column) the follow-up text itself, which counts as revised.
 * An empty cell means not revised.
 */
export function parseRevised(c: Cell): Parsed<boolean> {
  if (typeof c === 'boolean') return ok(c);
  const s = fold(cellText(c)).toLowerCase();
  if (!s || no.includes(s)) return ok(false);
  return ok(yes.includes(s) || s.length > 1);
}

export function parseQuantity(c: Cell): Parsed<number> {
  const s = cellText(c);
  if (!s) return ok(1);
  const n = Number(s);
  return Number.isInteger(n) && n > 0 && n < 1_000_000 ? ok(n) : bad('BAD_QUANTITY');
}

/** Mainland mobile and landline numbers as exports write them: "138-1234-5678", "+86 138…", "010-12345678". */
export function parsePhone(c: Cell): Parsed<string | null> {
  const s = fold(cellText(c)).replace(/\s/g, '');
  if (!s) return ok(null);
  const mobile = /^(?:\+?86)?(1\d{10})$/.exec(s.replace(/[-()]/g, ''));
  if (mobile?.[1]) return ok(mobile[1]);
  return /^[+0-9][0-9()-]{2,31}$/.test(s) ? ok(s) : bad('BAD_PHONE');
}

const resolutionWords: Record<string, ExpectedResolution> = {
  退款: 'refund',
  仅退款: 'refund',
  退货退款: 'return_refund',
  退货: 'return_refund',
  换货: 'exchange',
  补发: 'reshipment',
  重新发货: 'reshipment',
  赔偿: 'compensation',
  补偿: 'compensation',
  道歉: 'apology',
  赔礼道歉: 'apology',
  其他: 'other',
};

export function parseExpectedResolution(c: Cell): Parsed<ExpectedResolution | null> {
  const s = fold(cellText(c)).replace(/\s/g, '');
  if (!s) return ok(null);
  const r = resolutionWords[s] ?? (Object.values(resolutionWords).includes(s as ExpectedResolution) ? s : null);
  return r ? ok(r as ExpectedResolution) : bad('BAD_CHOICE');
}

const channelWords: Record<string, Channel> = {
  电话: 'hotline',
  热线: 'hotline',
  客服热线: 'hotline',
  在线客服: 'im',
  旺旺: 'im',
  咚咚: 'im',
  聊天: 'im',
  邮件: 'email',
  邮箱: 'email',
  微博: 'social_post',
  小红书: 'social_post',
  私信: 'social_dm',
  网页: 'web_form',
  表单: 'web_form',
  评价: 'review',
  论坛: 'forum',
  其他: 'other',
};

export function parseChannel(c: Cell): Parsed<Channel> {
  const s = fold(cellText(c)).replace(/\s/g, '');
  if (!s) return ok('other');
  const r = channelWords[s] ?? (Object.values(channelWords).includes(s as Channel) ? s : null);
  return r ? ok(r as Channel) : bad('BAD_CHOICE');
}
