import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, serverUrl, signInAt } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('我的填报 tabs say what each holds', () => {
  it('已报送 shows whether each report still waits for review or was accepted; an empty tab says what is missing', async () => {
    const gxj = await openPage(browser, baseUrl);
    await signInAt(gxj, 'gxj', '/reporting');
    await gxj.getByTestId('tab-owed').waitFor();
    await gxj.getByRole('tab', { name: /已报送/ }).click();
    // 市工信局's supporting report on task 3 of the demo decision was sent and waits for the lead unit.
    const sent = gxj.locator('.ant-tabs-content-active .ant-table-row', { hasText: '3. 绘制重点产业链图谱' }).first();
    await expect.poll(() => sent.getByTestId('line-state').textContent()).toBe('已报送');
    for (const tag of await gxj.locator('.ant-tabs-content-active').getByTestId('line-state').allTextContents()) expect(['已报送', '已审核']).toContain(tag);
    await screenshot(gxj, 'reporting-sent-tab');

    // 市商务局 has nothing returned: the tab says so, not 本期没有待报事项.
    const swj = await openPage(browser, baseUrl);
    await signInAt(swj, 'swj', '/reporting');
    await swj.getByTestId('tab-owed').waitFor();
    await swj.getByRole('tab', { name: /退回修改/ }).click();
    await swj.locator('.ant-tabs-content-active').getByText('没有退回修改的报告').waitFor();
    expect(await swj.locator('.ant-tabs-content-active').getByText('本期没有待报事项').count()).toBe(0);
  });
});
