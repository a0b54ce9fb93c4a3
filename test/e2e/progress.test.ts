import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buttonName, launchBrowser, openPage, screenshot, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the plan dashboard (进度看板) in the browser', () => {
  it('shows the demo plan by class and warning, and opens the tasks behind a number', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'duban');
    await page.getByTestId('side-menu').getByRole('menuitem', { name: '进度看板' }).click();
    await page.waitForURL('**/progress');
    await page.getByTestId('class-pie').locator('canvas').first().waitFor();
    await page.getByTestId('chart-unit').locator('canvas').first().waitFor();
    await expect.poll(() => page.getByTestId('rule').textContent()).toContain('超进度');

    // The red count is a button: it opens exactly that many tasks, each marked 红.
    const red = Number((await page.getByTestId('warning-red').locator('h3').textContent())!.trim());
    expect(red).toBeGreaterThan(0);
    await page.getByTestId('warning-red').click();
    await expect.poll(() => page.getByTestId('drill').textContent()).toBe('红色预警');
    const rows = page.getByTestId('progress-tasks').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(Math.min(red, 50));
    for (const text of await rows.allTextContents()) expect(text).toContain('红');
    await screenshot(page, 'progress-dashboard-1280', { fullPage: true });

    // Rankings (通报) with their weighting beside them; a unit's name opens the tasks it leads.
    await expect.poll(() => page.getByTestId('weighting').textContent()).toContain('权重按工作量计');
    const ranked = page.getByTestId('rankings').locator('tbody tr.ant-table-row');
    await expect.poll(() => ranked.count()).toBeGreaterThan(1);
    // Every column shows without scrolling sideways at 1280 px (办结（加权） was hidden behind the scroll bar).
    const tableBox = (await page.getByTestId('rankings').locator('.ant-table-container').boundingBox())!;
    const lastHeader = (await page.getByTestId('rankings').locator('thead th', { hasText: '办结（加权）' }).boundingBox())!;
    expect(lastHeader.x + lastHeader.width).toBeLessThanOrEqual(tableBox.x + tableBox.width + 1);
    await page.getByTestId('rank-by').getByText('按时报送').click();
    // The rows re-sort once the new ranking arrives; until then the previous order is shown under a spinner.
    await expect.poll(() => page.getByTestId('rank-by').locator('.ant-segmented-item-selected').textContent()).toBe('按时报送');
    await expect.poll(() => page.getByTestId('rankings').locator('.ant-spin-spinning').count()).toBe(0);
    const unit = (await ranked.first().locator('button').textContent())!;
    // Clicked by its name: a ranking arriving late may have moved the unit from the first row meanwhile.
    await page.getByTestId('rankings').getByRole('button', { name: unit, exact: true }).first().click();
    await expect.poll(() => page.getByTestId('drill').textContent()).toBe(`${unit} 牵头的任务`);
    await expect.poll(async () => (await rows.allTextContents()).every((text) => text.includes(unit))).toBe(true);

    // A filter narrows every number and lives in the address.
    await page.getByTestId('drill').locator('.anticon-close').click();
    await page.getByLabel('任务类型').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^长期坚持$/ }).click();
    await page.waitForURL(/kind=ongoing/);
    // Long-term tasks have no expected percent and are judged by their reports.
    await expect.poll(async () => {
      const texts = await rows.allTextContents();
      return texts.length > 0 && texts.every((text) => text.includes('长期或定期任务'));
    }).toBe(true);
  });

  it("follows a task's deadline edited on the plan page at once, without a reload", async () => {
    const page = await openPage(browser, baseUrl, { width: 1440, height: 900 });
    await signIn(page, 'duban');
    const menu = page.getByTestId('side-menu');
    await menu.getByRole('menuitem', { name: '进度看板' }).click();
    await page.waitForURL('**/progress');
    const taskRow = () => page.getByTestId('progress-tasks').locator('tbody tr.ant-table-row', { hasText: '上线企业诉求' }).first();
    await taskRow().waitFor();
    expect(await taskRow().textContent()).not.toContain('2027年3月31日前');

    // The same task's deadline edited on its plan's 任务分工 tab.
    await menu.getByRole('menuitem', { name: '规划' }).click();
    await page.waitForURL(/\/plans$/);
    await page.getByTestId('plan-link').filter({ hasText: '天津市推进京津冀产业链协同发展' }).first().click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
    await page.getByRole('tab', { name: '任务分工' }).click();
    await page.locator('tr', { hasText: '上线企业诉求' }).first().getByTestId('task-edit').click();
    const drawer = page.locator('.ant-drawer').last();
    const deadline = drawer.getByLabel('完成时限');
    await expect.poll(() => deadline.inputValue()).not.toBe('');
    const original = await deadline.inputValue();
    await deadline.fill('2027年3月31日前');
    await drawer.getByRole('button', { name: buttonName('保存') }).click();
    await page.getByText('任务已保存').waitFor();

    // Back on the board through the menu (its answer was cached): the new deadline and its standing, not the old.
    await menu.getByRole('menuitem', { name: '进度看板' }).click();
    await page.waitForURL('**/progress');
    await expect.poll(async () => (await taskRow().textContent()) ?? '', { timeout: 15_000 }).toContain('2027年3月31日前');

    // The demo's deadline back, for the other browser tests on this server.
    await page.goBack();
    await page.getByRole('tab', { name: '任务分工' }).click();
    await page.locator('tr', { hasText: '上线企业诉求' }).first().getByTestId('task-edit').click();
    await page.locator('.ant-drawer').last().getByLabel('完成时限').fill(original);
    await page.locator('.ant-drawer').last().getByRole('button', { name: buttonName('保存') }).click();
    await page.getByText('任务已保存').last().waitFor();
  });
});
