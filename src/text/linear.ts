/**
 * Binary logistic regression on sparse binary features, trained by averaged SGD with a fixed seed (same data →
 * same weights), optionally on naive-Bayes log-count-ratio scaled features (NBSVM, Wang & Manning 2012,
 * "Baselines and Bigrams"). Chosen for sentiment because it is as small and as explainable as naive Bayes
 * (one weight per feature), but does not count correlated features (a word and the n-grams inside it) twice.
 */
export interface LinearModel {
  kind: 'logistic-regression';
  version: string;
  /** labels[1] is the positive class of the logistic: P(labels[1]) = σ(bias + Σ weights) */
  labels: [string, string];
  bias: number;
  /** one weight per kept feature (already multiplied by the NB ratio for NBSVM) */
  weights: Record<string, number>;
  /** Each text's feature weights are divided by (number of its distinct known features)^lengthPower. */
  lengthPower: number;
  meta: Record<string, unknown>;
}

export interface LinearSample {
  /** 0 or 1: index into labels */
  y: number;
  features: string[];
  /** sample weight (e.g. to balance domains); 1 by default */
  w?: number;
}

export interface LinearOptions {
  version: string;
  labels: [string, string];
  /** features in fewer training texts than this are dropped */
  minDocs?: number;
  epochs?: number;
  /** L2 penalty per update */
  l2?: number;
  learningRate?: number;
  /** scale each feature by its NB log-count ratio (NBSVM); 0 = plain logistic regression */
  nbRatio?: boolean;
  lengthPower?: number;
  seed?: number;
  /** weights with |w| below this are dropped from the shipped table */
  prune?: number;
  /**
   * feature dropout: each occurrence of a feature in a training text is left out with this probability (seeded),
   * the kept ones scaled by 1/(1−rate), so the model cannot lean on a few domain words only
   */
  dropout?: number;
  /** features starting with one of these prefixes are never dropped (e.g. the lexicon class features "L") */
  dropoutKeep?: string[];
  meta?: Record<string, unknown>;
}

/** Distinct features of a text: the model is binary (present or not). */
const distinct = (fs: string[]) => [...new Set(fs)];

