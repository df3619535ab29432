import { normalise } from './normalise.ts';
import { cutRaw, tokenize } from './segment.ts';

/**
 * Features for the category model: jieba words plus character bigrams of the Chinese runs. Bigrams let a
 * small hand-labelled set generalise past segmentation quirks (jieba cuts 是假的 into 是/假/的, but 假的 is a
 * bigram); words carry the domain dictionary's whole terms (七天无理由, 12315).
 */
export function categoryFeatures(text: string): string[] {
  const words = tokenize(text);
  const out = words.map((w) => `w:${w}`);
  for (const run of normalise(text).text.match(/\p{Script=Han}{2,}/gu) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(`b:${run.slice(i, i + 2)}`);
  }
  return out;
}

const NEGATIONS = ['不', '没', '没有', '别', '无', '未', '不是', '不太', '不够', '不会'];

/** Strips the feature prefix for display: "w:假货" → "假货", "b:假的" → "假的". */
export const featureLabel = (f: string) => f.replace(/^[wb]:/, '');

const BOUNDARY = '|';
const NEGATION_WORDS = new Set([
  ...NEGATIONS,
  '并不',
  '从不',
  '毫不',
  '并没有',
  '没什么',
  '不怎么',
  '一点也不',
  '一点都不',
]);

/**
 * The tokens sentiment features are built from: jieba words of the normalised text, lower-cased, stop words
 * kept, with "|" where punctuation ended a clause (negation scope and character n-grams stop there).
 */
export function sentimentTokens(raw: string): string[] {
  const out: string[] = [];
  for (const w of cutRaw(normalise(raw).text)) {
    const t = w.trim().toLowerCase();
    if (!t) continue;
    if (!/[\p{L}\p{N}]/u.test(t)) {
      if (out.length && out[out.length - 1] !== BOUNDARY) out.push(BOUNDARY);
      continue;
    }
    out.push(t);
  }
  return out;
}

export interface SentimentFeatureOptions {
  words: boolean;
  wordBigrams: boolean;
  /** how many words after a negation are marked "!word" (0 = none; large = to the end of the clause) */
  negationScope: number;
  /** character n-gram lengths over each clause's Chinese characters, e.g. [1, 2, 3] */
  chars: number[];
}

/** What the shipped sentiment model reads (chosen on validation categories, docs/model-card.md). */
export const SENTIMENT_FEATURES: SentimentFeatureOptions = {
  words: true,
  wordBigrams: true,
  negationScope: 99,
  chars: [],
};

/**
 * Features for sentiment: words (stop words kept: 太, 很 matter here), word bigrams within a clause (不_好), and
 * negation scope: every word after 不/没/… up to the end of the clause is marked "!word".
 */
export function sentimentFeatures(text: string, o: SentimentFeatureOptions = SENTIMENT_FEATURES): string[] {
  return sentimentFeaturesFromTokens(sentimentTokens(text), o);
}

export function sentimentFeaturesFromTokens(tokens: string[], o: SentimentFeatureOptions): string[] {
  const out: string[] = [];
  let neg = 0;
  let prev: string | null = null;
  let clause = '';
  const flushChars = () => {
    for (const run of clause.match(/\p{Script=Han}+/gu) ?? [])
      for (const n of o.chars) for (let i = 0; i + n <= run.length; i++) out.push(`c:${run.slice(i, i + n)}`);
    clause = '';
  };
  for (const t of tokens) {
    if (t === BOUNDARY) {
      neg = 0;
      prev = null;
      if (o.chars.length) flushChars();
      continue;
    }
    if (o.chars.length) clause += t;
    if (o.words) out.push(neg > 0 ? `!${t}` : t);
    if (o.wordBigrams && prev) out.push(`${prev}_${t}`);
    neg = NEGATION_WORDS.has(t) ? o.negationScope : Math.max(0, neg - 1);
    prev = t;
  }
  if (o.chars.length) flushChars();
  return out;
}
