import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NbModel } from './naive-bayes.ts';

/** The shipped models (src/text/models/*.json, built by `npm run train`), read once per process. */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'models');
const cache = new Map<string, NbModel>();

export function loadModel(name: 'category' | 'sentiment'): NbModel {
  let m = cache.get(name);
  if (!m) {
    m = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as NbModel;
    cache.set(name, m);
  }
  return m;
}
