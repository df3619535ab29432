import { performance } from 'node:perf_hooks';

export interface LoopResult {
  /** Latencies (ms) of operations started after the warm-up. */
  latencies: number[];
  ok: number;
  /** Successful operations during the warm-up (not in the latencies). */
  warmupOk: number;
  errors: number;
  firstError: string | null;
  /** Seconds from the end of the warm-up until the last measured operation finished. */
  elapsedSeconds: number;
}

/**
 * Runs `concurrency` async loops for warm-up + measured seconds. `op` returns null on success or an error text;
 * only operations started after the warm-up are counted, and in-flight ones are awaited at the end.
 */
export async function runLoops(
  concurrency: number,
  seconds: number,
  warmupSeconds: number,
  op: (loop: number, i: number) => Promise<string | null>,
): Promise<LoopResult> {
  const t0 = performance.now();
  const measureFrom = t0 + warmupSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let warmupOk = 0;
  let firstError: string | null = null;
  const loop = async (n: number) => {
    for (let i = 0; ; i++) {
      const start = performance.now();
      if (start >= end) return;
      let err: string | null;
      try {
        err = await op(n, i);
      } catch (e) {
        err = e instanceof Error ? e.message : String(e);
      }
      if (start < measureFrom) {
        if (err === null) warmupOk++;
        continue;
      }
      if (err === null) latencies.push(performance.now() - start);
      else {
        errors++;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, n) => loop(n)));
  return { latencies, ok: latencies.length, warmupOk, errors, firstError, elapsedSeconds: (performance.now() - measureFrom) / 1000 };
}
