import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buttonName, launchBrowser, openPage, screenshot, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('产业集群 in the browser (demo clusters)', () => {
  it('a chain office opens a demo cluster, sees the segments it covers and lacks, and creates a new cluster', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    await page.getByRole('menuitem', { name: /产业链图谱/ }).click();
    await page.getByText('产业集群', { exact: true }).first().click();
    await page.waitForURL(/\/atlas\/clusters$/);
    const rows = page.getByTestId('clusters-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    // The list shows each cluster's figures: the robot cluster counts enterprises and covers part of its chain.
    const robots = rows.filter({ hasText: '雄安新区智能机器人产业集群' });
    expect(await robots.textContent()).toMatch(/覆盖环节 \d+\/13/);
    await robots.getByRole('link', { name: '雄安新区智能机器人产业集群' }).click();
    await page.waitForURL(/\/atlas\/clusters\/[0-9a-f-]{36}$/);
    // 精密减速器 has no enterprise in 京津冀: it is among the missing segments; the covered ones are listed too.
    const missing = page.getByTestId('missing-segments');
    await missing.getByText('精密减速器').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('covered-segments').locator('.ant-tag').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('cluster-zones').textContent()).toContain('雄安新区');
    expect(await page.getByTestId('cluster-totals').textContent()).toMatch(/^\d+ 家/);
    await screenshot(page, 'atlas-cluster', { fullPage: true });

    await page.getByRole('link', { name: '产业集群' }).first().click();
    await page.waitForURL(/\/atlas\/clusters$/);
    await page.getByRole('button', { name: /新建产业集群/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称', { exact: true }).fill('滨海新区机器人应用产业集群（测试）');
    await dialog.getByRole('combobox', { name: '所属地区' }).click();
    await page.keyboard.type('天津市');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title').filter({ hasText: /^天津市$/ }).click();
    await dialog.getByRole('combobox', { name: '产业链' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '机器人（示例）' }).click();
    await dialog.locator('.ant-modal-title').click();
    await dialog.getByRole('combobox', { name: '载体' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '天津滨海新区（滨海新区）' }).click();
    await dialog.locator('.ant-modal-title').click();
    await dialog.getByRole('button', { name: buttonName('确定') }).click();
    await page.waitForURL(/\/atlas\/clusters\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await page.getByText('滨海新区机器人应用产业集群（测试）').first().waitFor();
    await page.getByTestId('missing-segments').waitFor();
    expect(await page.getByTestId('cluster-zones').textContent()).toContain('天津滨海新区');
  }, 180_000);
});
