import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buttonName, fillDate, launchBrowser, screenshot, serverUrl, signIn, signInAt } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('date fields follow the app language, not the browser language', () => {
  it('an English browser shows the Chinese app its dates as YYYY-MM-DD and a Chinese calendar; English once switched', async () => {
    // A browser set to English: a native <input type="date"> would show and take 12/31/2026 here.
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signInAt(page, 'duban', '/progress');
    const dueTo = page.getByLabel('至', { exact: true });
    await dueTo.waitFor();
    expect(await page.locator('input[type="date"]').count()).toBe(0);
    await fillDate(dueTo, '2026-12-31');
    await page.waitForURL(/dueTo=2026-12-31/);
    await expect.poll(() => dueTo.inputValue()).toBe('2026-12-31');
    await dueTo.click();
    const calendar = page.locator('.ant-picker-dropdown:visible');
    await expect.poll(() => calendar.textContent()).toContain('2026年');
    await expect.poll(() => calendar.textContent()).toContain('今天');
    await screenshot(page, 'date-field-zh');
    await page.keyboard.press('Escape');

    // The results record's period: the typed date goes to the address and the query, as the API writes it.
    await page.goto('/progress/results');
    await fillDate(page.getByTestId('results-from'), '2025-03-01');
    await page.waitForURL(/from=2025-03-01/);

    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await page.goto('/progress?dueTo=2026-12-31');
    const dueToEn = page.getByLabel('to', { exact: true });
    await expect.poll(() => dueToEn.inputValue()).toBe('2026-12-31');
    await dueToEn.click();
    await expect.poll(() => page.locator('.ant-picker-dropdown:visible').textContent()).toContain('Today');
    await expect.poll(() => page.locator('.ant-picker-dropdown:visible').textContent()).toContain('Dec');
    await page.keyboard.press('Escape');
    await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
    await expect.poll(() => page.getByTestId('user-menu').isVisible()).toBe(true);
    await context.close();
  });

  it("the calendar's 今天 is the day in China, as the rest of the app, not the browser's own day", async () => {
    // 20:00 UTC on 4 December: noon of the 4th in Los Angeles, already 04:00 on the 5th in Beijing.
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'America/Los_Angeles' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date('2026-12-04T20:00:00Z'));
    await signInAt(page, 'duban', '/progress');
    const dueTo = page.getByLabel('至', { exact: true });
    await dueTo.click();
    const calendar = page.locator('.ant-picker-dropdown:visible');
    await expect.poll(() => calendar.locator('.ant-picker-cell-today').getAttribute('title')).toBe('2026-12-05');
    await calendar.getByText('今天', { exact: true }).click();
    await page.waitForURL(/dueTo=2026-12-05/);
    await expect.poll(() => dueTo.inputValue()).toBe('2026-12-05');
    await context.close();
  });

  it("a task indicator's target date typed as 2026/12/31 is kept as 2026-12-31, not dropped on save; the liaison sees the target beside the value", async () => {
    const page = await (await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await signIn(page, 'duban');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '规划' }).click();
    // The workbench, still on screen while the plans page loads, names the same plan: click the plans list's own link.
    await page.waitForURL(/\/plans$/);
    await page.getByTestId('plan-link').filter({ hasText: '天津市推进京津冀产业链协同发展' }).first().click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
    await page.getByRole('tab', { name: '任务分工' }).click();
    const row = page.locator('tr', { hasText: '建立重点产业链“链长制”工作机制' }).first();
    await row.getByTestId('task-edit').click();
    const drawer = page.locator('.ant-drawer').last();
    await drawer.getByText('量化指标').waitFor();
    await drawer.getByRole('button', { name: /添\s?加/ }).last().click();
    await drawer.getByLabel('指标名称').fill('形成链上任务清单');
    await drawer.getByLabel('目标值').fill('12');
    await fillDate(drawer.getByLabel('目标日期'), '2026/12/31');
    // Once the field is left, it shows the date as the API writes it.
    await drawer.getByLabel('指标名称').click();
    await expect.poll(() => drawer.getByLabel('目标日期').inputValue()).toBe('2026-12-31');
    await drawer.getByRole('button', { name: buttonName('保存') }).click();
    await page.getByText('任务已保存').waitFor();
    await row.getByTestId('task-edit').click();
    await expect.poll(() => page.locator('.ant-drawer').last().getByLabel('目标日期').inputValue()).toBe('2026-12-31');
    await page.context().close();

    // The liaison reports the indicator's measured value with its target beside it.
    const gxj = await (await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await signInAt(gxj, 'gxj', '/reporting');
    await gxj.getByTestId('tab-owed').waitFor();
    await gxj.locator('.ant-table-row', { hasText: '建立重点产业链“链长制”工作机制' }).first().getByRole('button').click();
    const form = gxj.locator('.ant-drawer').last();
    await form.getByText('形成链上任务清单（—）实际值').waitFor();
    await form.getByText('目标值 12').waitFor();
    await gxj.context().close();
  });
});
