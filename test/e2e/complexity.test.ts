import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, openPage as openPageIn, PHONE, screenshot, serverUrl, signIn, signInAt } from './browser.ts';

const baseUrl = serverUrl();
const TABLE = fileURLToPath(new URL('../fixtures/real/complexity/global_exports.csv', import.meta.url));
let browser: Browser;
let analysisUrl = '';

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const openPage = (viewport = DESKTOP): Promise<Page> => openPageIn(browser, baseUrl, viewport);

/** Picks a column in one of the form's selects, then waits for its dropdown to close. */
async function chooseColumn(page: Page, key: string, column: string): Promise<void> {
  await page.getByTestId(`column-${key}`).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${column}$`) }).click();
  await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
  expect(await page.getByTestId(`column-${key}`).textContent()).toBe(column);
}

const rows = (page: Page, testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row');

describe('economic complexity in the browser', () => {
  it('uploads the OEC table, runs it, ranks Chinese Taipei first, and shows a country’s opportunities', async () => {
    const page = await openPage();
    await signIn(page, 'duban');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '经济复杂度' }).click();
    await page.waitForURL('**/complexity');
    await page.getByTestId('complexity-upload').locator('input[type=file]').setInputFiles(TABLE);

    // The header is read in the browser; the columns are guessed and can be changed.
    await page.getByTestId('complexity-form').waitFor();
    expect(await page.getByTestId('complexity-preview').locator('thead').textContent()).toBe('Country IDCountrySection IDSectionTrade Value');
    expect(await page.getByTestId('column-val').textContent()).toBe('Trade Value');
    // The name columns are chosen by default where the table also has ID columns.
    expect(await page.getByTestId('column-loc').textContent()).toBe('Country');
    expect(await page.getByTestId('column-prod').textContent()).toBe('Section');
    await screenshot(page, 'complexity-form-1280', { fullPage: true });
    await page.getByTestId('complexity-run').click();

    await page.waitForURL(/\/complexity\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    analysisUrl = new URL(page.url()).pathname;
    // py-ecomplexity's highest ECI in this table is asxxb, Chinese Taipei (1.9665).
    await expect.poll(() => rows(page, 'ranking-table').first().textContent()).toMatch(/^1Chinese Taipei1\.967/);
    expect(await rows(page, 'ranking-table').nth(1).textContent()).toMatch(/^2Japan1\.937/);
    // Totals in grouped digits and 亿, not 1.21e12.
    expect(await rows(page, 'ranking-table').nth(1).textContent()).toMatch(/\d,\d{3}亿$/);
    // A size threshold leaves small locations out, says so on the page, and ranks the rest again from 1.
    await page.getByLabel('最小规模（总值）').fill('100000000000');
    await expect.poll(() => page.getByTestId('ranking-threshold-note').textContent()).toMatch(/排除了总值低于 1,000亿 的 \d+ 个地区/);
    expect(await rows(page, 'ranking-table').first().textContent()).toMatch(/^1Chinese Taipei/);
    await page.getByLabel('最小规模（总值）').fill('');
    await expect.poll(() => page.getByTestId('ranking-threshold-note').count()).toBe(0);
    await page.getByTestId('ranking-chart').locator('canvas').first().waitFor();
    await screenshot(page, 'complexity-ranking-1280');

    await page.getByTestId('ranking-search').locator('input').fill('Angola');
    await rows(page, 'ranking-table').filter({ hasText: 'Angola' }).click();
    await page.waitForURL(/location=Angola/);
    await expect.poll(() => page.getByTestId('location-summary').textContent()).toContain('213');
    await page.getByTestId('opportunity-chart').locator('canvas').first().waitFor();
    await page.getByTestId('product-space').locator('canvas').first().waitFor();
    await expect.poll(() => rows(page, 'opportunity-table').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('atlas-note').textContent()).toContain('atlas');

    // Order by COG, pick two opportunities, export them.
    await page.getByTestId('opportunity-sort').getByText('COG', { exact: true }).click();
    await expect.poll(() => rows(page, 'opportunity-table').first().textContent()).toMatch(/^1Machines/);
    await rows(page, 'opportunity-table').nth(0).locator('input[type=checkbox]').check();
    await rows(page, 'opportunity-table').nth(1).locator('input[type=checkbox]').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('global_exports-Angola-机会产业.xlsx');
    await page.waitForTimeout(1500); // the force layout settles
    await screenshot(page, 'complexity-location-1280', { fullPage: true });
    await page.context().close();
  });

  it('names the line of a bad value and keeps the form', async () => {
    const page = await openPage();
    await signInAt(page, 'duban', '/complexity');
    const bad = Buffer.from('region,industry,value\n天津,制造业,10\n天津,服务业,abc\n北京,制造业,5\n北京,服务业,7\n');
    await page.getByTestId('complexity-upload').locator('input[type=file]').setInputFiles({ name: '坏表.csv', mimeType: 'text/csv', buffer: bad });
    await page.getByTestId('complexity-form').waitFor();
    // "abc" among the first rows: the value column is not guessed, so it is chosen by hand.
    await chooseColumn(page, 'val', 'value');
    await page.getByTestId('complexity-run').click();
    const error = page.getByTestId('complexity-error');
    await expect.poll(() => error.textContent()).toContain('第 3 行');
    expect(await error.textContent()).toContain('“value”列：“abc”不是数字');
    expect(await error.textContent()).not.toContain('not a number'); // the Chinese half only
    expect(await page.getByTestId('complexity-run').isEnabled()).toBe(true);
    await page.context().close();
  });

  it('builds an analysis from the atlas’s demo chain, says where its table came from, and offers its opportunities as 招商 targets', async () => {
    const page = await openPage();
    await signInAt(page, 'fgw', '/complexity');
    await page.getByTestId('atlas-table-form').waitFor();
    await page.getByTestId('atlas-chain').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.getByTestId('atlas-run').click();
    await page.waitForURL(/\/complexity\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('atlas-source').textContent(), { timeout: 60_000 }).toMatch(/^来自产业链图谱：.+，按环节，企业数，\d{4}年（京津冀，地市级）/);
    await rows(page, 'ranking-table').first().click();
    await expect.poll(() => rows(page, 'opportunity-table').count()).toBeGreaterThan(0);
    // The atlas's keepers see the action instead of the note.
    expect(await page.getByTestId('atlas-note').count()).toBe(0);
    expect(await page.getByTestId('opportunity-targets').isEnabled()).toBe(false);
    await rows(page, 'opportunity-table').first().locator('input[type=checkbox]').check();
    const product = (await rows(page, 'opportunity-table').first().locator('td').nth(2).textContent())!;
    await page.getByTestId('opportunity-targets').click();
    await expect.poll(() => page.locator('.ant-modal:visible').textContent()).toContain(`机会产业：${product}`);
    await screenshot(page, 'complexity-atlas-targets-1280');
    await page.context().close();
  });

  it('fits a phone (390×844): the analysis list, the ranking and a country', async () => {
    const page = await openPage(PHONE);
    await signInAt(page, 'duban', '/complexity');
    await expect.poll(() => page.getByTestId('analysis-link').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.goto(`${analysisUrl}?location=Japan`);
    await expect.poll(() => page.getByTestId('location-summary').textContent()).toContain('2/ 226');
    await page.getByTestId('opportunity-chart').locator('canvas').first().waitFor();
    await expect.poll(() => rows(page, 'opportunity-table').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.waitForTimeout(1500);
    await screenshot(page, 'complexity-location-390', { fullPage: true });
    await page.context().close();
  });
});
