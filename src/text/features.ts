import { normalise } from './normalise.ts';
import { tokenize } from './segment.ts';

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

const NEGATIONS = new Set(['不', '没', '没有', '别', '无', '未', '不是', '不太', '不够', '不会']);

/**
 * Features for sentiment: words (stop words kept: 太, 很 matter here) and word bigrams, so 不/好 becomes the
 * feature "不_好" and negation is not lost; a negation also marks the next word ("!好").
 */
export function sentimentFeatures(text: string): string[] {
  const words = tokenize(text, true);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const prev = words[i - 1];
    out.push(prev && NEGATIONS.has(prev) ? `!${w}` : w);
    if (prev) out.push(`${prev}_${w}`);
  }
  return out;
}

/** Strips the feature prefix for display: "w:假货" → "假货", "b:假的" → "假的". */
export const featureLabel = (f: string) => f.replace(/^[wb]:/, '');
