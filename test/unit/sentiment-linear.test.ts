import { describe, expect, it } from 'vitest';
import { sentimentFeatures, sentimentFeaturesFromTokens, sentimentTokens } from '../../src/text/features.ts';
import { predictLinear, trainLinear } from '../../src/text/linear.ts';

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
