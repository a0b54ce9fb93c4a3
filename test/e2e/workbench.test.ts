import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const figure = async (page: Page, key: string) => {
  const value = page.getByTestId(`stat-${key}`).locator('.ant-statistic-content-value');
  await expect.poll(async () => /^\d+$/.test(((await value.textContent()) ?? '').replace(/,/g, ''))).toBe(true);
  return Number((await value.textContent())!.replace(/,/g, ''));
};

describe('the workbench (工作台) in the browser (demo data)', () => {
  it('shows a unit liaison what the unit owes, and each figure opens the list it counts', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId('workbench').waitFor();
    const overdue = await figure(page, 'overdue');
    const owed = await figure(page, 'owed');
    expect(overdue + owed).toBeGreaterThan(0);
    // The to-do list leads with what is overdue.
    const first = page.getByTestId('todo-item').first();
    await first.waitFor();
    if (overdue > 0) expect(await first.textContent()).toContain('逾期');
    await screenshot(page, 'workbench-unit', { fullPage: true });
    // A supervisor's figures are not shown to a unit.
    expect(await page.getByTestId('stat-deadlines').count()).toBe(0);

    await page.getByTestId('stat-overdue').click();
    await page.waitForURL(/\/reporting\?tab=overdue$/);
    const tab = page.getByRole('tab', { selected: true });
    await expect.poll(() => tab.textContent()).toMatch(/^逾期/);
    const rows = page.getByRole('tabpanel').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(Math.min(overdue, 20));
  });

  it('shows the supervision office what waits for review and each issued plan’s warnings', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'duban');
    await page.waitForURL(/\/dashboard$/);
    const review = await figure(page, 'review');
    await figure(page, 'deadlines');
    await figure(page, 'escalations');
    const plan = page.getByTestId('workbench-plan').first();
    await expect.poll(() => plan.textContent()).toMatch(/共\d+项 · 已完成\d+项/);
    await screenshot(page, 'workbench-office', { fullPage: true });
    if (review > 0) await page.getByTestId('workbench-todo').getByText('待审核').first().waitFor();
    await plan.getByRole('link').click();
    await page.waitForURL(/\/progress\?plan=[0-9a-f-]{36}$/);
  });

  it('asks a leader nothing a unit owes, and still shows the plans and notifications', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'leader');
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId('workbench-plan').first().waitFor();
    expect(await page.getByTestId('stat-owed').count()).toBe(0);
    await figure(page, 'unread');
    expect(await page.locator('.ant-alert-error').allTextContents()).toEqual([]);
  });
});
