/**
 * The console in a real browser: supervisor dashboard (charts, click-through to the cases behind a bar), admin
 * (department + routing rule, canned reply) and platform console (members, sanctions), axe and screenshots in
 * zh-CN and English.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiToken,
  browserAvailable,
  criticalA11y,
  launchBrowser,
  login,
  newContext,
  screenshot,
  startServer,
  type TestServer,
  watchErrors,
} from './console-support.ts';

const run = browserAvailable();

async function openPage(browser: Browser, server: TestServer, email: string, lang: 'zh' | 'en' = 'zh') {
  const context = await newContext(browser, lang);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await login(page, server.baseUrl, email);
  return { page, errors, close: () => context.close() };
}

/** Visits a console page, waits for its h1 and idle network, checks axe and takes the screenshot. */
async function visit(page: Page, server: TestServer, path: string, shot: string) {
  await page.goto(`${server.baseUrl}${path}`);
  await page.locator('main h1').waitFor();
  await page.waitForLoadState('networkidle');
  expect(await criticalA11y(page), `${path}: critical axe violations`).toEqual([]);
  await screenshot(page, shot);
}

describe.skipIf(!run)('console in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('supervisor: the dashboard draws its charts and a category bar opens the cases of that category', async () => {
    const { page, errors, close } = await openPage(browser, server, 'supervisor@merchant1.demo');
    try {
      await page.goto(`${server.baseUrl}/dashboard`);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      for (const id of ['chart-rate', 'chart-category', 'chart-sla', 'chart-reviews', 'chart-ranking'])
        await expect(page.getByTestId(id).locator('canvas').count()).resolves.toBeGreaterThan(0);
      // the KPI "cases" is the API's own figure for this tenant and period
      const period = (await page.getByTestId('dash-period').textContent())!.split('—').map((s) => s.trim());
      const auth = await apiToken(server.baseUrl, 'supervisor@merchant1.demo');
      const q = `from=${period[0]}&to=${period[1]}`;
      const breakdown = (await (
        await fetch(`${server.baseUrl}/api/v1/analytics/breakdown?by=category&${q}`, { headers: auth })
      ).json()) as { items: { key: string | null; cases: number }[] };
      expect(breakdown.items.length).toBeGreaterThan(0);
      expect(await criticalA11y(page)).toEqual([]);
      await screenshot(page, 'console-dashboard-zh');

      // The biggest category is drawn at the top of the horizontal bar chart (items are reversed for ECharts).
      const biggest = breakdown.items[0]!;
      const box = (await page.getByTestId('chart-category').boundingBox())!;
      const band = (box.height - 8 - 24) / breakdown.items.length;
      await page.mouse.click(box.x + 120, box.y + 8 + band / 2);
      // The click lands on the work queue with the chart's filters in the URL (any status: no `open`).
      await page.waitForURL(/\/queue\?/);
      const url = new URL(page.url());
      expect(url.searchParams.get('category')).toBe(biggest.key);
      expect(url.searchParams.get('createdFrom')).toBe(new Date(`${period[0]}T00:00:00+08:00`).toISOString());
      expect(url.searchParams.has('open')).toBe(false);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const rows = page.locator('[data-case]');
      await rows.first().waitFor();
      const shown = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-category')));
      expect(shown.length).toBeGreaterThan(0);
      expect(new Set(shown)).toEqual(new Set([biggest.key]));
      await expect(page.getByTestId('queue-count').textContent()).resolves.toContain(
        String(Math.min(100, biggest.cases)),
      );
      await expect(page.getByTestId('filter-createdFrom').count()).resolves.toBe(1);
      expect(await criticalA11y(page)).toEqual([]);
      await screenshot(page, 'console-dashboard-queue-zh');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
    const en = await openPage(browser, server, 'supervisor@merchant1.demo', 'en');
    try {
      await en.page.goto(`${server.baseUrl}/dashboard`);
      await en.page.getByRole('heading', { name: 'Complaints dashboard' }).waitFor();
      await en.page.waitForLoadState('networkidle');
      await screenshot(en.page, 'console-dashboard-en');
      expect(en.errors).toEqual([]);
    } finally {
      await en.close();
    }
  }, 120_000);

  it('admin: creates a department, a routing rule to it and a canned reply, imports orders through the mapping screen', async () => {
    const { page, errors, close } = await openPage(browser, server, 'admin@platform.demo');
    try {
      await page.goto(`${server.baseUrl}/admin/routing`);
      await page.locator('main h1').waitFor();
      await page.locator('#dept_code').fill('e2e_after_sales');
      await page.locator('#dept_name').fill('售后二部');
      await page.getByTestId('add-department').click();
      await page.locator('td', { hasText: 'e2e_after_sales' }).waitFor();

      await page.locator('#rule_priority').fill('7');
      await page.locator('#rule_category').click();
      await page.locator('.ant-select-item-option', { hasText: '物流延误' }).click();
      await page.locator('#rule_departmentId').click();
      await page.locator('.ant-select-item-option', { hasText: '售后二部' }).click();
      await page.getByTestId('add-rule').click();
      await page.locator('tr', { hasText: '物流延误' }).filter({ hasText: '售后二部' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await criticalA11y(page)).toEqual([]);
      await screenshot(page, 'console-admin-routing-zh');

      const auth = await apiToken(server.baseUrl, 'admin@platform.demo');
      const depts = (await (await fetch(`${server.baseUrl}/api/v1/departments`, { headers: auth })).json()) as {
        items: { id: string; code: string }[];
      };
      const dept = depts.items.find((d) => d.code === 'e2e_after_sales');
      expect(dept).toBeDefined();
      const rules = (await (await fetch(`${server.baseUrl}/api/v1/routing-rules`, { headers: auth })).json()) as {
        items: { priority: number; category: string | null; departmentId: string }[];
      };
      expect(rules.items).toContainEqual(
        expect.objectContaining({ priority: 7, category: 'logistics_delay', departmentId: dept!.id }),
      );

      await page.goto(`${server.baseUrl}/admin/canned`);
      await page.locator('main h1').waitFor();
      await page.locator('#canned_title').fill('物流延误致歉');
      await page
        .locator('#canned_body')
        .fill('{{客户姓名}}您好，订单{{订单号}}的物流延误给您添麻烦了，我们已催促快递。');
      await page.getByTestId('add-canned').click();
      await page.locator('td', { hasText: '物流延误致歉' }).waitFor();
      await expect(
        page.locator('tr', { hasText: '物流延误致歉' }).locator('.ant-tag').allTextContents(),
      ).resolves.toEqual(['{{客户姓名}}', '{{订单号}}']);
      await page.waitForLoadState('networkidle');
      expect(await criticalA11y(page)).toEqual([]);
      await screenshot(page, 'console-admin-canned-zh');

      // Import: two headers are not recognised, the mapping screen maps them; one row has a bad amount.
      await page.goto(`${server.baseUrl}/admin/imports`);
      await page.locator('main h1').waitFor();
      await page.locator('input[type=file]').setInputFiles({
        name: '订单导出.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('单号,客户,实付金额,订单状态\nE2E-1,张三,¥12.50,交易成功\nE2E-2,李四,一百元,交易成功\n'),
      });
      await page.getByTestId('import-file').filter({ hasText: '订单导出.csv' }).waitFor();
      await page.locator('tr', { hasText: 'amount' }).locator('.ant-tag-green', { hasText: '实付金额' }).waitFor();
      await page.getByLabel('表头 orderNumber').fill('单号');
      await page.getByLabel('表头 buyerName').fill('客户');
      await page.getByTestId('run-import').click();
      const stat = (title: string) =>
        page.locator('.ant-statistic', { hasText: title }).locator('.ant-statistic-content-value').textContent();
      await page.locator('.ant-statistic', { hasText: '总行数' }).waitFor();
      await expect(stat('总行数')).resolves.toBe('2');
      await expect(stat('新增')).resolves.toBe('1');
      await expect(stat('错误行')).resolves.toBe('1');
      await page
        .locator('tr', { hasText: '金额格式无效' })
        .filter({ hasText: 'amount' })
        .getByText('3', { exact: true })
        .waitFor();
      await screenshot(page, 'console-admin-import-result-zh');
      const orders = (await (
        await fetch(`${server.baseUrl}/api/v1/orders?orderNumber=E2E-1`, { headers: auth })
      ).json()) as { items: { orderNumber: string; amountFen: number }[] };
      expect(orders.items).toEqual([expect.objectContaining({ orderNumber: 'E2E-1', amountFen: 1250 })]);

      // Members: the admin makes a new colleague a supervisor, then removes them; their token stops working.
      const admin = await apiToken(server.baseUrl, 'admin@platform.demo');
      const added = await fetch(`${server.baseUrl}/api/v1/members`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          email: 'e2e.member@platform.demo',
          displayName: '临时同事',
          password: 'kesu-demo-2026',
          role: 'agent',
        }),
      });
      expect(added.status).toBe(201);
      const theirs = await apiToken(server.baseUrl, 'e2e.member@platform.demo');
      await page.goto(`${server.baseUrl}/admin/members`);
      await page.locator('main h1').waitFor();
      await page.getByTestId('role-e2e.member@platform.demo').click();
      await page.locator('.ant-select-item-option:visible', { hasText: '主管' }).click();
      await expect
        .poll(
          async () =>
            ((await (await fetch(`${server.baseUrl}/api/v1/me`, { headers: theirs })).json()) as { role: string }).role,
        )
        .toBe('supervisor');
      await page.waitForLoadState('networkidle');
      expect(await criticalA11y(page)).toEqual([]);
      await screenshot(page, 'console-admin-members-edit-zh');
      await page.getByTestId('remove-e2e.member@platform.demo').click();
      await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
      await page.locator('td', { hasText: 'e2e.member@platform.demo' }).waitFor({ state: 'detached' });
      expect((await fetch(`${server.baseUrl}/api/v1/me`, { headers: theirs })).status).toBe(401);
      // The last admin of the platform cannot demote themselves: the server's reason is shown.
      await page.getByTestId('role-admin@platform.demo').click();
      await page.locator('.ant-select-item-option:visible', { hasText: '客服' }).click();
      await page.locator('.ant-message').getByText('组织至少需要保留一名管理员').waitFor();
      // That refusal is the one failed request the browser reports on this page.
      const refused = errors.findIndex((e) => e.includes('status of 409'));
      expect(refused).toBeGreaterThanOrEqual(0);
      errors.splice(refused, 1);

      for (const [path, name] of [
        ['/admin/members', 'members'],
        ['/admin/sla', 'sla'],
        ['/admin/policy', 'policy'],
        ['/admin/webhooks', 'webhooks'],
        ['/admin/imports', 'imports'],
      ] as const)
        await visit(page, server, path, `console-admin-${name}-zh`);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
    const en = await openPage(browser, server, 'admin@platform.demo', 'en');
    try {
      for (const name of ['routing', 'canned', 'sla', 'imports'])
        await visit(en.page, server, `/admin/${name}`, `console-admin-${name}-en`);
      await expect(en.page.locator('main h1').textContent()).resolves.toBe('Import');
      expect(en.errors).toEqual([]);
    } finally {
      await en.close();
    }
  }, 180_000);

  it('platform: rules a disputed forward, sees members with their rates and the sanction; the member appeals, the platform revokes', async () => {
    // Setup through the API: forward a case to 优品家居, the merchant disputes, the platform rules a violation and
    // issues a public notice citing the case.
    const ps = await apiToken(server.baseUrl, 'supervisor@platform.demo');
    const ms = await apiToken(server.baseUrl, 'supervisor@merchant1.demo');
    const tenants = (await (await fetch(`${server.baseUrl}/api/v1/tenants`, { headers: ps })).json()) as {
      items: { id: string; name: string; platformId: string | null }[];
    };
    const merchant = tenants.items.find((x) => x.name === '优品家居旗舰店')!;
    const cases = (await (
      await fetch(`${server.baseUrl}/api/v1/cases?open=true&respondentTenantId=${merchant.id}&limit=50`, {
        headers: ps,
      })
    ).json()) as { items: { id: string; caseNumber: string; status: string }[] };
    let forwarded: { id: string; caseNumber: string } | undefined;
    for (const c of cases.items) {
      const r = await fetch(`${server.baseUrl}/api/v1/cases/${c.id}/forward`, {
        method: 'POST',
        headers: ps,
        body: JSON.stringify({ note: '请48小时内答复' }),
      });
      if (r.status === 201) {
        forwarded = c;
        break;
      }
    }
    expect(forwarded, 'an open case of 优品家居 the platform can forward').toBeDefined();
    const post = (path: string, headers: Record<string, string>, body: object) =>
      fetch(`${server.baseUrl}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const reply = await post(`/cases/${forwarded!.id}/forward/reply`, ms, { kind: 'dispute', text: '已按时发货' });
    expect(reply.ok, await reply.clone().text()).toBe(true);
    const { page, errors, close } = await openPage(browser, server, 'supervisor@platform.demo');
    try {
      // The platform rules on the disputed forward from the forwards page: one list read, not one per case.
      const reads: string[] = [];
      page.on('request', (r) => reads.push(new URL(r.url()).pathname));
      await visit(page, server, '/platform/forwards', 'console-platform-forwards-zh');
      expect(reads).toContain('/api/v1/forwards');
      expect(reads.filter((p) => /^\/api\/v1\/cases\/[^/]+\/forwards$/.test(p))).toEqual([]);
      await page.getByText('有争议待裁决').click();
      await page
        .locator('tr', { hasText: forwarded!.caseNumber })
        .getByRole('button', { name: /^裁\s?决$/ })
        .click();
      await page.locator('#ruling_ruling').click();
      await page.locator('.ant-select-item-option', { hasText: '记录违规' }).click();
      await page.locator('#ruling_text').fill('商家未按承诺发货');
      await page
        .locator('.ant-modal-footer')
        .getByRole('button', { name: /^裁\s?决$/ })
        .click();
      await page.locator('.ant-modal').waitFor({ state: 'hidden' });
      await page.getByText('已裁决', { exact: true }).first().click();
      await page.locator('tr', { hasText: forwarded!.caseNumber }).getByText('记录违规').waitFor();
      await screenshot(page, 'console-platform-rulings-zh');
      const forwards = (await (
        await fetch(`${server.baseUrl}/api/v1/cases/${forwarded!.id}/forwards`, { headers: ps })
      ).json()) as { items: { ruling: string | null; rulingText: string | null }[] };
      expect(forwards.items[0]).toMatchObject({ ruling: 'record_violation', rulingText: '商家未按承诺发货' });

      const sanction = await post('/sanctions', ps, {
        memberTenantId: merchant.id,
        type: 'public_notice',
        reason: '多次未按承诺发货',
        publicText: '该商家多次未按时发货，平台予以公示。',
        caseIds: [forwarded!.id],
      });
      expect(sanction.status, await sanction.clone().text()).toBe(201);

      await visit(page, server, '/platform/members', 'console-platform-members-zh');
      const row = page.locator('tr', { hasText: '优品家居旗舰店' });
      await expect(row.count()).resolves.toBe(1);
      await expect(row.locator('.ant-tag-red').textContent()).resolves.toBe('1');
      await expect(page.locator('tbody tr', { hasText: '星火电商代运营' }).count()).resolves.toBe(1);

      await visit(page, server, '/platform/sanctions', 'console-platform-sanctions-zh');
      const s = page.locator('tr', { hasText: '多次未按承诺发货' });
      await expect(s.locator('td').first().textContent()).resolves.toBe('优品家居旗舰店');
      await expect(s.getByText('公示').count()).resolves.toBeGreaterThan(0);
      await expect(s.getByText(forwarded!.caseNumber).count()).resolves.toBe(1);
      await page.locator('tr', { hasText: '该商家多次未按时发货，平台予以公示。' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }

    // The merchant appeals on its sanctions page; the platform revokes; the notice leaves the board.
    const merchantUi = await openPage(browser, server, 'supervisor@merchant1.demo');
    try {
      await visit(merchantUi.page, server, '/sanctions', 'console-member-sanctions-zh');
      await merchantUi.page
        .locator('tr', { hasText: '多次未按承诺发货' })
        .getByRole('button', { name: /^申\s?诉$/ })
        .click();
      await merchantUi.page.locator('#act_reason').fill('系物流延误，已提供揽收记录');
      await merchantUi.page.locator('.ant-modal-footer .ant-btn-primary').click();
      await merchantUi.page.locator('tr', { hasText: '多次未按承诺发货' }).getByText('待处理').waitFor();
      expect(merchantUi.errors).toEqual([]);
    } finally {
      await merchantUi.close();
    }
    const platformUi = await openPage(browser, server, 'supervisor@platform.demo');
    try {
      await visit(platformUi.page, server, '/platform/sanctions', 'console-platform-appeal-zh');
      await platformUi.page
        .locator('tr', { hasText: '多次未按承诺发货' })
        .getByRole('button', { name: '处理申诉' })
        .click();
      await platformUi.page.locator('#act_decision').click();
      await platformUi.page.locator('.ant-select-item-option', { hasText: '撤销处罚' }).click();
      await platformUi.page.locator('#act_reason').fill('核实为物流原因');
      await platformUi.page.locator('.ant-modal-footer .ant-btn-primary').click();
      const revoked = platformUi.page.locator('tr', { hasText: '多次未按承诺发货' });
      await revoked.getByText('已撤销').waitFor();
      await revoked.getByText('已失效').waitFor();
      await platformUi.page.waitForLoadState('networkidle');
      await expect(
        platformUi.page.locator('tr', { hasText: '该商家多次未按时发货，平台予以公示。' }).count(),
      ).resolves.toBe(0);
      expect(platformUi.errors).toEqual([]);
    } finally {
      await platformUi.close();
    }
    const en = await openPage(browser, server, 'supervisor@platform.demo', 'en');
    try {
      await visit(en.page, server, '/platform/members', 'console-platform-members-en');
      await visit(en.page, server, '/platform/sanctions', 'console-platform-sanctions-en');
      await en.page.locator('tr', { hasText: 'Public notice' }).first().waitFor();
      await en.page.locator('tr', { hasText: 'Revoked' }).first().waitFor();
      expect(en.errors).toEqual([]);
    } finally {
      await en.close();
    }
  }, 180_000);
});
