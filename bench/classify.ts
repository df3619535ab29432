import { performance } from 'node:perf_hooks';
import { classifyIntake } from '../src/services/classify-case.ts';
import { loadComplaints, loadReviews } from '../src/text/training/datasets.ts';
import { envNumber, machine, round, summarize, writeResult } from './support.ts';

const P99_GOAL_MS = 2;

/**
 * What classification adds to intake: classifyIntake (normalise, segment, category model, signals, party,
 * flags; sentiment for reviews) on real texts, models already loaded as in a running server.
 */
export async function classifyBench() {
  const n = envNumber('BENCH_CLASSIFY_SAMPLES', 20_000);
  const reviews = loadReviews().map((r) => r.text);
  const complaints = loadComplaints().map((c) => c.text);
  const texts = Array.from({ length: n }, (_, i) =>
    i % 2
      ? (complaints[i % complaints.length] as string)
      : (reviews[(i * 7919) % reviews.length] as string).slice(0, 500),
  );
  // Warm up as a running server would be: JIT, jieba's dictionary and the models loaded.
  for (const reason of texts.slice(0, 5000)) classifyIntake({ kind: 'bad_review', reason });
  const results: Record<string, unknown> = {};
  for (const kind of ['complaint', 'bad_review'] as const) {
    const samples: number[] = [];
    for (const reason of texts) {
      const t = performance.now();
      classifyIntake({ kind, reason });
      samples.push(performance.now() - t);
    }
    results[kind] = summarize(samples);
  }
  const worst = Math.max(...Object.values(results).map((r) => (r as { p99Ms: number }).p99Ms));
  const result = {
    name: 'classify',
    at: new Date().toISOString(),
    machine: machine(),
    texts: 'half complaint sentences, half online_shopping_10_cats reviews (≤ 500 chars)',
    results,
    goal: `p99 < ${P99_GOAL_MS} ms`,
    worstP99Ms: round(worst),
    goalMet: worst < P99_GOAL_MS,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(`→ ${writeResult('classify', result)}`);
}
