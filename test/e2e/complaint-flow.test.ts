import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from './fixtures.ts';
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

/**
 * The closed loop by clicking, in Chinese: a consumer files a complaint with a photo → an agent picks it up, asks
 * for missing evidence, makes an offer → the consumer accepts through the link → the agent resolves → the
 * consumer rates 2 stars → the case reopens.
 */
describe.runIf(run)(
  'web: complaint → offer → resolve → 2 stars → reopened, in a real browser',
  { timeout: 240_000 },
  () => {
    let server: TestServer;
    let browser: Browser;
    let consumer: Page;
    let agent: Page;
    let consumerErrors: string[];
    let agentErrors: string[];
    let trackPath = '';
    let caseNumber = '';
    let orderNumber = '';

    beforeAll(async () => {
      server = await startServer();
      browser = await launchBrowser();
      consumer = await (await newContext(browser, { mobile: true })).newPage();
      agent = await (await newContext(browser)).newPage();
      consumerErrors = watchErrors(consumer);
      agentErrors = watchErrors(agent);
      const order = await server.database.db
        .selectFrom('orders')
        .innerJoin('tenants', 'tenants.id', 'orders.tenant_id')
        .select('orders.order_number')
        .where('tenants.slug', '=', 'merchant1')
        .where('orders.state', '=', 'delivered')
        .orderBy('orders.placed_at', 'desc')
        .executeTakeFirstOrThrow();
      orderNumber = order.order_number;
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const caseStatus = (p: Page) => p.getByTestId('case-status').getAttribute('data-status');
    const trackStatus = (p: Page) => p.getByTestId('track-status').getAttribute('data-status');
    const action = async (name: string, fields: Record<string, string> = {}) => {
      await agent.locator(`[data-action="${name}"]`).click();
      for (const [id, value] of Object.entries(fields)) await agent.locator(`#${id}`).fill(value);
      await agent.locator('.ant-modal-footer .ant-btn-primary').click();
      await agent.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
    };

    it('the consumer files a complaint with a photo on the phone form and gets a link', async () => {
      await consumer.goto(`${server.baseUrl}/complain/merchant1`);
      await expect.poll(() => consumer.locator('h1').textContent()).toBe('提交投诉');
      await consumer.locator('#complaint_orderNumber').fill(orderNumber);
      await consumer.locator('#complaint_name').fill('王小明');
      await consumer.locator('#complaint_phone').fill('13912345678');
      await consumer.locator('#complaint_reason').fill('收到的北欧实木餐桌桌面有明显裂纹，桌腿也晃动，要求退货退款。');
      await consumer.locator('#complaint_expectedResolution').click();
      await consumer.locator('.ant-select-item-option').filter({ hasText: '退货退款' }).click();
      await consumer
        .locator('input[type=file]')
        .setInputFiles({ name: 'crack.png', mimeType: 'image/png', buffer: png([200, 40, 40]) });
      // The photo is previewed before it is sent.
      await consumer.locator('.ant-upload-list-item img').waitFor();
      expect(await criticalA11y(consumer)).toEqual([]);
      await screenshot(consumer, 'consumer-file.zh');
      await consumer.getByTestId('file-submit').click();
      const filed = await consumer.getByTestId('filed-number').textContent();
      caseNumber = /KS-\d{4}-\d+/.exec(filed ?? '')?.[0] ?? '';
      expect(caseNumber).not.toBe('');
      trackPath = (await consumer.getByTestId('track-link').getAttribute('href')) ?? '';
      expect(trackPath).toMatch(/^\/track\/kca_/);
      const c = await server.database.db
        .selectFrom('cases')
        .select(['id', 'status'])
        .where('case_number', '=', caseNumber)
        .executeTakeFirstOrThrow();
      const evidence = await server.database.db
        .selectFrom('evidence')
        .select(['mime'])
        .where('case_id', '=', c.id)
        .execute();
      expect(evidence.map((e) => e.mime)).toEqual(['image/png']);
    });

    it('an agent signs in, finds it at the top of the queue, assigns it with "a" and opens it with Enter', async () => {
      await login(agent, server.baseUrl, 'agent@merchant1.demo');
      const first = agent.locator(`[data-case="${caseNumber}"]`);
      await first.waitFor();
      expect(await criticalA11y(agent)).toEqual([]);
      await screenshot(agent, 'queue.zh');
      await agent.keyboard.press('j');
      await agent.keyboard.press('k');
      expect(await first.getAttribute('data-active')).toBe('true');
      await agent.keyboard.press('a');
      await agent.locator('.ant-message').getByText('已分配给我').waitFor();
      await agent.keyboard.press('Enter');
      await agent.getByTestId('case-status').waitFor();
      expect(await agent.locator('h1').textContent()).toContain(caseNumber);
      // The photo is shown inline.
      await agent.getByRole('tab', { name: '证据' }).click();
      await agent.locator('[data-testid=evidence] img').first().waitFor();
      expect(
        await agent
          .locator('[data-testid=evidence] img')
          .first()
          .evaluate((i) => (i as HTMLImageElement).naturalWidth),
      ).toBe(32);
    });

    it('takes only the allowed actions: accept, start, ask for more evidence', async () => {
      expect(await caseStatus(agent)).toBe('submitted');
      const buttons = await agent
        .locator('[data-action]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
      expect(buttons).toContain('accept');
      expect(buttons).not.toContain('close');
      await action('accept');
      await expect.poll(() => caseStatus(agent)).toBe('accepted');
      await action('start');
      await expect.poll(() => caseStatus(agent)).toBe('in_progress');
      await action('request_info', { action_reason: '请补充桌腿晃动处的照片，便于核实。' });
      await expect.poll(() => caseStatus(agent)).toBe('awaiting_customer');
      expect(await criticalA11y(agent)).toEqual([]);
      await screenshot(agent, 'case.zh');
    });

    it('the consumer sees the request through the link and sends another photo; the case resumes', async () => {
      await consumer.goto(`${server.baseUrl}${trackPath}`);
      await expect.poll(() => trackStatus(consumer)).toBe('awaiting_customer');
      expect(await consumer.getByTestId('track-request').textContent()).toContain('请补充桌腿晃动处的照片');
      await consumer
        .locator('input[type=file]')
        .setInputFiles({ name: 'leg.png', mimeType: 'image/png', buffer: png([40, 40, 200]) });
      await expect.poll(() => trackStatus(consumer)).toBe('in_progress');
      expect(await criticalA11y(consumer)).toEqual([]);
      await screenshot(consumer, 'consumer-track.zh');
    });

    it('the queue marks the consumer’s new photo as an unread reply until the agent opens the case', async () => {
      const caseUrl = agent.url();
      await agent.goto(`${server.baseUrl}/queue?unread=1`);
      const row = agent.locator(`[data-case="${caseNumber}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-unread')).toBe('true');
      await row.getByTestId('unread-reply').waitFor();
      expect(await agent.getByTestId('filter-unread').getAttribute('aria-checked')).toBe('true');
      expect(await criticalA11y(agent)).toEqual([]);
      await screenshot(agent, 'queue-unread.zh');
      await row.locator('a').first().click();
      await agent.getByTestId('case-status').waitFor();
      // Opened: gone from the unread filter, and no longer bold in the full queue.
      await agent.goto(`${server.baseUrl}/queue?unread=1`);
      await agent.waitForLoadState('networkidle');
      await expect.poll(() => agent.locator(`[data-case="${caseNumber}"]`).count()).toBe(0);
      await agent.goto(`${server.baseUrl}/queue?all=1`);
      await expect.poll(() => agent.locator(`[data-case="${caseNumber}"]`).getAttribute('data-unread')).toBe('false');
      await agent.goto(caseUrl);
    });

    it('the agent makes an offer within the agent limit and sends it', async () => {
      await agent.reload();
      await expect.poll(() => caseStatus(agent)).toBe('in_progress');
      await agent.getByRole('tab', { name: '解决方案' }).click();
      await agent.getByTestId('make-offer').click();
      await agent.locator('#offer_type').click();
      await agent.locator('.ant-select-item-option').filter({ hasText: '赔偿' }).click();
      await agent.locator('#offer_amountYuan').fill('30');
      await agent.locator('#offer_description').fill('补偿 30 元，并免费上门更换桌腿。');
      await agent.locator('.ant-modal-footer .ant-btn-primary').click();
      await agent.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
      // Within the agent's approval limit (¥50): no approval needed, it can be sent at once.
      await agent.locator('[data-testid=offers]').getByRole('button', { name: '发送给客户' }).click();
      await agent.locator('[data-testid=offers]').getByText('已发送').waitFor();
    });

    it('the consumer accepts the offer through the link', async () => {
      await consumer.reload();
      await consumer.getByTestId('offer-accept').click();
      await consumer.locator('[data-testid=track-offers]').getByText('客户已接受').waitFor();
    });

    it('the agent resolves; the consumer rates 2 stars; the case reopens', async () => {
      await agent.reload();
      await agent.getByRole('tab', { name: '解决方案' }).click();
      await agent.locator('[data-testid=offers]').getByText('客户已接受').waitFor();
      await action('resolve', { action_resolution: '已补偿 30 元并安排上门更换桌腿。' });
      await expect.poll(() => caseStatus(agent)).toBe('resolved');

      await consumer.reload();
      await expect.poll(() => trackStatus(consumer)).toBe('resolved');
      const rate = consumer.getByTestId('track-rate');
      await rate.locator('.ant-rate-star').nth(1).click();
      await consumer.locator('#rating_comment').fill('桌腿还是晃。');
      await consumer.getByTestId('rate-submit').click();
      await rate.getByText('感谢您的反馈').waitFor();
      await expect.poll(() => trackStatus(consumer)).toBe('reopened');

      await agent.reload();
      await expect.poll(() => caseStatus(agent)).toBe('reopened');
      await agent.getByRole('tab', { name: '解决方案' }).click();
      await agent.locator('[data-testid=follow-ups]').getByText('是', { exact: true }).waitFor();
      expect(consumerErrors).toEqual([]);
      expect(agentErrors).toEqual([]);
    });
  },
);
