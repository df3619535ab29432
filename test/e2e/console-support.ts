/**
 * Browser-test helpers of the console suite, following the skeleton's e2e conventions (test/e2e/support.ts on
 * feat/web): a real server (buildApp on an in-memory PGlite with the demo marketplace, port 0) and Debian's chromium
 * through playwright-core. Without /usr/bin/chromium the suite skips loudly, unless KESU_REQUIRE_BROWSER=1.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { defaultWebDir } from '../../src/http/routes/home.ts';
import { LogPhoneSender } from '../../src/services/phone-sender.ts';
import { seedDemo } from '../../src/services/seed-demo.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'kesu-demo-2026';
export const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));

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
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true });
      if (i > 600) throw new Error('waited 5 minutes for another web build');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (fresh()) return;
    execFileSync(
      process.execPath,
      [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts'],
      {
        cwd: repo,
        stdio: 'inherit',
      },
    );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface TestServer {
  app: FastifyInstance;
  database: Database;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  await prepareWeb();
  const dir = mkdtempSync(join(tmpdir(), 'kesu-e2e-console-'));
  const database = await openDatabase({ dataDir: dir, inMemory: true });
  await database.migrate();
  const evidenceDir = join(dir, 'evidence');
  await seedDemo(database.db, new Date(), evidenceDir);
  const app = await buildApp({
    config: { port: 0, host: '127.0.0.1', dataDir: dir, databaseUrl: undefined, logLevel: 'silent', evidenceDir },
    database,
    phoneSender: new LogPhoneSender(() => {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    database,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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

/** The browser runs in UTC so the pages must show Beijing time themselves; CSP is bypassed only for axe. */
export async function newContext(browser: Browser, lang: 'zh' | 'en' = 'zh'): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'UTC',
    viewport: { width: 1366, height: 900 },
    bypassCSP: true,
  });
  await context.addInitScript((l) => localStorage.setItem('kesu.lang', l), lang);
  context.setDefaultTimeout(15_000);
  return context;
}

/** Uncaught page errors and console errors (a failed request logs one too). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

export async function login(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('who').waitFor();
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

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

/** Signs in through the API (test setup only) and returns an authorization header. */
export async function apiToken(baseUrl: string, email: string): Promise<Record<string, string>> {
  const r = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!r.ok) throw new Error(`login ${email}: ${r.status}`);
  const { token } = (await r.json()) as { token: string };
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}
