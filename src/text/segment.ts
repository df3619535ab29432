import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { domainWords, stopWords } from './dictionary.ts';
import { normalise } from './normalise.ts';

/**
 * One jieba instance per process: loading the 5 MB dictionary takes ~0.3 s, a cut takes microseconds.
 * HMM stays on so unknown shop and brand names still come out as words rather than single characters.
 */
let jieba: Jieba | null = null;
function instance(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(domainWords.join('\n')));
  }
  return jieba;
}

const WORDLIKE = /[\p{L}\p{N}]/u;

/** jieba's cut of already-normalised text, as-is (punctuation and spaces included): for snippets. */
export function cutRaw(normalisedText: string): string[] {
  return instance().cut(normalisedText, true);
}

/** Words of a text: normalised, cut, lower-cased; punctuation dropped; stop words dropped unless `keepStop`. */
export function tokenize(raw: string, keepStop = false): string[] {
  const { text } = normalise(raw);
  const out: string[] = [];
  for (const w of instance().cut(text, true)) {
    const t = w.trim().toLowerCase();
    if (!t || !WORDLIKE.test(t)) continue;
    if (!keepStop && stopWords.has(t)) continue;
    out.push(t);
  }
  return out;
}

/** Search-mode cut (also emits the parts of long words: 七天无理由退货 → 七天, 无理, 理由, 退货, …). */
export function tokenizeForSearch(raw: string): string[] {
  const { text } = normalise(raw);
  const out: string[] = [];
  for (const w of instance().cutForSearch(text, true)) {
    const t = w.trim().toLowerCase();
    if (t && WORDLIKE.test(t) && !stopWords.has(t)) out.push(t);
  }
  return out;
}

/**
 * The pieces the general dictionary alone would cut a word into (客服态度 → 客服/态度). Domain words are kept
 * whole at indexing time, but the same words may sit split in older text or next to another word (客服/态度恶劣),
 * so a query also accepts the pieces as a phrase.
 */
let plain: Jieba | null = null;
export function pieces(word: string): string[] {
  if (!plain) plain = Jieba.withDict(dict);
  return plain.cut(word, false).filter((w) => WORDLIKE.test(w));
}
