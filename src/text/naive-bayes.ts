/**
 * Multinomial naive Bayes with Laplace smoothing (Manning, Raghavan, Schütze, "Introduction to Information
 * Retrieval", ch. 13). Chosen because it trains in one pass, is exact to reproduce, ships as a small JSON table
 * and explains itself: each feature's contribution is one number per label.
 */
export interface NbModel {
  kind: 'multinomial-nb';
  version: string;
  labels: string[];
  /** log P(label) */
  priors: number[];
  /** log P(feature | label) for every kept feature */
  features: Record<string, number[]>;
  /** log P(unseen feature | label): the smoothing mass, used for features outside the table */
  unseen: number[];
  meta: Record<string, unknown>;
}

export interface TrainOptions {
  alpha?: number;
  /** Features seen fewer times than this over the whole corpus are dropped (keeps the file small). */
  minCount?: number;
  version: string;
  meta?: Record<string, unknown>;
}

export function trainNb(samples: { label: string; features: string[] }[], opts: TrainOptions): NbModel {
  const alpha = opts.alpha ?? 1;
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const li = new Map(labels.map((l, i) => [l, i]));
  const docCount = labels.map(() => 0);
  const counts = new Map<string, number[]>();
  for (const s of samples) {
    const k = li.get(s.label) ?? 0;
    docCount[k] = (docCount[k] ?? 0) + 1;
    for (const f of s.features) {
      let c = counts.get(f);
      if (!c) {
        c = labels.map(() => 0);
        counts.set(f, c);
      }
      c[k] = (c[k] ?? 0) + 1;
    }
  }
  const minCount = opts.minCount ?? 1;
  const kept = [...counts].filter(([, c]) => c.reduce((a, b) => a + b, 0) >= minCount);
  const totals = labels.map((_, k) => kept.reduce((a, [, c]) => a + (c[k] ?? 0), 0));
  const v = kept.length + 1;
  const denom = totals.map((t) => Math.log(t + alpha * v));
  const round = (x: number) => Math.round(x * 1e3) / 1e3;
  const features: Record<string, number[]> = {};
  for (const [f, c] of kept) features[f] = c.map((n, k) => round(Math.log(n + alpha) - (denom[k] ?? 0)));
  return {
    kind: 'multinomial-nb',
    version: opts.version,
    labels,
    priors: docCount.map((n) => round(Math.log(n / samples.length))),
    features,
    unseen: denom.map((d) => round(Math.log(alpha) - d)),
    meta: { alpha, minCount, vocabulary: kept.length, trainingSamples: samples.length, ...opts.meta },
  };
}

export interface NbPrediction {
  label: string;
  /** posterior probability of the label */
  confidence: number;
  /** posterior per label */
  scores: Record<string, number>;
  /** features that pushed towards the label against the runner-up, strongest first */
  evidence: { feature: string; weight: number }[];
}

export function predictNb(model: NbModel, feats: string[], evidenceCount = 6): NbPrediction {
  const n = model.labels.length;
  const log = model.priors.slice();
  const seen: string[] = [];
  for (const f of feats) {
    const p = model.features[f];
    if (!p) continue;
    seen.push(f);
    for (let k = 0; k < n; k++) log[k] = (log[k] ?? 0) + (p[k] ?? 0);
  }
  // Naive Bayes counts every feature as independent evidence, so raw posteriors are ~1.0 for any text of some
  // length. Dividing the log-scores by √(features seen) tempers that into a usable confidence (ranking unchanged).
  const temper = Math.sqrt(Math.max(1, seen.length));
  const max = Math.max(...log);
  const exp = log.map((x) => Math.exp((x - max) / temper));
  const sum = exp.reduce((a, b) => a + b, 0);
  const post = exp.map((x) => x / sum);
  const order = post.map((p, k) => [p, k] as const).sort((a, b) => b[0] - a[0]);
  const best = order[0]?.[1] ?? 0;
  const second = order[1]?.[1] ?? best;
  const weights = new Map<string, number>();
  for (const f of seen) {
    const p = model.features[f] as number[];
    weights.set(f, (weights.get(f) ?? 0) + (p[best] ?? 0) - (p[second] ?? 0));
  }
  const evidence = [...weights]
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, evidenceCount)
    .map(([feature, w]) => ({ feature, weight: Math.round(w * 100) / 100 }));
  return {
    label: model.labels[best] ?? '',
    confidence: Math.round((post[best] ?? 0) * 1000) / 1000,
    scores: Object.fromEntries(model.labels.map((l, k) => [l, Math.round((post[k] ?? 0) * 1000) / 1000])),
    evidence,
  };
}
