import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type FastTextModel, type FastTextOptions, scoreFastText, trainFastText } from '../fasttext.ts';
import { type SentimentFeatureOptions, sentimentFeaturesFromTokens, sentimentTokens } from '../features.ts';
import { type LinearOptions, scoreLinear, trainLinear } from '../linear.ts';
import { hotelFile, loadReviews, type Review } from './datasets.ts';

/**
 * `npx tsx src/text/training/sentiment-experiments.ts`: the model search behind docs/model-card.md. Every
 * configuration is scored on VALIDATION domains taken from the training categories only (each of three training
 * categories held out in turn from the other eight); the held-out 酒店 category and ChnSentiCorp are scored for the
 * record but never used to choose. Writes bench/results/sentiment-experiments.json.
 */
const all = loadReviews();
const hotel = loadReviews(hotelFile);
const tok = new Map<string, string[]>();
const t0 = Date.now();
for (const r of [...all, ...hotel]) if (!tok.has(r.text)) tok.set(r.text, sentimentTokens(r.text));
console.error(`segmented ${tok.size} texts in ${(Date.now() - t0) / 1000}s`);

const HELD_OUT = '酒店';
const VALIDATION = (process.env.VAL_CATS ?? '书籍,衣服,计算机').split(',');

interface Config {
  name: string;
  /** keep only features whose polarity agrees in at least this share of the training categories they occur in */
  consistency?: number;
  /** a second feature set whose model's score is averaged in */
  ensemble?: SentimentFeatureOptions;
  /** weight of the second model in the average (0.5 by default) */
  ensembleWeight?: number;
  feats: SentimentFeatureOptions;
  train: Omit<LinearOptions, 'version' | 'labels'>;
  balance: boolean;
  /**
   * "frustratingly easy" domain adaptation (Daumé 2007): every training feature also as a per-category copy
   * "cat|feature"; only the shared copies are used on a new category, so they must carry what the categories share
   */
  augment?: boolean;
  /** length-bucket features "len:…" (a per-length bias) */
  lengthBuckets?: boolean;
  /**
   * per-category experts: one model per training category, their probabilities averaged, mixed with the pooled
   * model's probability with this weight for the experts (a vote of the categories)
   */
  experts?: number;
  /** a fastText-style model (src/text/fasttext.ts) on the same features; mix = its weight against the LR (1 = alone) */
  fasttext?: FastTextOptions & { mix: number };
}

const lengthBucket = (n: number) => `len:${n < 8 ? 0 : n < 20 ? 1 : n < 50 ? 2 : n < 100 ? 3 : 4}`;
/** Features of one text under a configuration (the per-category copies are added in samples()). */
function featuresOf(t: string[], feats: SentimentFeatureOptions, c: Config): string[] {
  const f = sentimentFeaturesFromTokens(t, feats);
  if (c.lengthBuckets) f.push(lengthBucket(t.filter((x) => x !== '|').length));
  return f;
}

/** Features whose log-count ratio has the same sign in ≥ share of the categories where they occur ≥ 5 times. */
function consistent(rows: Review[], feats: SentimentFeatureOptions, share: number): Set<string> {
  const byCat = new Map<string, Map<string, [number, number]>>();
  const totals = new Map<string, [number, number]>();
  for (const r of rows) {
    const m = byCat.get(r.cat) ?? new Map<string, [number, number]>();
    byCat.set(r.cat, m);
    const t = totals.get(r.cat) ?? [0, 0];
    totals.set(r.cat, t);
    const y = r.label === 'positive' ? 1 : 0;
    t[y]++;
    for (const f of new Set(sentimentFeaturesFromTokens(tok.get(r.text) as string[], feats))) {
      const c = m.get(f) ?? [0, 0];
      m.set(f, c);
      c[y]++;
    }
  }
  const votes = new Map<string, [number, number]>();
  for (const [cat, m] of byCat) {
    const [tn, tp] = totals.get(cat) as [number, number];
    for (const [f, [n, p]] of m) {
      if (n + p < 5) continue;
      const r = Math.log((p + 1) / (tp + 2)) - Math.log((n + 1) / (tn + 2));
      const v = votes.get(f) ?? [0, 0];
      votes.set(f, v);
      v[r > 0 ? 1 : 0]++;
    }
  }
  const keep = new Set<string>();
  for (const [f, [neg, pos]] of votes) if (Math.max(neg, pos) / (neg + pos) >= share && neg + pos >= 2) keep.add(f);
  return keep;
}

