/**
 * The console suite's additions to the skeleton's e2e helpers (test/e2e/support.ts): a context per language, console
 * errors counted as page errors, and an API token for test setup.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newContext as baseContext, DEMO_PASSWORD, watchErrors as pageErrors } from './support.ts';

export {
  browserAvailable,
  criticalA11y,
  launchBrowser,
  login,
  screenshot,
  startServer,
  type TestServer,
} from './support.ts';

export function newContext(browser: Browser, lang: 'zh' | 'en' = 'zh'): Promise<BrowserContext> {
  return baseContext(browser, { lang });
}

/** Uncaught page errors and console errors (React and antd warnings, failed requests) of a page. */
export function watchErrors(page: Page): string[] {
  const errors = pageErrors(page);
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/** Signs in through the API (test setup only) and returns the headers for JSON calls. */
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
