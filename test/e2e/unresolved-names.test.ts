import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, serverUrl, signIn } from './browser.ts';
import { workbookBytes } from '../fixtures/plans/tables.ts';

const baseUrl = serverUrl();

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const taskRows = (page: Page) => page.getByTestId('task-table').getByTestId('task-row');

/** Imports a one-task table whose lead unit is a name the directory does not know, and opens the plan's tasks. */
async function importWithUnknownUnit(page: Page, unitName: string): Promise<void> {
  const file = path.join(dir, `${unitName}.xlsx`);
  fs.writeFileSync(file, await workbookBytes([['序号', '重点任务', '牵头单位', '完成时限'], ['1', '建设城市数据底座', unitName, '2027年底前']]));
  await page.goto('/plans/import-table');
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByTestId('import-preview').waitFor();
  await page.getByTestId('import-title').fill(`未匹配单位测试 ${unitName}`);
  await page.getByTestId('import-confirm').click();
  await page.waitForURL(/\/plans\/[0-9a-f-]{36}\?tab=tasks/);
  await expect.poll(() => taskRows(page).count()).toBe(1);
  await expect.poll(() => page.getByTestId('unresolved-names').textContent()).toContain(unitName);
}

describe('creating an unmatched unit from the names panel', () => {
  it('lets someone allowed to create units (admin) create it and matches the name to it', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'admin');
    const unitName = `市数据底座中心${Date.now() % 100000}`;
    await importWithUnknownUnit(page, unitName);
    expect(await taskRows(page).first().locator('[data-matched="false"]', { hasText: unitName }).count()).toBe(1);

    const row = page.getByTestId('unresolved-name').filter({ hasText: unitName });
    await row.getByTestId('unresolved-create').click();
    // The form is prefilled with the written name.
    const dialog = page.locator('.ant-modal');
    expect(await dialog.getByRole('textbox').first().inputValue()).toBe(unitName);
    await page.getByTestId('unresolved-create-ok').click();

    // The task now shows the unit as matched, and the name has left the panel.
    await expect.poll(() => taskRows(page).first().locator('[data-matched="true"]', { hasText: unitName }).count()).toBe(1);
    expect(await taskRows(page).first().locator('[data-matched="false"]').count()).toBe(0);
    expect(await page.getByTestId('unresolved-name').filter({ hasText: unitName }).count()).toBe(0);
    // The unit is in the directory.
    await page.goto('/units');
    await expect.poll(async () => (await page.locator('body').textContent()) ?? '').toContain(unitName);
    await page.context().close();
  });

  it('does not offer it to a unit editor, who may match names but not create units', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    const unitName = `市算力调度中心${Date.now() % 100000}`;
    await importWithUnknownUnit(page, unitName);
    const row = page.getByTestId('unresolved-name').filter({ hasText: unitName });
    // They can match it (the picker and the button are there) ...
    expect(await row.getByRole('button', { name: /匹\s*配/ }).count()).toBe(1);
    // ... but not create the unit.
    expect(await row.getByTestId('unresolved-create').count()).toBe(0);
    await page.context().close();
  });

  it('lets a unit editor add an unmatched leader as a person of their unit, and matches the name to them', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    const leader = `石明远${Date.now() % 1000}`;
    const file = path.join(dir, `${leader}.xlsx`);
    fs.writeFileSync(file, await workbookBytes([['序号', '重点任务', '责任领导', '牵头单位', '完成时限'], ['1', '推进算力网络建设', leader, '市发展改革委', '2027年底前']]));
    await page.goto('/plans/import-table');
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByTestId('import-preview').waitFor();
    await page.getByTestId('import-title').fill(`未匹配领导测试 ${leader}`);
    await page.getByTestId('import-confirm').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}\?tab=tasks/);
    const row = page.getByTestId('unresolved-name').filter({ hasText: leader });
    await row.getByTestId('unresolved-create').click();
    const dialog = page.locator('.ant-modal');
    expect(await dialog.getByRole('textbox').first().inputValue()).toBe(leader);
    await dialog.getByRole('textbox').nth(1).fill('副主任');
    await page.getByTestId('unresolved-create-ok').click();
    await expect.poll(() => taskRows(page).first().locator('[data-matched="true"]', { hasText: leader }).count()).toBe(1);
    expect(await page.getByTestId('unresolved-name').filter({ hasText: leader }).count()).toBe(0);
    await page.context().close();
  });
});
