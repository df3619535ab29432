import { digitsOnly, normalise, orderKey } from './normalise.ts';
import { lexeme } from './search-doc.ts';
import { pieces, tokenize } from './segment.ts';

/**
 * A search box query in Chinese: words are segmented with jieba and all must match; "quoted text" must match as
 * a phrase (adjacent tokens); a trailing * makes the last word a prefix (退* finds 退款, 退货). The same string may
 * be an order number or a phone number: those are looked up exactly on their normalised keys too.
 */
export interface ParsedQuery {
  /** to_tsquery('simple', …) input, or null when the query has no searchable word */
  tsquery: string | null;
  /** what snippets highlight: whole words, and stems of prefix terms */
  highlight: { words: string[]; prefixes: string[] };
  orderKey: string | null;
  phoneKey: string | null;
}

const quote = (l: string) => `'${l}'`;

/**
 * A word, or its general-dictionary pieces side by side: 客服态度 → ('客服态度' | '客服' <-> '态度'). Not when a
 * piece is a single character (很差 → 很/差, 七天无理由 → 七天/无/理由): single characters are in a large share of
 * all documents, so checking them as a phrase reads a large part of the GIN index and of the table for the few
 * texts where jieba cut the word differently.
 */
function term(l: string): string {
  const p = pieces(l).map((x) => x.toLowerCase());
  if (p.length < 2 || p.some((x) => [...x].length < 2)) return quote(l);
  return `(${quote(l)} | ${p.map(quote).join(' <-> ')})`;
}

export function parseQuery(q: string): ParsedQuery {
  const text = normalise(q).text;
  const clauses: string[] = [];
  const words: string[] = [];
  const prefixes: string[] = [];
  const rest = text.replace(/"([^"]*)"|“([^”]*)”/g, (_, a: string | undefined, b: string | undefined) => {
    const ls = tokenize(a ?? b ?? '')
      .map(lexeme)
      .filter(Boolean);
    if (ls.length) clauses.push(ls.length > 1 ? `(${ls.map(term).join(' <-> ')})` : term(ls[0] as string));
    words.push(...ls);
    return ' ';
  });
  for (const part of rest.split(/\s+/).filter(Boolean)) {
    const prefix = part.endsWith('*');
    const ls = tokenize(part.replace(/\*+$/, '')).map(lexeme).filter(Boolean);
    if (ls.length === 0) continue;
    ls.forEach((l, i) => {
      const last = i === ls.length - 1;
      if (prefix && last) {
        clauses.push(`${quote(l)}:*`);
        prefixes.push(l);
      } else {
        clauses.push(term(l));
        words.push(l);
      }
    });
  }
  const digits = digitsOnly(text);
  const key = orderKey(text);
  return {
    tsquery: clauses.length ? clauses.join(' & ') : null,
    highlight: { words: [...new Set(words)], prefixes: [...new Set(prefixes)] },
    // Only strings that look like identifiers are tried as keys: at least 6 characters, no Chinese.
    orderKey: key.length >= 6 && !/\p{Script=Han}/u.test(text) ? key : null,
    phoneKey: digits.length >= 7 && /^[\d\s+()-]+$/.test(text) ? digits : null,
  };
}

/**
 * The query for the week-term index (migration 0019), from to_tsquery's own output (`'客服态度' | '客服' <-> '态度'`,
 * so the lexemes are the ones PostgreSQL's parser made of the document): every lexeme as "<week>:<lexeme>", the
 * words of one week together with the week's scope term ("<week>:r:<organisation id>"), any of `weeks`. Phrases
 * become plain AND (the index has no positions; the caller checks doc @@ the real query on the window's rows), so
 * the index answers without rechecking rows. Cast it with ::tsquery, not to_tsquery: the parser would split
 * "2968:假货" in two.
 */
export function weekTsquery(normalised: string, weeks: number[], scope: string): string {
  if (weeks.length === 0) throw new Error('weekTsquery needs at least one week');
  if (!/^[a-z]:[0-9a-f-]+$/.test(scope)) throw new Error(`not a scope term: ${scope}`);
  const loose = normalised.replace(/<\d*-?>/g, '&');
  return weeks
    .map((w) => `('${w}:${scope}' & (${loose.replace(/'((?:[^']|'')*)'/g, (_, l: string) => `'${w}:${l}'`)}))`)
    .join(' | ');
}