function samples(rows: Review[], c: Config, feats = c.feats) {
  const keep = c.consistency ? consistent(rows, feats, c.consistency) : null;
  const perCat = new Map<string, number>();
  for (const r of rows) perCat.set(r.cat, (perCat.get(r.cat) ?? 0) + 1);
  const cats = perCat.size;
  return rows.map((r) => ({
    y: r.label === 'positive' ? 1 : 0,
    features: ((fs) => (c.augment ? [...fs, ...fs.map((f) => `${r.cat}|${f}`)] : fs))(
      featuresOf(tok.get(r.text) as string[], feats, c).filter((f) => !keep || keep.has(f)),
    ),
    w: c.balance ? rows.length / cats / (perCat.get(r.cat) as number) : 1,
  }));
}

type Models = {
  m: ReturnType<typeof trainLinear>;
  e: ReturnType<typeof trainLinear> | null;
  x: ReturnType<typeof trainLinear>[];
  f: FastTextModel | null;
};
function trainModels(rows: Review[], c: Config): Models {
  const opts = { version: 'x', labels: ['negative', 'positive'] as [string, string], ...c.train };
  return {
    m: c.fasttext?.mix === 1 ? trainLinear([], opts) : trainLinear(samples(rows, c), opts),
    f: c.fasttext ? trainFastText(samples(rows, c), c.fasttext) : null,
    e: c.ensemble ? trainLinear(samples(rows, c, c.ensemble), opts) : null,
    x: c.experts
      ? [...new Set(rows.map((r) => r.cat))].map((cat) =>
          trainLinear(
            samples(
              rows.filter((r) => r.cat === cat),
              { ...c, balance: false },
            ),
            opts,
          ),
        )
      : [],
  };
}
function accuracy(models: Models, rows: Review[], c: Config) {
  let ok = 0;
  for (const r of rows) {
    const t = tok.get(r.text) as string[];
    let z = scoreLinear(models.m, featuresOf(t, c.feats, c));
    if (models.e && c.ensemble) {
      const a = c.ensembleWeight ?? 0.5;
      z = (1 - a) * z + a * scoreLinear(models.e, featuresOf(t, c.ensemble, c));
    }
    if (c.experts && models.x.length) {
      const f = featuresOf(t, c.feats, c);
      const sig = (v: number) => 1 / (1 + Math.exp(-v));
      const px = models.x.reduce((a, m) => a + sig(scoreLinear(m, f)), 0) / models.x.length;
      z = (1 - c.experts) * sig(z) + c.experts * px - 0.5;
    }
    if (c.fasttext && models.f) {
      const sig = (v: number) => 1 / (1 + Math.exp(-v));
      const a = c.fasttext.mix;
      z = (1 - a) * sig(z) + a * sig(scoreFastText(models.f, featuresOf(t, c.feats, c))) - 0.5;
    }
    if (z >= 0 === (r.label === 'positive')) ok++;
  }
  return Math.round((ok / rows.length) * 1000) / 1000;
}

function run(c: Config, mode: 'val' | 'test') {
  if (mode === 'val') {
    const accs = VALIDATION.map((v) => {
      const train = all.filter((r) => r.cat !== HELD_OUT && r.cat !== v);
      const m = trainModels(train, c);
      return accuracy(
        m,
        all.filter((r) => r.cat === v),
        c,
      );
    });
    return { val: accs, valMean: Math.round((accs.reduce((a, b) => a + b, 0) / accs.length) * 1000) / 1000 };
  }
  const train = all.filter((r) => r.cat !== HELD_OUT);
  const m = trainModels(train, c);
  return {
    heldOut: accuracy(
      m,
      all.filter((r) => r.cat === HELD_OUT),
      c,
    ),
    chnSentiCorp: accuracy(m, hotel, c),
    vocabulary: Object.keys(m.m.weights).length + (m.e ? Object.keys(m.e.weights).length : 0),
  };
}

