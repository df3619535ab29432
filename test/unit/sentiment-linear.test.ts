import { describe, expect, it } from 'vitest';
import { hashFeature, scoreFastText, trainFastText } from '../../src/text/fasttext.ts';
import { sentimentFeatures, sentimentFeaturesFromTokens, sentimentTokens } from '../../src/text/features.ts';
import { predictLinear, trainLinear } from '../../src/text/linear.ts';
import { lexiconPolarity, NEGATIVE_WORDS, POSITIVE_WORDS } from '../../src/text/sentiment-lexicon.ts';

const toy = [
  ['质量很好，很喜欢', 1],
  ['物流快，很满意', 1],
  ['好用，推荐购买', 1],
  ['非常好，下次还来', 1],
  ['质量太差，不喜欢', 0],
  ['物流慢，很失望', 0],
  ['不好用，不推荐', 0],
  ['很差，再也不来了', 0],
] as const;
const samples = toy.map(([t, y]) => ({ y, features: sentimentFeatures(t) }));

describe('sentiment features', () => {
  it('marks every word after a negation up to the end of the clause, and no further', () => {
    const f = sentimentFeatures('一点也不干净卫生，服务好');
    expect(f).toContain('!干净');
    expect(f).toContain('!卫生');
    expect(f).toContain('服务');
    expect(f).not.toContain('!服务');
  });

  it('keeps word bigrams and character n-grams inside a clause', () => {
    const tokens = sentimentTokens('不好，很好');
    expect(tokens).toEqual(['不好', '|', '很', '好']);
    const f = sentimentFeaturesFromTokens(tokens, { words: true, wordBigrams: true, negationScope: 1, chars: [2] });
    expect(f).toEqual(expect.arrayContaining(['很_好', 'c:不好', 'c:很好']));
    expect(f).not.toContain('不好_很');
    expect(f).not.toContain('c:好很');
  });
});

describe('second-round sentiment features (contrast, last clause, degree, lexicon)', () => {
  const o = { words: true, wordBigrams: false, negationScope: 99, chars: [] };
  const tokens = sentimentTokens('外观好看，但是质量非常差');

  it('marks the words after a turn, and only those', () => {
    const f = sentimentFeaturesFromTokens(tokens, { ...o, contrast: true });
    expect(f).toEqual(expect.arrayContaining(['>质量', '>差']));
    expect(f).not.toContain('>好看');
    expect(f).not.toContain('>但是');
  });

  it('marks the last clause and the word after a degree adverb', () => {
    const f = sentimentFeaturesFromTokens(tokens, { ...o, lastClause: true, degree: true });
    expect(f).toEqual(expect.arrayContaining(['$质量', '$差', '+差']));
    expect(f).not.toContain('$好看');
    expect(f).not.toContain('+质量');
  });

  it('adds lexicon class features, counted, flipped by negation, marked after the turn', () => {
    const f = sentimentFeaturesFromTokens(tokens, { ...o, lexicon: true });
    expect(f).toEqual(expect.arrayContaining(['L+1', 'L-1', '>L-', '$L-', 'Lnet0']));
    expect(f).not.toContain('>L+');
    const negated = sentimentFeaturesFromTokens(sentimentTokens('一点也不干净'), { ...o, lexicon: true });
    expect(negated).toEqual(expect.arrayContaining(['L-1', 'L!+', 'Lnet-']));
    expect(negated).not.toContain('L+1');
    const only = sentimentFeaturesFromTokens(tokens, { ...o, lexicon: true, lexiconOnly: true });
    expect(only.every((x) => x.startsWith('L') || x.startsWith('>L') || x.startsWith('$L'))).toBe(true);
  });

  it('leaves the shipped feature set unchanged when the new options are off', () => {
    expect(sentimentFeaturesFromTokens(tokens, o)).toEqual(['外观', '好看', '但是', '质量', '非常', '差']);
  });

  it('keeps the lexicon free of contradictions and of the words it was meant to leave out', () => {
    const pos = new Set(POSITIVE_WORDS);
    expect(NEGATIVE_WORDS.filter((w) => pos.has(w))).toEqual([]);
    for (const w of ['房间', '隔音', '早餐', '屏幕', '电池']) expect(lexiconPolarity(w)).toBe(0);
    expect(lexiconPolarity('满意')).toBe(1);
    expect(lexiconPolarity('失望')).toBe(-1);
  });
});

