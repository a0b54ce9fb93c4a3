import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { extractDocumentText } from '../../src/modules/documents/index.ts';
import { launchBrowser, openPage, screenshot, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a leader’s page, a unit’s page and the briefing in the browser', () => {
  it('lands the leader on his own portfolio from the menu, and links on to a unit’s page', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'leader');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '我的分管' }).click();
    await page.waitForURL('**/progress/my-portfolio');
    await page.getByTestId('leader-page').waitFor();
    await expect.poll(() => page.locator('h1, h2, h3, h4').filter({ hasText: '张样例' }).count()).toBeGreaterThan(0);
    // His portfolio by class and warning; the demo plan gives him a done task and late ones.
    await expect.poll(() => page.getByTestId('leader-totals-class-done').textContent()).toMatch(/已完成 [1-9]/);
    const late = page.getByTestId('leader-late').locator('tbody tr.ant-table-row');
    await expect.poll(() => late.count()).toBeGreaterThan(0);
    await screenshot(page, 'leader-page-1280', { fullPage: true });
    // A lead unit's name opens its page.
    await late.first().locator('a[href^="/progress/units/"]').first().click();
    await page.getByTestId('unit-page').waitFor();
    await expect.poll(() => page.getByTestId('unit-reporting').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('unit-escalations').textContent()).toContain('督办单');

    // 我的填报 of a leader, who belongs to no unit: the notices sent to him, not a unit's lists the server refuses.
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '我的填报' }).click();
    await page.waitForURL('**/reporting');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toMatch(/^督办事项/);
    expect(await page.getByTestId('tab-owed').count()).toBe(0);
    expect(await page.getByText('没有权限执行此操作').count()).toBe(0);
    await page.context().close();
  });

  it('lets the supervisor pick a highlight and download the briefing from the dashboard', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'duban');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '进度看板' }).click();
    await page.waitForURL('**/progress');
    await page.getByTestId('briefing-link').click();
    await page.waitForURL(/\/progress\/briefing\?plan=/);
    await page.getByTestId('briefing-highlights').waitFor();
    // Pick the first task of the plan as a highlight, with a note, and save it.
    await page.getByTestId('briefing-add').click();
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    const picked = (await option.textContent())!;
    await option.click();
    await page.getByTestId('briefing-highlights').getByRole('textbox').last().fill('浏览器测试选定的亮点。');
    await page.getByTestId('briefing-save').click();
    await page.getByText('已保存工作亮点').waitFor();
    // The Word file is made on request (the dashboard's figures of the day first): allow a busy machine its time.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 45_000 }), page.getByTestId('briefing-download').click()]);
    expect(download.suggestedFilename()).toMatch(/进展情况通报-\d{4}-\d{2}-\d{2}\.docx$/);
    const text = (await extractDocumentText(fs.readFileSync((await download.path())!), 'briefing.docx')).text;
    expect(text).toContain('一、总体情况');
    expect(text).toContain('浏览器测试选定的亮点。');
    expect(text).toContain(picked.replace(/^\d+\.\s*/, '').slice(0, 10));
    await page.context().close();
  });
});
