import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buttonName, launchBrowser, openPage, screenshot, serverUrl, signIn, signInAt } from './browser.ts';

const baseUrl = serverUrl();
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

    // 指标: the demo's illustrative values by year, the directory's count beside them, a trend chart.
    await page.getByRole('tab', { name: '指标' }).click();
    const table = page.getByTestId('indicator-table');
    const outputRow = table.locator('tbody tr').filter({ hasText: '产值' }).first();
    await expect.poll(() => outputRow.textContent(), { timeout: 30_000 }).toMatch(/18.*26.*37/);
    expect(await page.getByTestId('computed-enterprises').textContent()).toMatch(/^\d+ · 目录计算$/);
    await page.getByTestId('indicator-trend').locator('canvas').waitFor();
    // The chain office changes 2025's output in the table and saves.
    await page.getByTestId('indicators-edit').click();
    const cell = page.getByLabel('产值 2025');
    await cell.fill('40');
    await page.getByTestId('indicators-save').click();
    await expect.poll(() => outputRow.textContent(), { timeout: 30_000 }).toMatch(/18.*26.*40/);
    // A table is imported after its preview: nothing changes until it is confirmed.
    await page.getByTestId('cluster-indicators').locator('input[type=file]').setInputFiles({ name: '指标.csv', mimeType: 'text/csv', buffer: Buffer.from('指标,2026年\n产值,52\n') });
    const preview = page.getByTestId('indicator-preview');
    await preview.waitFor({ timeout: 30_000 });
    expect(await preview.textContent()).toContain('新增');
    expect(await outputRow.textContent()).not.toContain('52');
    await page.getByRole('dialog').getByRole('button', { name: buttonName('确认导入') }).click();
    await expect.poll(() => outputRow.textContent(), { timeout: 30_000 }).toContain('52');
    // A bad table names its row and field and changes nothing.
    await page.getByTestId('cluster-indicators').locator('input[type=file]').setInputFiles({ name: '坏.csv', mimeType: 'text/csv', buffer: Buffer.from('指标,年份,数值\n产值,2027,很多\n') });
    await expect.poll(() => page.getByTestId('indicator-problems').textContent(), { timeout: 30_000 }).toContain('第 2 行');

    // 申报准备度: criteria with thresholds said to be illustrative.
    await page.getByRole('tab', { name: '申报准备度' }).click();
    await page.getByTestId('readiness-illustrative').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('readiness-summary').textContent()).toMatch(/达到 \d+ 项，未达到 \d+ 项，缺数据 \d+ 项/);
    expect(await page.getByTestId('cluster-readiness').textContent()).toContain('集群发展促进机构');
    await screenshot(page, 'atlas-cluster-readiness', { fullPage: true });
    await page.getByRole('tab', { name: '概况' }).click();

    await page.getByRole('link', { name: '产业集群' }).first().click();
    await page.waitForURL(/\/atlas\/clusters$/);
    await page.getByRole('button', { name: /新建产业集群/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称', { exact: true }).fill('滨海新区机器人应用产业集群（测试）');
    await dialog.getByRole('combobox', { name: '所属地区' }).click();
    await page.keyboard.type('天津市');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title').filter({ hasText: /^天津市$/ }).click();
    // The chains and zones load as the dialog opens: a click on an option while its list re-renders is lost, so each
    // pick is checked in the field and made again if it did not take.
    const pick = async (name: string, option: string) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        await dialog.getByRole('combobox', { name }).click();
        const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
        await item.waitFor();
        await page.waitForTimeout(200);
        await item.click();
        await dialog.locator('.ant-modal-title').click();
        await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
        if (await dialog.locator('.ant-select-selection-item', { hasText: option }).count()) return;
      }
      throw new Error(`${name}: ${option} was not picked after three tries`);
    };
    await pick('产业链', '机器人（示例）');
    await pick('载体', '天津滨海新区（滨海新区）');
    await dialog.getByRole('button', { name: buttonName('确定') }).click();
    await page.waitForURL(/\/atlas\/clusters\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await page.getByText('滨海新区机器人应用产业集群（测试）').first().waitFor();
    await page.getByTestId('missing-segments').waitFor();
    expect(await page.getByTestId('cluster-zones').textContent()).toContain('天津滨海新区');
  }, 180_000);

  it('quarterly values show in the table and the checklist; an administrator sets the thresholds, told which field is wrong; others read them', async () => {
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'admin', `${baseUrl}/atlas/clusters`);
    const rows = page.getByTestId('clusters-table').locator('tbody tr.ant-table-row');
    await rows.filter({ hasText: '雄安新区智能机器人产业集群' }).getByRole('link', { name: '雄安新区智能机器人产业集群' }).click({ timeout: 30_000 });
    await page.waitForURL(/\/atlas\/clusters\/[0-9a-f-]{36}$/);
    const clusterUrl = page.url();
    await page.getByRole('tab', { name: '指标' }).click();
    // Quarterly values (the year so far) for a year without an annual value: the latest quarter, marked as part of the year.
    await page.getByTestId('cluster-indicators').locator('input[type=file]').setInputFiles({ name: '季度.csv', mimeType: 'text/csv', buffer: Buffer.from('指标,年份,季度,数值\n产值,2028,1,15\n产值,2028,3,47\n有效发明专利,2028,2,400\n') });
    await page.getByTestId('indicator-preview').waitFor({ timeout: 30_000 });
    await page.getByRole('dialog').getByRole('button', { name: buttonName('确认导入') }).click();
    const cell = page.getByTestId('quarterly-output-2028');
    await expect.poll(() => cell.textContent(), { timeout: 30_000 }).toBe('47 至Q3未满一年');
    expect(await page.getByTestId('quarterly-patents-2028').textContent()).toBe('400 至Q2');
    await page.getByRole('tab', { name: '申报准备度' }).click();
    const readiness = page.getByTestId('cluster-readiness');
    const patents = readiness.locator('tbody tr').filter({ hasText: '有效发明专利' });
    await expect.poll(() => patents.textContent(), { timeout: 30_000 }).toContain('2028 年第 2 季度填报值（截至该季度）');
    expect(await readiness.locator('tbody tr').filter({ hasText: '产值规模' }).textContent()).toContain('2028 年前 3 季度 47 亿元未满一年，未计入');

    // The thresholds form: a count must be whole; the message names the criterion at its field.
    await page.getByTestId('thresholds-edit').click();
    const form = page.getByTestId('thresholds-form');
    await form.getByLabel('链主（龙头）企业数', { exact: true }).fill('2.5');
    await page.getByRole('dialog').getByRole('button', { name: buttonName('确定') }).click();
    await form.getByText('链主（龙头）企业数：应为整数').waitFor({ timeout: 30_000 });
    await form.getByLabel('链主（龙头）企业数', { exact: true }).fill('6');
    await form.getByLabel('链主（龙头）企业数 依据（认定标准及年份）').fill('测试认定标准 2026');
    await page.getByRole('dialog').getByRole('button', { name: buttonName('确定') }).click();
    const leading = readiness.locator('tbody tr').filter({ hasText: '链主（龙头）企业数' });
    await expect.poll(() => leading.textContent(), { timeout: 30_000 }).toContain('≥ 6 家');
    expect(await leading.textContent()).not.toContain('*');

    // A chain office reads them, without the form.
    const other = await openPage(browser, baseUrl);
    await signInAt(other, 'fgw', clusterUrl);
    await other.getByRole('tab', { name: '申报准备度' }).click();
    await other.getByText('阈值由管理员设置，此处只读。').waitFor({ timeout: 30_000 });
    expect(await other.getByTestId('thresholds-edit').count()).toBe(0);
    expect(await other.getByTestId('cluster-readiness').locator('tbody tr').filter({ hasText: '链主（龙头）企业数' }).textContent()).toContain('≥ 6 家');
  }, 180_000);
});