describe('logistic regression trainer', () => {
  const opts = { version: 't', labels: ['negative', 'positive'] as [string, string], minDocs: 1, epochs: 20 };

  it('is deterministic: the same samples give the same weights', () => {
    expect(trainLinear(samples, { ...opts, nbRatio: true })).toEqual(trainLinear(samples, { ...opts, nbRatio: true }));
  });

  it.each([false, true])('learns the toy set and explains itself (NB scaling %s)', (nbRatio) => {
    const m = trainLinear(samples, { ...opts, nbRatio });
    for (const [t, y] of toy) expect(predictLinear(m, sentimentFeatures(t)).label).toBe(opts.labels[y]);
    const p = predictLinear(m, sentimentFeatures('很失望，质量太差'));
    expect(p.label).toBe('negative');
    expect(p.confidence).toBeGreaterThan(0.5);
    expect(p.p1).toBeLessThan(0.5);
    expect(p.evidence.length).toBeGreaterThan(0);
    expect(p.evidence.every((e) => e.weight > 0)).toBe(true);
  });

  it('gives a text with no known feature the prior only', () => {
    const m = trainLinear(samples, opts);
    expect(predictLinear(m, ['从未见过的词']).p1).toBeCloseTo(1 / (1 + Math.exp(-m.bias)), 2);
    expect(predictLinear(m, ['从未见过的词']).evidence).toEqual([]);
  });

  it('feature dropout is seeded, and spares the protected prefixes', () => {
    const d = { ...opts, nbRatio: true, dropout: 0.5, dropoutKeep: ['L'] };
    expect(trainLinear(samples, d)).toEqual(trainLinear(samples, d));
    expect(trainLinear(samples, d).weights).not.toEqual(trainLinear(samples, { ...opts, nbRatio: true }).weights);
    // with every other feature dropped, only the protected one is learned from
    const s = [
      { y: 1, features: ['Lx', 'a'] },
      { y: 0, features: ['b'] },
    ];
    const m = trainLinear(s, { ...opts, dropout: 0.999999, dropoutKeep: ['L'] });
    expect(m.weights.Lx as number).toBeGreaterThan(0);
    expect(Math.abs(m.weights.a ?? 0)).toBeLessThan(Math.abs(m.weights.Lx as number));
  });

  it('weighs samples: a heavy sample pulls its features harder', () => {
    const s = [
      { y: 1, features: ['a', 'x'] },
      { y: 0, features: ['b', 'x'] },
    ];
    const light = trainLinear(s, opts);
    const heavy = trainLinear([{ ...s[0], w: 5 } as (typeof s)[0], s[1] as (typeof s)[0]], opts);
    expect(heavy.weights.x as number).toBeGreaterThan(light.weights.x as number);
  });
});

describe('fastText-style model (experiments only)', () => {
  const o = { dim: 8, buckets: 1 << 12, epochs: 30, learningRate: 0.5 };
  it('hashes stably', () => {
    expect(hashFeature('好')).toBe(hashFeature('好'));
    expect(hashFeature('好')).not.toBe(hashFeature('差'));
  });
  it('is deterministic and learns the toy set', () => {
    const a = trainFastText(samples, o);
    expect(a).toEqual(trainFastText(samples, o));
    for (const [t, y] of toy) expect(scoreFastText(a, sentimentFeatures(t)) >= 0).toBe(y === 1);
  });
});
