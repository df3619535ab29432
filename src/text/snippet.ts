import { BODY_SEPARATOR } from './search-doc.ts';
import { cutRaw } from './segment.ts';

export interface Snippet {
  text: string;
  /** [start, end) offsets into `text` (JavaScript string indices) of the matched words */
  highlights: [number, number][];
}

/**
 * Snippets are built here rather than with ts_headline: the tsvector holds jieba tokens, not the original
 * text, so PostgreSQL cannot map a lexeme back to where it sits in Chinese prose. We look the query's words up
 * in the stored normalised body (prefix terms through the same segmenter) and keep a window around the first hit.
 */
export function buildSnippet(body: string, match: { words: string[]; prefixes: string[] }, width = 60): Snippet | null {
  for (const part of body.split(BODY_SEPARATOR)) {
    const lower = part.toLowerCase();
    const hits: [number, number][] = [];
    // Whole words by position in the text: a query word may span two of jieba's tokens here (客服/态度恶劣).
    for (const w of match.words) {
      for (let i = lower.indexOf(w); i >= 0; i = lower.indexOf(w, i + w.length)) hits.push([i, i + w.length]);
    }
    // Prefix terms mark the whole token they begin (退* → 退款).
    if (match.prefixes.length) {
      let at = 0;
      for (const tok of cutRaw(part)) {
        const l = tok.toLowerCase();
        if (match.prefixes.some((p) => l.startsWith(p))) hits.push([at, at + tok.length]);
        at += tok.length;
      }
    }
    hits.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
    if (hits.length === 0) continue;
    const first = hits[0] as [number, number];
    const start = Math.max(0, first[0] - Math.floor(width / 3));
    const end = Math.min(part.length, start + width);
    const prefix = start > 0 ? '…' : '';
    const text = `${prefix}${part.slice(start, end)}${end < part.length ? '…' : ''}`;
    const shift = prefix.length - start;
    const highlights = hits
      .filter(([s, e], i) => s >= start && e <= end && (i === 0 || s >= (hits[i - 1] as [number, number])[1]))
      .map(([s, e]) => [s + shift, e + shift] as [number, number]);
    return { text, highlights };
  }
  return null;
}
