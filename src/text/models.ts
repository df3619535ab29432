import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LinearModel } from './linear.ts';
import type { NbModel } from './naive-bayes.ts';

/** The shipped models (src/text/models/*.json, built by `npm run train`), read once per process. */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'models');
const cache = new Map<string, unknown>();

function load<T>(name: string): T {
  let m = cache.get(name);
  if (!m) {
    m = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
    cache.set(name, m);
  }
  return m as T;
}

/** Category: multinomial naive Bayes. */
export const loadModel = (name: 'category'): NbModel => load<NbModel>(name);

/** Sentiment: logistic regression (NBSVM features), see docs/model-card.md. */
export const loadSentimentModel = (): LinearModel => load<LinearModel>('sentiment');
