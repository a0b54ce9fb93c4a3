import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buttonName, launchBrowser, openPage, screenshot, serverUrl, signInAt } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const NAME = '浏览器测试氢能装备项目';

describe('projects (项目化) in the browser (demo data)', () => {
  it('a unit editor adds a project to a task it leads and moves it to 开工; the plan’s project list shows it in the totals', async () => {
    // 市发展改革委 leads task 3 of the demo plan half-way through its year (谋划实施一批产业链协同项目).
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'fgw', '/reporting');
    // The task is owed this month, or (once another browser test has reported on it) under 已报送.
    const row = page.locator('tr.ant-table-row:visible', { hasText: '3. 谋划实施一批产业链协同项目' }).first();
    let tab = 0;
    const shown = async () => {
      if (await row.count()) return true;
      await page.getByRole('tab', { name: [/^待报/, /^已报送/][++tab % 2] }).click();
      return false;
    };
    await expect.poll(shown).toBe(true);
    await row.getByRole('button').first().click();
    const section = page.getByRole('dialog').getByTestId('task-projects');
    await section.getByTestId('project-card').first().waitFor();
    const before = await section.getByTestId('project-card').count();

    await section.getByRole('button', { name: /新增项目/ }).click();
    const add = page.getByRole('dialog', { name: '新增项目' });
    await add.getByLabel('项目名称').fill(NAME);
    await add.getByLabel('金额（万元）').fill('6800');
    await add.getByLabel('所在区域').fill('120116');
    await add.getByLabel('合作企业').fill('示例氢能（天津）有限公司');
    // A credit code with a wrong check character is refused, naming the field; the right one is accepted.
    await add.getByLabel('统一社会信用代码').fill('91110000100017643J');
    await add.getByRole('button', { name: buttonName('保存') }).click();
    await add.getByText(/校验码不对（应为 K）/).first().waitFor();
    await add.getByLabel('统一社会信用代码').fill('91110000100017643K');
    await add.getByRole('button', { name: buttonName('保存') }).click();
    await expect.poll(() => section.getByTestId('project-card').count()).toBe(before + 1);

    const card = section.getByTestId('project-card').filter({ hasText: NAME });
    await expect.poll(() => card.getByTestId('project-stage').textContent()).toBe('签约');
    await card.getByRole('button', { name: buttonName('推进阶段') }).click();
    const move = page.getByRole('dialog', { name: '推进阶段' });
    await move.getByRole('button', { name: buttonName('保存') }).click();
    await expect.poll(() => card.getByTestId('project-stage').textContent()).toBe('开工');
    await card.getByText(/推进到开工/).waitFor();
    // A wrong amount and a missing segment are corrected in the edit form; the card shows the new figures at once.
    await card.getByTestId('project-edit').click();
    const edit = page.getByRole('dialog', { name: '修改' });
    await expect.poll(() => edit.getByLabel('项目名称').inputValue()).toBe(NAME);
    await edit.getByLabel('金额（万元）').fill('7200');
    await edit.getByLabel('产业链环节').fill('氢能装备·电解槽');
    await edit.getByRole('button', { name: buttonName('保存') }).click();
    await card.getByText('7,200').waitFor();
    await card.getByText('氢能装备·电解槽').waitFor();
    await expect.poll(() => card.getByTestId('project-stage').textContent()).toBe('开工');
    await screenshot(page, 'projects-task-section', { fullPage: true });

    // The plan's project list: the totals by stage count the new project under 开工.
    await page.goto('/projects');
    await page.getByTestId('plan-select').click();
    await page.locator('.ant-select-item-option', { hasText: '年度重点任务分工方案（示例）' }).click();
    const rows = page.locator('tbody tr.ant-table-row');
    await rows.filter({ hasText: NAME }).waitFor();
    const total = async (testId: string) => Number((await page.getByTestId(testId).locator('.ant-statistic-content-value').first().textContent())!.replace(/\D/g, ''));
    await expect.poll(async () => (await rows.count()) === (await total('project-totals')) && (await rows.count()) > 0).toBe(true);
    const started = await total('total-started');
    expect(started).toBeGreaterThan(0);
    await page.getByTestId('total-started').click();
    await expect.poll(() => rows.count()).toBe(started);
    await rows.filter({ hasText: NAME }).waitFor();
    await expect.poll(async () => (await rows.allTextContents()).every((t) => t.includes('开工'))).toBe(true);
    await screenshot(page, 'projects-list', { fullPage: true });
  });
});
