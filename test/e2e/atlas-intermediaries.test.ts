import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('中介组织 in the browser (demo intermediaries)', () => {
  it('a chain office opens an alliance with its members, adds one from another region, and finds it as a 对接渠道 of a 堵点', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    await page.getByRole('menuitem', { name: /产业链图谱/ }).click();
    await page.getByText('中介组织', { exact: true }).first().click();
    await page.waitForURL(/\/atlas\/intermediaries$/);
    const rows = page.getByTestId('intermediaries-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);

    // A member of the cross-regional alliance (a 长三角 enterprise among them) …
    await rows.filter({ hasText: '京津冀—长三角氢能协同创新联盟（示例）' }).getByText('京津冀—长三角氢能协同创新联盟（示例）').click();
    const drawer = page.getByTestId('intermediary-detail');
    const members = drawer.getByTestId('members-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => members.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const outsider = members.filter({ hasText: /上海|江苏|浙江|安徽|苏州|南京|杭州|合肥/ }).first();
    const uscc = ((await outsider.locator('td').nth(1).textContent()) ?? '').trim();
    const name = ((await outsider.locator('td').nth(0).textContent()) ?? '').trim();
    expect(uscc).toMatch(/^[0-9A-Z]{18}$/);
    await page.keyboard.press('Escape');

    // … joins the 天津 alliance as a 理事.
    await rows.filter({ hasText: '天津市氢能产业联盟（示例）' }).getByText('天津市氢能产业联盟（示例）').click();
    await drawer.getByText('天津滨海新区氢能产业集群').waitFor();
    const before = await drawer.getByTestId('members-table').locator('tbody tr.ant-table-row').count();
    await drawer.getByLabel('统一社会信用代码').fill(uscc);
    await drawer.getByRole('combobox', { name: '职务' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '理事' }).click();
    await drawer.getByTestId('member-add').click();
    const added = drawer.getByTestId('members-table').locator('tbody tr.ant-table-row').filter({ hasText: uscc });
    await added.waitFor({ timeout: 30_000 });
    expect(await added.textContent()).toContain(name);
    expect(await added.textContent()).toContain('理事');
    expect(await drawer.getByTestId('members-table').locator('tbody tr.ant-table-row').count()).toBe(before + 1);
    // A code the directory does not hold is refused in words.
    await drawer.getByLabel('统一社会信用代码').fill('91350100M000100Y43');
    await drawer.getByTestId('member-add').click();
    await page.getByText(/企业名录中没有统一社会信用代码为「91350100M000100Y43」的企业/).first().waitFor();
    await screenshot(page, 'atlas-intermediary', { fullPage: true });
    await page.keyboard.press('Escape');

    // The hydrogen chain's 堵点 page lists the alliances as channels to the candidates.
    await page.goto(`${baseUrl}/atlas`);
    await page.getByText('氢能（示例）').first().click();
    await page.waitForURL(/\/atlas\/chains\/[0-9a-f-]{36}$/);
    await page.getByTestId('chain-analysis-link').click();
    await page.waitForURL(/\/analysis$/);
    await page.getByTestId('gap-channel').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('gaps-table').textContent()).toContain('京津冀—长三角氢能协同创新联盟（示例）');
  }, 180_000);
});