const base: Config = {
  name: 'words+bigrams+neg',
  feats: { words: true, wordBigrams: true, negationScope: 1, chars: [] },
  train: { nbRatio: true, minDocs: 3, epochs: 6, l2: 1e-5, learningRate: 0.5, lengthPower: 0.5 },
  balance: false,
};
const variants: Config[] = [
  base,
  { ...base, name: 'nb-off (plain LR)', train: { ...base.train, nbRatio: false } },
  { ...base, name: 'balanced domains', balance: true },
  { ...base, name: 'negation scope to punctuation', feats: { ...base.feats, negationScope: 99 } },
  { ...base, name: '+chars 1-3', feats: { ...base.feats, chars: [1, 2, 3] } },
  { ...base, name: '+chars 2-3', feats: { ...base.feats, chars: [2, 3] } },
  { ...base, name: 'chars 1-3 only', feats: { words: false, wordBigrams: false, negationScope: 0, chars: [1, 2, 3] } },
  { ...base, name: 'lengthPower 1', train: { ...base.train, lengthPower: 1 } },
  { ...base, name: 'minDocs 10', train: { ...base.train, minDocs: 10 } },
  { ...base, name: 'consistent 0.8', consistency: 0.8 },
  { ...base, name: 'consistent 1.0', consistency: 1 },
  { ...base, name: 'balanced+consistent 0.8', consistency: 0.8, balance: true },
  {
    ...base,
    name: 'ensemble words + chars 1-3',
    ensemble: { words: false, wordBigrams: false, negationScope: 0, chars: [1, 2, 3] },
  },
  { ...base, name: 'l2 1e-4', train: { ...base.train, l2: 1e-4 } },
  { ...base, name: 'epochs 12', train: { ...base.train, epochs: 12 } },
  { ...base, name: 'lengthPower 0.3', train: { ...base.train, lengthPower: 0.3 } },
  {
    ...base,
    name: 'balanced + negation scope to punctuation',
    balance: true,
    feats: { ...base.feats, negationScope: 99 },
  },
  {
    ...base,
    name: 'balanced + ensemble words + chars 1-3',
    balance: true,
    ensemble: { words: false, wordBigrams: false, negationScope: 0, chars: [1, 2, 3] },
  },
  { ...base, name: 'balanced + l2 1e-4', balance: true, train: { ...base.train, l2: 1e-4 } },
  { ...base, name: 'balanced + epochs 3', balance: true, train: { ...base.train, epochs: 3 } },
  { ...base, name: 'balanced + plain LR', balance: true, train: { ...base.train, nbRatio: false } },
  { ...base, name: 'balanced + lengthPower 0.3', balance: true, train: { ...base.train, lengthPower: 0.3 } },
  // December 2026, second round: from the shipped configuration (balanced, negation scope to punctuation).
  ...secondRound(),
];

