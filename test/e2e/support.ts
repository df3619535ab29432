/**
 * Browser tests: a real server (buildApp + listen on port 0, PGlite with the demo data) driven by Debian's chromium
 * through playwright-core. Without /usr/bin/chromium the suites skip with a loud warning, unless
 * KESU_REQUIRE_BROWSER=1 (CI), where that is a failure.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildWeb } from '../../src/cli/web-build.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { defaultWebDir } from '../../src/http/routes/home.ts';
import { LogPhoneSender } from '../../src/services/phone-sender.ts';
import { seedDemo } from '../../src/services/seed-demo.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'kesu-demo-2026';
export const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));

/** true when the browser suites can run; prints the warning (or throws under KESU_REQUIRE_BROWSER=1) when not. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const msg = `${CHROMIUM} is missing: install it with apt-get install -y chromium fonts-noto-cjk`;
  if (process.env.KESU_REQUIRE_BROWSER === '1') throw new Error(`KESU_REQUIRE_BROWSER=1 but ${msg}`);
  console.warn(`\n${'!'.repeat(100)}\n!!! BROWSER TESTS SKIPPED: ${msg}\n${'!'.repeat(100)}\n`);
  return false;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/** dist/web, built when missing or older than web/ (one builder at a time across parallel suites). */
export async function prepareWeb(): Promise<void> {
  const index = join(defaultWebDir, 'index.html');
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(repo, 'web'));
  if (fresh()) return;
  const lock = join(repo, 'dist', '.web-build.lock');
  mkdirSync(join(repo, 'dist'), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock older than 5 minutes was left by a killed run
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true });
      if (i > 600) throw new Error('waited 5 minutes for another web build');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (fresh()) return;
    const r = await buildWeb(defaultWebDir, (m) => console.log(m));
    if (!r.built) throw new Error(`web build failed: ${r.reason}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface TestServer {
  app: FastifyInstance;
  database: Database;
  baseUrl: string;
  phoneSender: LogPhoneSender;
  close(): Promise<void>;
}

/** A real server on an ephemeral port, on an in-memory PGlite with the demo marketplace (real clock). */
export async function startServer(): Promise<TestServer> {
  await prepareWeb();
  const dir = mkdtempSync(join(tmpdir(), 'kesu-e2e-'));
  const database = await openDatabase({ dataDir: dir, inMemory: true });
  await database.migrate();
  const evidenceDir = join(dir, 'evidence');
  await seedDemo(database.db, new Date(), evidenceDir);
  const phoneSender = new LogPhoneSender(() => {});
  const app = await buildApp({
    config: {
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      databaseUrl: undefined,
      logLevel: 'silent',
      evidenceDir,
    },
    database,
    phoneSender,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    database,
    baseUrl: `http://127.0.0.1:${port}`,
    phoneSender,
    async close() {
      await app.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Chromium headless; playwright gives every launch a fresh temporary user-data-dir. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A separate browser profile per person (agent, consumer). The browser runs in UTC so the pages must show
 * Beijing time themselves; `lang` presets the UI language. CSP is bypassed only so axe can be injected.
 */
export async function newContext(
  browser: Browser,
  opts: { lang?: 'zh' | 'en'; mobile?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'UTC',
    viewport: opts.mobile ? { width: 390, height: 844 } : { width: 1366, height: 900 },
    ...(opts.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    bypassCSP: true,
  });
  if (opts.lang) await context.addInitScript((lang) => localStorage.setItem('kesu.lang', lang), opts.lang);
  context.setDefaultTimeout(20_000);
  return context;
}

/** Page errors collected per page: a suite asserts there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function login(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#login_email').fill(email);
  await page.locator('#login_password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('who').waitFor();
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core on the current page: the violations of `critical` impact (the suites expect none). */
export async function criticalA11y(page: Page): Promise<{ id: string; help: string; nodes: string[] }[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<any> } }).axe;
    const r = await axe.run(document);
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n: any) => n.html.slice(0, 200)),
    }));
  });
  return result.filter((v: { impact: string }) => v.impact === 'critical');
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}
