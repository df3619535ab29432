import { normalise } from './normalise.ts';
import { cutRaw, tokenize } from './segment.ts';
import { lexiconPolarity } from './sentiment-lexicon.ts';

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
  /** words after a turn (但是/可是/不过/…) are emitted again as ">word": the verdict usually follows the turn */
  contrast?: boolean;
  /** words of the last clause are emitted again as "$word" */
  lastClause?: boolean;
  /** the word after a degree adverb (很/太/非常/超/…) is emitted again as "+word" */
  degree?: boolean;
  /**
   * class features from the hand-written lexicon (src/text/sentiment-lexicon.ts): "L+1", "L+2", "L+3" for the
   * first, second, third praise word (blame: "L-…"), polarity flipped inside a negation scope ("L!+" marks the
   * negated ones), again as ">L±" after a turn and "$L±" in the last clause, and the net sign "Lnet±/0"
   */
  lexicon?: boolean;
  /** with lexicon: only the class features, not the words (a second, lexicon-only model) */
  lexiconOnly?: boolean;
}

const TURNS = new Set(['但是', '可是', '不过', '只是', '然而', '但', '可', '却', '就是', '可惜', '然而']);
const DEGREE = new Set([
  '很',
  '太',
  '非常',
  '超',
  '特别',
  '十分',
  '挺',
  '比较',
  '真',
  '相当',
  '极',
  '最',
  '超级',
  '蛮',
  '好',
  '更',
  '太过',
]);

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
  let turned = false;
  let degree = false;
  // index where the last clause with a word starts
  let lastStart = 0;
  if (o.lastClause || o.lexicon)
    for (let i = tokens.length - 1; i >= 0; i--) {
      if (tokens[i] === BOUNDARY && i < tokens.length - 1) {
        lastStart = i + 1;
        break;
      }
    }
  const lex = { pos: 0, neg: 0 };
  const flushChars = () => {
    for (const run of clause.match(/\p{Script=Han}+/gu) ?? [])
      for (const n of o.chars) for (let i = 0; i + n <= run.length; i++) out.push(`c:${run.slice(i, i + n)}`);
    clause = '';
  };
  const words = o.words && !o.lexiconOnly;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t === BOUNDARY) {
      neg = 0;
      prev = null;
      degree = false;
      if (o.chars.length) flushChars();
      continue;
    }
    if (o.chars.length) clause += t;
    const w = neg > 0 ? `!${t}` : t;
    if (words) out.push(w);
    if (o.wordBigrams && !o.lexiconOnly && prev) out.push(`${prev}_${t}`);
    if (o.contrast && turned && !o.lexiconOnly) out.push(`>${w}`);
    if (o.lastClause && i >= lastStart && !o.lexiconOnly) out.push(`$${w}`);
    if (o.degree && degree && !o.lexiconOnly) out.push(`+${w}`);
    if (o.lexicon) {
      const p0 = lexiconPolarity(t);
      if (p0) {
        const p = neg > 0 ? -p0 : p0;
        const s = p > 0 ? '+' : '-';
        const k = p > 0 ? ++lex.pos : ++lex.neg;
        if (k <= 3) out.push(`L${s}${k}`);
        if (neg > 0) out.push(`L!${p0 > 0 ? '+' : '-'}`);
        if (turned) out.push(`>L${s}`);
        if (i >= lastStart) out.push(`$L${s}`);
      }
    }
    if (TURNS.has(t)) turned = true;
    degree = DEGREE.has(t);
    neg = NEGATION_WORDS.has(t) ? o.negationScope : Math.max(0, neg - 1);
    prev = t;
  }
  if (o.chars.length) flushChars();
  if (o.lexicon) out.push(lex.pos > lex.neg ? 'Lnet+' : lex.pos < lex.neg ? 'Lnet-' : 'Lnet0');
  return out;
}