export function trainLinear(samples: LinearSample[], opts: LinearOptions): LinearModel {
  const minDocs = opts.minDocs ?? 3;
  const epochs = opts.epochs ?? 6;
  const l2 = opts.l2 ?? 1e-6;
  const lr0 = opts.learningRate ?? 0.5;
  const lengthPower = opts.lengthPower ?? 0.5;
  // Vocabulary: features in at least minDocs texts, in first-seen order (deterministic).
  const df = new Map<string, number>();
  const docs = samples.map((s) => distinct(s.features));
  for (const d of docs) for (const f of d) df.set(f, (df.get(f) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const [f, n] of df) if (n >= minDocs) index.set(f, index.size);
  const V = index.size;
  const dropout = opts.dropout ?? 0;
  const keepPrefixes = opts.dropoutKeep ?? [];
  const droppable = new Uint8Array(V);
  if (dropout > 0) for (const [f, j] of index) droppable[j] = keepPrefixes.some((k) => f.startsWith(k)) ? 0 : 1;
  const inv = 1 / (1 - dropout);
  const X = docs.map((d) => Int32Array.from(d.flatMap((f) => (index.has(f) ? [index.get(f) as number] : []))));
  // NB log-count ratio r = log((p/|p|₁) / (q/|q|₁)) with α = 1 (binary counts).
  const scale = new Float64Array(V).fill(1);
  if (opts.nbRatio) {
    const p = new Float64Array(V).fill(1);
    const q = new Float64Array(V).fill(1);
    samples.forEach((s, i) => {
      const w = s.w ?? 1;
      const a = s.y ? p : q;
      for (const j of X[i] as Int32Array) a[j] = (a[j] as number) + w;
    });
    let sp = 0;
    let sq = 0;
    for (let j = 0; j < V; j++) {
      sp += p[j] as number;
      sq += q[j] as number;
    }
    for (let j = 0; j < V; j++) scale[j] = Math.log((p[j] as number) / sp / ((q[j] as number) / sq));
  }
  // Averaged SGD with the lazy-average trick: avg = w − u / t, where u accumulates t·Δw (Daumé's averaged
  // perceptron bookkeeping), so each update costs only the text's features. L2 is applied to the features a text
  // touches (sparse regularisation).
  const w = new Float64Array(V);
  const u = new Float64Array(V);
  let b = 0;
  let ub = 0;
  let seed = opts.seed ?? 20261201;
  const rnd = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const order = samples.map((_, i) => i);
  let t = 1;
  const total = epochs * samples.length;
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const k = Math.floor(rnd() * (i + 1));
      [order[i], order[k]] = [order[k] as number, order[i] as number];
    }
    for (const i of order) {
      const x = X[i] as Int32Array;
      const s = samples[i] as LinearSample;
      const norm = x.length ? x.length ** -lengthPower : 0;
      // per-occurrence multiplier: 0 when dropped, 1/(1−rate) when kept, 1 when never dropped
      const m = dropout > 0 ? Float64Array.from(x, (j) => (droppable[j] ? (rnd() < dropout ? 0 : inv) : 1)) : null;
      let z = b;
      for (let k = 0; k < x.length; k++) {
        const j = x[k] as number;
        z += (w[j] as number) * (scale[j] as number) * norm * (m ? (m[k] as number) : 1);
      }
      const pr = 1 / (1 + Math.exp(-z));
      const lr = lr0 * (1 - t / (total + 1)) + 1e-3;
      const g = (pr - s.y) * (s.w ?? 1);
      for (let k = 0; k < x.length; k++) {
        const j = x[k] as number;
        const mk = m ? (m[k] as number) : 1;
        if (mk === 0) continue;
        const d = -lr * (g * (scale[j] as number) * norm * mk + l2 * (w[j] as number));
        w[j] = (w[j] as number) + d;
        u[j] = (u[j] as number) + t * d;
      }
      b -= lr * g;
      ub -= t * lr * g;
      t++;
    }
  }
  const avg = w.map((x, j) => x - (u[j] as number) / t);
  const bAvg = b - ub / t;
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const prune = opts.prune ?? 0;
  const weights: Record<string, number> = {};
  for (const [f, j] of index) {
    const v = (avg[j] as number) * (scale[j] as number);
    if (Math.abs(v) >= prune && v !== 0) weights[f] = round(v);
  }
  return {
    kind: 'logistic-regression',
    version: opts.version,
    labels: opts.labels,
    bias: round(bAvg),
    weights,
    lengthPower,
    meta: {
      minDocs,
      epochs,
      l2,
      nbRatio: Boolean(opts.nbRatio),
      ...(dropout > 0 ? { dropout, dropoutKeep: keepPrefixes } : {}),
      vocabulary: Object.keys(weights).length,
      trainingSamples: samples.length,
      ...opts.meta,
    },
  };
}

export interface LinearPrediction {
  label: string;
  /** P(label) */
  confidence: number;
  /** P(labels[1]) */
  p1: number;
  /** features that pushed towards the predicted label, strongest first */
  evidence: { feature: string; weight: number }[];
}

export function scoreLinear(model: LinearModel, feats: string[]): number {
  const known = distinct(feats).filter((f) => model.weights[f] !== undefined);
  const norm = known.length ? known.length ** -model.lengthPower : 0;
  let z = model.bias;
  for (const f of known) z += (model.weights[f] as number) * norm;
  return z;
}

export function predictLinear(model: LinearModel, feats: string[], evidenceCount = 6): LinearPrediction {
  const known = distinct(feats).filter((f) => model.weights[f] !== undefined);
  const norm = known.length ? known.length ** -model.lengthPower : 0;
  let z = model.bias;
  for (const f of known) z += (model.weights[f] as number) * norm;
  const p1 = 1 / (1 + Math.exp(-z));
  const sign = p1 >= 0.5 ? 1 : -1;
  const evidence = known
    .map((f) => ({ feature: f, weight: (model.weights[f] as number) * sign }))
    .filter((e) => e.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, evidenceCount)
    .map((e) => ({ feature: e.feature, weight: Math.round(e.weight * 100) / 100 }));
  return {
    label: model.labels[p1 >= 0.5 ? 1 : 0],
    confidence: Math.round((p1 >= 0.5 ? p1 : 1 - p1) * 1000) / 1000,
    p1: Math.round(p1 * 1000) / 1000,
    evidence,
  };
}
