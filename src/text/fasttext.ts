/**
 * fastText-style binary classifier (Joulin et al. 2017, "Bag of Tricks"): each feature (word, bigram, character
 * n-gram) is hashed into one of `buckets` rows of an embedding table, a text is the average of its rows, and a
 * logistic regression reads the average. Trained by plain SGD with a linearly decaying rate and a fixed seed, so
 * the same data gives the same weights. Used only in the sentiment experiments (docs/model-card.md).
 */
export interface FastTextOptions {
  dim: number;
  /** number of hash buckets (rows of the embedding table) */
  buckets: number;
  epochs: number;
  learningRate: number;
  /** the sum of a text's rows is divided by n^lengthPower (1 = the average, as fastText; 0.5 as the shipped LR) */
  lengthPower?: number;
  seed?: number;
}

export interface FastTextModel {
  dim: number;
  buckets: number;
  emb: Float32Array;
  w: Float32Array;
  b: number;
  lengthPower: number;
}

/** FNV-1a, 32 bits: a stable hash of a feature string. */
export function hashFeature(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function trainFastText(
  samples: { y: number; features: string[]; w?: number }[],
  o: FastTextOptions,
): FastTextModel {
  const { dim, buckets } = o;
  let seed = o.seed ?? 20261201;
  const rnd = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const emb = new Float32Array(buckets * dim);
  for (let i = 0; i < emb.length; i++) emb[i] = (rnd() * 2 - 1) / dim;
  const w = new Float32Array(dim);
  let b = 0;
  const X = samples.map((s) => Int32Array.from(new Set(s.features.map((f) => hashFeature(f) % buckets))));
  const order = samples.map((_, i) => i);
  const h = new Float64Array(dim);
  const total = o.epochs * samples.length;
  const lp = o.lengthPower ?? 1;
  let t = 0;
  for (let e = 0; e < o.epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const k = Math.floor(rnd() * (i + 1));
      [order[i], order[k]] = [order[k] as number, order[i] as number];
    }
    for (const i of order) {
      const x = X[i] as Int32Array;
      const s = samples[i] as { y: number; w?: number };
      const lr = o.learningRate * (1 - t / total);
      t++;
      if (!x.length) continue;
      h.fill(0);
      for (const j of x) for (let d = 0; d < dim; d++) h[d] = (h[d] as number) + (emb[j * dim + d] as number);
      let z = b;
      for (let d = 0; d < dim; d++) {
        h[d] = (h[d] as number) * x.length ** -lp;
        z += (h[d] as number) * (w[d] as number);
      }
      const g = (1 / (1 + Math.exp(-z)) - s.y) * (s.w ?? 1) * lr;
      const gx = g * x.length ** -lp;
      for (const j of x)
        for (let d = 0; d < dim; d++) emb[j * dim + d] = (emb[j * dim + d] as number) - gx * (w[d] as number);
      for (let d = 0; d < dim; d++) w[d] = (w[d] as number) - g * (h[d] as number);
      b -= g;
    }
  }
  return { dim, buckets, emb, w, b, lengthPower: lp };
}

/** The logit of P(positive) for a text's features. */
export function scoreFastText(m: FastTextModel, features: string[]): number {
  const x = [...new Set(features.map((f) => hashFeature(f) % m.buckets))];
  if (!x.length) return m.b;
  let z = m.b;
  for (let d = 0; d < m.dim; d++) {
    let s = 0;
    for (const j of x) s += m.emb[j * m.dim + d] as number;
    z += s * x.length ** -m.lengthPower * (m.w[d] as number);
  }
  return z;
}
