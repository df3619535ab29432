import { createRequire } from 'node:module';

/**
 * Text as complainants type it: full-width letters and digits from Chinese IMEs (１２３１５), traditional
 * characters from Hong Kong/Taiwan buyers, emoji, pasted links. Everything downstream (segmentation, the
 * classifier, search) sees one canonical form so 12315 and １２３１５ or 假貨 and 假货 are the same word.
 */
export interface NormalisedText {
  text: string;
  urls: string[];
  emoji: string[];
}

// Traditional (Taiwan/Hong Kong variants included) → mainland simplified, the OpenCC 't' → 'cn' preset.
// Loaded on first use: building the tables costs ~0.2 s, which CLI commands that never read text should not pay.
type Convert = (s: string) => string;
let converter: Convert | null = null;
function toSimplified(s: string): string {
  if (!converter) {
    const OpenCC = createRequire(import.meta.url)('opencc-js/t2cn') as {
      Converter(o: { from: string; to: string }): Convert;
    };
    converter = OpenCC.Converter({ from: 't', to: 'cn' });
  }
  return converter(s);
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s\u3000-\u303f\uff00-\uffef<>"']+/gi;
const EMOJI_RE = /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*/gu;

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space become their half-width forms; CJK punctuation stays. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCodePoint(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

export function normalise(raw: string): NormalisedText {
  const urls: string[] = [];
  const emoji: string[] = [];
  let s = toHalfWidth(raw.normalize('NFC'));
  // Links are kept aside (evidence, shop pages) and replaced by a marker token so they neither pollute the
  // vocabulary nor vanish: a complaint that carries a link is a feature the classifier may use.
  s = s.replace(URL_RE, (u) => {
    urls.push(u);
    return ' 〔链接〕 ';
  });
  s = s.replace(EMOJI_RE, (e) => {
    emoji.push(e);
    return ' ';
  });
  s = toSimplified(s);
  s = s.replace(/[\t\r\n ]+/g, ' ').trim();
  return { text: s, urls, emoji };
}

/** Digits only: how order numbers and phone numbers are compared (DD-2026 0001 ≡ DD20260001 ≡ 20260001). */
export function digitsOnly(s: string): string {
  return toHalfWidth(s).replace(/\D+/g, '');
}

/** Order numbers keep letters (upper-cased) and digits; separators and spaces go. */
export function orderKey(s: string): string {
  return toHalfWidth(s)
    .toUpperCase()
    .replace(/[^0-9A-Z]+/g, '');
}
