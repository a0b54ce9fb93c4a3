import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('堵点 and 卡点 in the browser (demo chains)', () => {
  it('a chain office opens the gaps of 京津冀 against 长三角 with candidates and why, then the chokepoints', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    await page.getByRole('menuitem', { name: /产业链图谱/ }).click();
    await page.getByText('集成电路（示例）').first().click();
    await page.waitForURL(/\/atlas\/chains\/[0-9a-f-]{36}$/);
    await page.getByTestId('chain-analysis-link').click();
    await page.waitForURL(/\/analysis$/);
    const gaps = page.getByTestId('gaps-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => gaps.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The rule applied is shown in words, and each gap says why.
    await page.getByText('判定规则').waitFor();
    expect(((await gaps.first().textContent()) ?? '').length).toBeGreaterThan(4);
    // A gap opens on its candidates elsewhere, ranked, with their reasons.
    await gaps.first().locator('.ant-table-row-expand-icon').click();
    await page.getByText('招商候选').first().waitFor();
    await screenshot(page, 'atlas-gaps', { fullPage: true });
    await page.getByRole('tab', { name: /^卡点/ }).click();
    const marks = page.getByTestId('chokepoints-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => marks.count()).toBeGreaterThan(0);
    await screenshot(page, 'atlas-chokepoints', { fullPage: true });
  });
});
