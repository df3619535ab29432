import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  criticalA11y,
  launchBrowser,
  login,
  newContext,
  screenshot,
  startServer,
  type TestServer,
  watchErrors,
} from './support.ts';

const run = browserAvailable();

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=2</script>';

/** Every main page in zh-CN and en: renders, no critical axe violations, a screenshot; hostile text stays text. */
describe.runIf(run)('web pages in both languages, and hostile input', { timeout: 240_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let caseId = '';
  let trackPath = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const res = await fetch(`${server.baseUrl}/api/v1/public/merchant1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: IMG,
        phone: '13700001111',
        reason: `东西坏了 ${SCRIPT} ${IMG} 请处理`,
        expectedResolution: 'refund',
      }),
    });
    expect(res.status).toBe(201);
    const filed = (await res.json()) as { caseNumber: string; accessToken: string };
    trackPath = `/track/${filed.accessToken}`;
    const row = await server.database.db
      .selectFrom('cases')
      .select('id')
      .where('case_number', '=', filed.caseNumber)
      .executeTakeFirstOrThrow();
    caseId = row.id;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a complaint full of markup as text on the queue, the case page and the link page', async () => {
    const agent = await (await newContext(browser)).newPage();
    const errors = watchErrors(agent);
    await login(agent, server.baseUrl, 'agent@merchant1.demo');
    await agent.getByText(IMG).first().waitFor();
    await agent.goto(`${server.baseUrl}/cases/${caseId}`);
    await agent.getByTestId('case-reason').waitFor();
    expect(await agent.getByTestId('case-reason').textContent()).toContain(SCRIPT);
    expect(await agent.getByTestId('complainant-name').textContent()).toBe(IMG);
    await agent.getByRole('tab', { name: '时间线' }).click();
    expect(await agent.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // Escalation to 12315 recorded, then the dossier downloaded as a printable page.
    await agent.getByRole('tab', { name: '升级' }).click();
    await agent.locator('#escalation_target').click();
    await agent.locator('.ant-select-item-option').filter({ hasText: '12315' }).click();
    await agent.locator('#escalation_referenceNumber').fill('SH-12315-0001');
    await agent.getByRole('button', { name: '记录升级' }).click();
    await agent.getByText('SH-12315-0001').waitFor();
    expect(await criticalA11y(agent)).toEqual([]);
    const [download] = await Promise.all([agent.waitForEvent('download'), agent.getByTestId('dossier').click()]);
    expect(download.suggestedFilename()).toMatch(/^KS-\d{4}-\d+-dossier\.html$/);
    expect(await agent.locator('img[src="x"]').count()).toBe(0);

    const consumer = await (await newContext(browser, { mobile: true })).newPage();
    await consumer.goto(`${server.baseUrl}${trackPath}`);
    await consumer.getByTestId('track-reason').waitFor();
    expect(await consumer.getByTestId('track-reason').textContent()).toContain(IMG);
    expect(await consumer.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it.each(['zh', 'en'] as const)(
    'renders every main page in %s without critical accessibility violations',
    async (lang) => {
      const desk = await (await newContext(browser, { lang })).newPage();
      const errors = watchErrors(desk);
      const pages: [string, () => Promise<void>][] = [
        [
          'login',
          async () => {
            await desk.goto(`${server.baseUrl}/login`);
            await desk.locator('#login_email').waitFor();
          },
        ],
        [
          'queue',
          async () => {
            await login(desk, server.baseUrl, 'supervisor@merchant1.demo');
            await desk.locator('[data-case]').first().waitFor();
          },
        ],
        [
          'case',
          async () => {
            await desk.goto(`${server.baseUrl}/cases/${caseId}`);
            await desk.getByTestId('case-status').waitFor();
          },
        ],
      ];
      for (const [name, open] of pages) {
        await open();
        expect(await desk.locator('html').getAttribute('lang'), name).toBe(lang === 'zh' ? 'zh-CN' : 'en');
        expect(await criticalA11y(desk), `${name} (${lang})`).toEqual([]);
        await screenshot(desk, `${name}.${lang}`);
      }
      // The language is English when asked: the queue's heading says so.
      await desk.goto(`${server.baseUrl}/queue`);
      expect(await desk.locator('h1').textContent()).toBe(lang === 'zh' ? '工单队列' : 'Work queue');

      const phone = await (await newContext(browser, { lang, mobile: true })).newPage();
      for (const [name, path] of [
        ['complain', '/complain/merchant1'],
        ['track', trackPath],
      ] as const) {
        await phone.goto(`${server.baseUrl}${path}`);
        await phone.locator('h1').waitFor();
        expect(await criticalA11y(phone), `${name} (${lang})`).toEqual([]);
        await screenshot(phone, `${name}.${lang}`);
      }
      expect(await phone.locator('h1').textContent()).toBe(lang === 'zh' ? '投诉进度' : 'Complaint status');
      expect(errors).toEqual([]);
    },
  );
});
