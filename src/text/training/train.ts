import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadComplaints, loadReviews, modelsDir, trainCategory, trainSentiment } from './datasets.ts';

/**
 * `npm run train`: rebuilds src/text/models/*.json from the data, deterministically (same data → same bytes).
 * Sentiment learns from all of online_shopping_10_cats; categories from src/text/training/complaints-labelled.csv.
 */
const version = process.env.KESU_MODEL_VERSION ?? '2026.11.1';
mkdirSync(modelsDir, { recursive: true });

const reviews = loadReviews();
const sentiment = trainSentiment(reviews, version, {
  source: 'online_shopping_10_cats.csv (SophonPlus/ChineseNlpCorpus)',
});
const complaints = loadComplaints();
const category = trainCategory(complaints, version, { source: 'src/text/training/complaints-labelled.csv' });

for (const [name, model] of [
  ['sentiment', sentiment],
  ['category', category],
] as const) {
  const file = join(modelsDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(model)}\n`);
  const kb = statSync(file).size / 1024;
  console.log(
    `${name}: ${model.labels.length} labels, ${Object.keys('features' in model ? model.features : model.weights).length} features, ${kb.toFixed(0)} KB → ${file}`,
  );
  if (kb > 2048) throw new Error(`${name} model is ${kb.toFixed(0)} KB, over the 2 MB budget`);
}
