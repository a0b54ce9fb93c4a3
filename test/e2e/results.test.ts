import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { fillDate, launchBrowser, openPage, serverUrl, signIn, signInAt } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the results record (实绩档案) in the browser', () => {
  it('shows the office every unit and leader over a period, and exports what it shows', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'duban');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '实绩档案' }).click();
    await page.waitForURL('**/progress/results');
    const rows = page.getByTestId('results-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await fillDate(page.getByTestId('results-from'), '2024-01-01');
    await page.waitForURL(/from=2024-01-01/);
    await expect.poll(() => rows.count()).toBeGreaterThan(2);
    await expect.poll(() => page.getByTestId('results-table').locator('thead').textContent()).toContain('按时办结');
    await expect.poll(() => page.getByTestId('results-plans').textContent()).toContain('统计范围');
    // The rate says what it counts: a task closed early, its deadline after the period, is on time, not "—".
    await page.getByTestId('results-rate-head').first().hover();
    await expect.poll(() => page.locator('.ant-tooltip:visible').textContent()).toContain('提前办结、时限在期后的任务计为按时');

    await page.getByTestId('results-by').getByText('按领导').click();
    await page.waitForURL(/by=leader/);
    await expect.poll(() => page.getByTestId('results-table').locator('thead').textContent()).toContain('领导');
    await expect.poll(async () => (await page.getByTestId('results-table').locator('thead').textContent())?.includes('配合任务')).toBe(false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^实绩档案（按领导）2024-01-01至\d{4}-\d{2}-\d{2}\.xlsx$/);
  });

  it('shows a unit its own row only, and says so', async () => {
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'fgw', `${baseUrl}/progress/results?from=2024-01-01`);
    await expect.poll(() => page.getByText('仅显示本单位或本人分管范围的记录').count()).toBe(1);
    const rows = page.getByTestId('results-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('发展');
  });
});
