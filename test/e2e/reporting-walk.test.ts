import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, serverUrl, signInAt } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** What a walk through a day's reporting in the browser showed wrong (session 22). */
describe('a day of reporting, as the units see it', () => {
  it('a unit viewer opening a task sees the unit by name and is told the account only views', async () => {
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'swj', '/reporting');
    const row = page.locator('.ant-table-row').first();
    await row.waitFor();
    // A viewer is offered to open a line, not to report on it; and is not asked to save a draft before adding files.
    expect(await page.locator('.ant-table-row').getByRole('button', { name: '填报' }).count()).toBe(0);
    await row.getByRole('button', { name: '查看' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.locator('#doneText').waitFor();
    await drawer.getByText('暂无佐证材料').waitFor();
    expect(await drawer.getByText('请先保存草稿').count()).toBe(0);
    const unit = drawer.locator('.ant-form-item', { hasText: '填报单位' }).locator('.ant-select-content');
    await expect.poll(() => unit.textContent()).toBe('市商务局');
    await drawer.getByText('本账号只能查看本单位的填报').waitFor();
    await page.close();
  });

  it('the lead unit sees a long task title cut with an ellipsis, and the seed named in Chinese in a project’s timeline', async () => {
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'gxj', '/reporting');
    await page.locator('.ant-table-row').first().waitFor();
    await page.locator('.ant-table-row', { hasText: '5. 聚焦卡点联合攻关' }).first().getByRole('button').click();
    await expect.poll(() => page.locator('.ant-drawer-title').textContent()).toMatch(/^5\. 聚焦卡点联合攻关.*…$/);
    await page.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer').waitFor({ state: 'hidden' });
    await page.locator('.ant-table-row', { hasText: '1. 编制京津冀产业链协同发展图谱' }).first().getByRole('button').click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText(/演示数据 登记项目/).first().waitFor();
    expect(await drawer.getByText(/demo seed/).count()).toBe(0);
    // Beside the percent: what was accepted for the last period; a lower figure is flagged before it is sent.
    await drawer.getByText(/^上期（\d{4}-\d{2}）已确认完成 \d+%$/).waitFor();
    await drawer.locator('#percent').fill('1');
    await drawer.getByText(/^低于上期（\d{4}-\d{2}）已确认的 \d+%，请核实或在报告中说明原因$/).waitFor();
    await page.close();
  });
});
