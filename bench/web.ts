import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { createApiToken } from '../src/services/auth.ts';
import { launchBrowser, newContext, prepareWeb, startServer as startDemoServer } from '../test/e2e/support.ts';
import { loadCases, seedOrgs } from './queue-seed.ts';
import { createBenchDb, envNumber, machine, revision, round, startServer, summarize, writeResult } from './support.ts';

const FIRST_LOAD_GOAL_MS = 2000;

/** Navigation → the first queue row rendered, in a fresh browser context each time (cold HTTP cache). */
async function firstLoad(browser: Browser, base: string, token: string, cold: number[], warm: number[]) {
  const context = await newContext(browser);
  await context.addInitScript((t) => sessionStorage.setItem('kesu.token', t), token);
  const page = await context.newPage();
  for (const into of [cold, warm]) {
    const t0 = performance.now();
    await page.goto(`${base}/queue`);
    await page.locator('[data-case]').first().waitFor({ timeout: 60_000 });
    into.push(performance.now() - t0);
  }
  await context.close();
}

/**
 * First loads of this build and, with BENCH_WEB_BASELINE=<dir of an earlier dist/web>, of that build served by a
 * second server on the same database, taking turns run by run so both see the same machine load.
 */
async function firstLoads(browser: Browser, base: string, token: string, runs: number, baselineBase?: string) {
  const samples = { cold: [] as number[], warm: [] as number[] };
  const before = { cold: [] as number[], warm: [] as number[] };
  for (let i = 0; i < runs; i++) {
    await firstLoad(browser, base, token, samples.cold, samples.warm);
    if (baselineBase) await firstLoad(browser, baselineBase, token, before.cold, before.warm);
  }
  const now = { cold: summarize(samples.cold), warm: summarize(samples.warm) };
  if (!baselineBase) return now;
  const baseline = { cold: summarize(before.cold), warm: summarize(before.warm) };
  return {
    ...now,
    baseline: { webDir: process.env.BENCH_WEB_BASELINE, ...baseline },
    /** How many times faster than the baseline build, measured in the same run. */
    speedup: {
      coldP50: round(baseline.cold.p50Ms / now.cold.p50Ms),
      coldP95: round(baseline.cold.p95Ms / now.cold.p95Ms),
      warmP50: round(baseline.warm.p50Ms / now.warm.p50Ms),
    },
  };
}

/** Keyboard moves through the virtual list and the next server pages as j reaches the end of what is loaded. */
async function scrolling(page: Page, presses: number) {
  const samples: number[] = [];
  const count = async () => Number(/\d+/.exec((await page.getByTestId('queue-count').textContent()) ?? '')?.[0] ?? 0);
  const before = await count();
  const t0 = performance.now();
  for (let i = 0; i < presses; i++) {
    const t = performance.now();
    await page.keyboard.press('j');
    await page.locator('[data-active="true"]').waitFor();
    samples.push(performance.now() - t);
  }
  await page.waitForFunction(
    (n) => Number(/\d+/.exec(document.querySelector('[data-testid=queue-count]')?.textContent ?? '')?.[0]) > n,
    before,
    { timeout: 30_000 },
  );
  return {
    presses,
    totalMs: round(performance.now() - t0),
    perKey: summarize(samples),
    loadedBefore: before,
    loadedAfter: await count(),
  };
}

/** The first loads and keyboard run on a PostgreSQL database with `n` cases (loaded, then dropped). */
async function largeRun(
  browser: Browser,
  n: number,
  runs: number,
  baselineDir: string | undefined,
  result: Record<string, unknown>,
) {
  const bench = await createBenchDb(10);
  try {
    const orgs = await seedOrgs(bench);
    const load = await loadCases(bench.url, orgs, n);
    console.log(`web: loaded ${n} cases in ${load.loadSeconds} s`);
    const { app, base } = await startServer(bench.database, bench.url);
    try {
      const old = baselineDir ? await startServer(bench.database, bench.url, baselineDir) : undefined;
      const loads = await firstLoads(browser, base, orgs.tokens.platform, runs, old?.base).finally(() =>
        old?.app.close(),
      );
      const context = await newContext(browser);
      await context.addInitScript((t) => sessionStorage.setItem('kesu.token', t), orgs.tokens.platform);
      const page = await context.newPage();
      await page.goto(`${base}/queue`);
      await page.locator('[data-case]').first().waitFor({ timeout: 60_000 });
      const rowsInDom = await page.locator('[data-case]').count();
      const scroll = await scrolling(page, 300);
      await context.close();
      result.large = {
        database: 'postgres',
        cases: n,
        ...loads,
        goalMet: loads.cold.p95Ms < FIRST_LOAD_GOAL_MS,
        rowsInDomOfFirstPage: rowsInDom,
        keyboard: scroll,
      };
      console.log(
        `web: ${n} cases first load p50 ${loads.cold.p50Ms} ms, p95 ${loads.cold.p95Ms} ms; j ×300 p95 ${scroll.perKey.p95Ms} ms`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await bench.drop();
  }
}

/**
 * First load of the agent workspace (navigation → queue rendered) on the demo data (PGlite) and on a
 * PostgreSQL database with 100,000 cases; then keyboard navigation through 300 rows of the virtual list
 * (server pages of 100 fetched on the way). Writes bench/results/web.json.
 */
export async function webBench() {
  const runs = envNumber('BENCH_WEB_RUNS', 10);
  const n = envNumber('BENCH_WEB_CASES', 100_000);
  const baselineDir = process.env.BENCH_WEB_BASELINE || undefined;
  await prepareWeb();
  const browser = await launchBrowser();
  const result: Record<string, unknown> = { machine: machine(), revision: revision(), goalMs: FIRST_LOAD_GOAL_MS };
  const loadAvgBefore = machine().loadAvg1m;
  try {
    const demo = await startDemoServer();
    try {
      const token = (await createApiToken(demo.database.db, 'agent@merchant1.demo')).token;
      const old = baselineDir ? await startServer(demo.database, undefined, baselineDir) : undefined;
      const loads = await firstLoads(browser, demo.baseUrl, token, runs, old?.base).finally(() => old?.app.close());
      result.demo = { database: 'pglite', ...loads, goalMet: loads.cold.p95Ms < FIRST_LOAD_GOAL_MS };
      console.log(`web: demo first load p50 ${loads.cold.p50Ms} ms, p95 ${loads.cold.p95Ms} ms (cold)`);
      if ('speedup' in loads) console.log(`web: demo vs baseline ${JSON.stringify(loads.speedup)}`);
    } finally {
      await demo.close();
    }

    // BENCH_WEB_DEMO_ONLY=1: the demo data only (no big PostgreSQL load, so no need for the heavy-load lock).
    if (process.env.BENCH_WEB_DEMO_ONLY !== '1') await largeRun(browser, n, runs, baselineDir, result);
  } finally {
    await browser.close();
  }
  // The 1-minute load average at the start and the end: this 2-core box is shared, the numbers move with it.
  result.loadAvg1m = { start: loadAvgBefore, end: machine().loadAvg1m };
  console.log(`web: wrote ${writeResult('web', result)}`);
}
