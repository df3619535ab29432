import { lexeme } from './search-doc.ts';
import { tokenize } from './segment.ts';

/** At most this many terms describe a case: enough for its gist, few enough for a short OR query. */
const MAX_TERMS = 24;

/**
 * The words that say what a complaint is about, as search-document lexemes: jieba words without stop words,
 * at least two characters (single characters match too much), digits only when they look like a hotline (12315).
 */
export function similarityTerms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text).map(lexeme)) {
    if ([...t].length < 2) continue;
    if (/^\d+$/.test(t) && t.length !== 5) continue;
    if (!out.includes(t)) out.push(t);
    if (out.length === MAX_TERMS) break;
  }
  return out;
}

/** to_tsquery('simple', …) input matching any of the terms (lexemes hold only letters and digits). */
export const anyTermQuery = (terms: string[]) => terms.map((t) => `'${t}'`).join(' | ');

/** Share of the new case's terms found in the other document, with the shared terms in the new case's order. */
export function overlap(terms: string[], otherLexemes: Iterable<string>): { score: number; shared: string[] } {
  const other = new Set(otherLexemes);
  const shared = terms.filter((t) => other.has(t));
  return { score: terms.length ? Math.round((shared.length / terms.length) * 1000) / 1000 : 0, shared };
}