function secondRound(): Config[] {
  const s: Config = { ...base, name: 'shipped', balance: true, feats: { ...base.feats, negationScope: 99 } };
  const lexOnly: SentimentFeatureOptions = { ...s.feats, lexicon: true, lexiconOnly: true };
  const keepL = ['L', '>L', '$L'];
  return [
    s,
    { ...s, name: 'shipped + contrast', feats: { ...s.feats, contrast: true } },
    { ...s, name: 'shipped + last clause', feats: { ...s.feats, lastClause: true } },
    { ...s, name: 'shipped + degree', feats: { ...s.feats, degree: true } },
    { ...s, name: 'shipped + lexicon', feats: { ...s.feats, lexicon: true } },
    { ...s, name: 'shipped + dropout 0.3', train: { ...s.train, dropout: 0.3 } },
    {
      ...s,
      name: 'shipped + lexicon + dropout 0.3 (lexicon kept)',
      feats: { ...s.feats, lexicon: true },
      train: { ...s.train, dropout: 0.3, dropoutKeep: keepL },
    },
    {
      ...s,
      name: 'shipped + lexicon + dropout 0.5 (lexicon kept)',
      feats: { ...s.feats, lexicon: true },
      train: { ...s.train, dropout: 0.5, dropoutKeep: keepL },
    },
    { ...s, name: 'ensemble shipped + lexicon-only 0.3', ensemble: lexOnly, ensembleWeight: 0.3 },
    { ...s, name: 'ensemble shipped + lexicon-only 0.5', ensemble: lexOnly, ensembleWeight: 0.5 },
    { ...s, name: 'shipped + length buckets', lengthBuckets: true },
    { ...s, name: 'shipped + category experts 0.5', experts: 0.5 },
    { ...s, name: 'shipped + category experts 1.0', experts: 1 },
    {
      ...s,
      name: 'fasttext d16 2^18 e5 lr0.5',
      fasttext: { dim: 16, buckets: 1 << 18, epochs: 5, learningRate: 0.5, mix: 1 },
    },
    {
      ...s,
      name: 'fasttext d16 2^18 e10 lr1',
      fasttext: { dim: 16, buckets: 1 << 18, epochs: 10, learningRate: 1, mix: 1 },
    },
    {
      ...s,
      name: 'fasttext d16 lengthPower 0.5',
      fasttext: { dim: 16, buckets: 1 << 18, epochs: 5, learningRate: 0.5, lengthPower: 0.5, mix: 1 },
    },
    {
      ...s,
      name: 'shipped + fasttext d16 lengthPower 0.5 averaged 0.3',
      fasttext: { dim: 16, buckets: 1 << 18, epochs: 5, learningRate: 0.5, lengthPower: 0.5, mix: 0.3 },
    },
    {
      ...s,
      name: 'shipped + fasttext d16 averaged 0.5',
      fasttext: { dim: 16, buckets: 1 << 18, epochs: 5, learningRate: 0.5, mix: 0.5 },
    },
    { ...s, name: 'shipped + easy adapt', augment: true },
    { ...s, name: 'shipped + easy adapt + lexicon', augment: true, feats: { ...s.feats, lexicon: true } },
    {
      ...s,
      name: 'shipped + contrast + lexicon',
      feats: { ...s.feats, contrast: true, lexicon: true },
    },
  ];
}
const selected = process.env.ONLY?.split('|');
// A run on other validation categories (VAL_CATS) writes its own file: results are only comparable on one set.
const resultsFile = resolve(
  import.meta.dirname,
  `../../../bench/results/sentiment-experiments${process.env.VAL_CATS ? `-val${VALIDATION.length}` : ''}.json`,
);
// Earlier results are kept (a run of some configurations replaces only those), in the order of `variants`.
const previous: Record<string, unknown>[] = existsSync(resultsFile)
  ? (JSON.parse(readFileSync(resultsFile, 'utf8')).results ?? [])
  : [];
const byName = new Map(previous.map((r) => [r.name as string, r]));
for (const c of variants.filter((v) => !selected || selected.includes(v.name))) {
  const t = Date.now();
  const r = { name: c.name, ...run(c, 'val'), ...(process.env.TEST ? run(c, 'test') : {}) };
  const seconds = (Date.now() - t) / 1000;
  console.log(JSON.stringify({ ...r, seconds }));
  byName.set(c.name, { ...r, seconds, at: new Date().toISOString(), config: c });
  const names = [...variants.map((v) => v.name), ...byName.keys()];
  const out = [...new Set(names)].flatMap((n) => (byName.has(n) ? [byName.get(n)] : []));
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ at: new Date().toISOString(), validation: `mean accuracy on ${VALIDATION.join(', ')}, each held out in turn from the other eight training categories (酒店 never used)`, results: out }, null, 2)}\n`,
  );
}
