import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buttonName, chooseOption, launchBrowser, openPage, screenshot, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('链长制 in the browser (demo records)', () => {
  it('a chain office opens 天津’s 链长制 of the NEV chain from its map, adds a key project, sees it, and exports the workbook', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    await page.getByRole('menuitem', { name: /产业链图谱/ }).click();
    await page.getByText('新能源和智能网联汽车（示例）').first().click();
    await page.waitForURL(/\/atlas\/chains\/[0-9a-f-]{36}$/);
    await page.getByTestId('chain-chief-link').click();
    await page.waitForURL(/\/chief$/);
    // The demo record: 链长 from the people directory, the chain office, and the working group.
    await page.getByText('张样例（副市长（链长，示例））').waitFor({ timeout: 30_000 });
    await page.getByText('市工业和信息化局', { exact: true }).first().waitFor();
    await page.getByRole('tab', { name: /重点项目/ }).click();
    const projects = page.getByTestId('chief-list-project').locator('tbody tr.ant-table-row');
    const before = await projects.count();
    expect(before).toBeGreaterThan(0);
    await page.getByTestId('chief-add-project').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('项目名称').fill('测试热管理系统项目');
    await dialog.getByLabel('投资额（万元）').fill('8800');
    await dialog.getByRole('combobox', { name: '环节' }).click();
    await page.keyboard.type('热管理');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '热管理系统' }).click();
    await dialog.getByRole('button', { name: buttonName('确定') }).click();
    await expect.poll(() => projects.count(), { timeout: 30_000 }).toBe(before + 1);
    const row = projects.filter({ hasText: '测试热管理系统项目' });
    expect(await row.textContent()).toContain('8800');
    expect(await row.textContent()).toContain('谋划');
    await screenshot(page, 'atlas-chief', { fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chief-export').click()]);
    expect(download.suggestedFilename()).toBe('demo-nev-120000-链长制.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('重点项目清单')!;
    expect(sheet.getSheetValues().some((r) => Array.isArray(r) && r.includes('测试热管理系统项目'))).toBe(true);
    expect(book.worksheets.map((s) => s.name)).toContain('图谱');
    // The 图谱's enterprise counts carry their as-of date, as every figure does.
    const atlasSheet = book.getWorksheet('图谱')!;
    expect((atlasSheet.getRow(1).values as unknown[]).at(-1)).toBe('截至日期');
    expect(String((atlasSheet.getRow(2).values as unknown[]).at(-1))).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The chain office follows its key project in its own plan (the demo's 市发展改革委 plan), the only one it may add
    // tasks to: the dialog chooses it by itself and offers no plan it would be refused.
    await row.locator('.ant-checkbox-input').check();
    await page.getByTestId('chief-track').click();
    const follow = page.getByRole('dialog');
    await follow.getByRole('combobox', { name: '放入规划' }).waitFor();
    await follow.getByText('天津市重点产业链招商引资工作台账（示例）').first().waitFor();
    await follow.getByRole('combobox', { name: '放入规划' }).click();
    const offered = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => offered.count()).toBe(1);
    await offered.first().click();
    await follow.getByRole('button', { name: buttonName('确定') }).click();
    await page.getByText(/新建任务 1 项/).waitFor({ timeout: 30_000 });
  }, 180_000);

  it('the administrator follows 天津’s hydrogen key projects in the ledger: each shows its tracking project and stage; a second click makes none', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'admin');
    await page.getByRole('menuitem', { name: /产业链图谱/ }).click();
    await page.getByText('氢能（示例）').first().click();
    await page.waitForURL(/\/atlas\/chains\/[0-9a-f-]{36}$/);
    await page.getByTestId('chain-chief-link').click();
    await page.waitForURL(/\/chief$/);
    await page.getByRole('tab', { name: /重点项目/ }).click();
    const table = page.getByTestId('chief-list-project');
    const rows = table.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(1);
    expect(await table.getByTestId('chief-tracking').first().textContent()).toBe('未跟踪');
    // Choose every key project (the header box), then a plan to hold their tasks.
    await table.locator('thead .ant-checkbox-input').check();
    await page.getByTestId('chief-track').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('谋划阶段没有对应的跟踪阶段', { exact: false }).waitFor();
    await chooseOption(page, dialog.locator('.ant-select').filter({ has: page.getByRole('combobox', { name: '放入规划' }) }), '年度重点任务分工方案（示例）');
    await dialog.getByRole('button', { name: buttonName('确定') }).click();
    await page.getByText(/新建任务 \d+ 项、跟踪项目 \d+ 个/).waitFor({ timeout: 30_000 });
    const station = rows.filter({ hasText: '示例加氢站网络建设项目' });
    await expect.poll(() => station.getByTestId('chief-tracking').textContent()).toBe('跟踪项目：签约（2026-10-31）');
    expect(await rows.filter({ hasText: '示例工业副产氢提纯项目' }).getByTestId('chief-tracking').textContent()).toBe('跟踪项目：投产（2026-10-31）');
    await screenshot(page, 'atlas-chief-tracking', { fullPage: true });
    // Again: nothing new is made.
    await table.locator('thead .ant-checkbox-input').check();
    await page.getByTestId('chief-track').click();
    await chooseOption(page, dialog.locator('.ant-select').filter({ has: page.getByRole('combobox', { name: '放入规划' }) }), '年度重点任务分工方案（示例）');
    await dialog.getByRole('button', { name: buttonName('确定') }).click();
    const n = await rows.count();
    await page.getByText(`新建任务 0 项、跟踪项目 0 个；已跟踪未变 ${n} 个`).waitFor({ timeout: 30_000 });
    // The link leads to the plan holding the task.
    await station.getByTestId('chief-tracking').locator('a').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
  }, 180_000);
});
