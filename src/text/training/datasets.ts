import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvObjects } from '../csv.ts';
import { categoryFeatures, sentimentFeatures } from '../features.ts';
import { type LinearModel, type LinearOptions, trainLinear } from '../linear.ts';
import { type NbModel, trainNb } from '../naive-bayes.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The shared data sets live beside the repository (../shared/data), never inside it (their licence). */
export const sharedData = process.env.KESU_SHARED_DATA ?? resolve(here, '../../../../shared/data');
export const reviewsFile = join(sharedData, 'reviews-online-shopping/online_shopping_10_cats.csv');
export const hotelFile = join(sharedData, 'reviews-online-shopping/ChnSentiCorp_htl_all.csv');
export const complaintsFile = join(here, 'complaints-labelled.csv');
export const modelsDir = resolve(here, '../models');

export interface Review {
  cat: string;
  label: 'positive' | 'negative';
  text: string;
}

export function loadReviews(file = reviewsFile): Review[] {
  const seen = new Set<string>();
  const out: Review[] = [];
  for (const r of parseCsvObjects(readFileSync(file, 'utf8'))) {
    const text = (r.review ?? '').trim();
    // The corpus has ~60 duplicate texts (18 with conflicting labels): keep the first of each.
    if (!text || seen.has(text) || (r.label !== '0' && r.label !== '1')) continue;
    seen.add(text);
    out.push({ cat: r.cat ?? 'hotel', label: r.label === '1' ? 'positive' : 'negative', text });
  }
  return out;
}

export function loadComplaints(file = complaintsFile): { category: string; text: string }[] {
  return parseCsvObjects(readFileSync(file, 'utf8')).map((r) => ({ category: r.category ?? '', text: r.text ?? '' }));
}

/** How the shipped sentiment model is trained (chosen on validation categories, see docs/model-card.md). */
export const SENTIMENT_TRAINING = {
  nbRatio: true,
  minDocs: 3,
  epochs: 6,
  l2: 1e-5,
  learningRate: 0.5,
  lengthPower: 0.5,
  prune: 0.005,
  /** each product category weighs the same in training, however many reviews it has */
  balanceCategories: true,
} as const satisfies Omit<LinearOptions, 'version' | 'labels'> & { balanceCategories: boolean };

export function trainSentiment(
  rows: Review[],
  version: string,
  meta: Record<string, unknown> = {},
  features: (text: string) => string[] = (t) => sentimentFeatures(t),
): LinearModel {
  const { balanceCategories, ...opts } = SENTIMENT_TRAINING;
  const perCat = new Map<string, number>();
  for (const r of rows) perCat.set(r.cat, (perCat.get(r.cat) ?? 0) + 1);
  return trainLinear(
    rows.map((r) => ({
      y: r.label === 'positive' ? 1 : 0,
      features: features(r.text),
      w: balanceCategories ? rows.length / perCat.size / (perCat.get(r.cat) as number) : 1,
    })),
    { ...opts, version, labels: ['negative', 'positive'], meta: { balanceCategories, ...meta } },
  );
}

export function trainCategory(rows: { category: string; text: string }[], version: string, meta = {}): NbModel {
  return trainNb(
    rows.map((r) => ({ label: r.category, features: categoryFeatures(r.text) })),
    { version, minCount: 1, alpha: 0.3, meta },
  );
}

/** Deterministic stratified split: every fifth sample of each category is held out. */
export function splitComplaints<T extends { category: string }>(rows: T[]) {
  const seen = new Map<string, number>();
  const train: T[] = [];
  const test: T[] = [];
  for (const r of rows) {
    const i = seen.get(r.category) ?? 0;
    seen.set(r.category, i + 1);
    (i % 5 === 4 ? test : train).push(r);
  }
  return { train, test };
}
