import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buttonName, launchBrowser, openPage, serverUrl, signInAt } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TITLE = '浏览器测试用地协调会';

describe('activities (专题学习、调研、协调会) in the browser (demo data)', () => {
  it('a unit editor records a 协调会 on a task it leads and sees it in the task’s timeline', async () => {
    // 市发展改革委 leads task 3 of the demo plan half-way through its year.
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'fgw', '/reporting');
    const row = page.locator('tr.ant-table-row:visible', { hasText: '3. 谋划实施一批产业链协同项目' }).first();
    let tab = 0;
    const shown = async () => {
      if (await row.count()) return true;
      await page.getByRole('tab', { name: [/^待报/, /^已报送/][++tab % 2] }).click();
      return false;
    };
    await expect.poll(shown).toBe(true);
    await row.getByRole('button').first().click();
    const section = page.getByRole('dialog').getByTestId('task-activities');
    await section.getByTestId('activity-add').click();
    const add = page.getByRole('dialog', { name: '记录活动' });
    // 协调会 is the default kind.
    await expect.poll(() => add.getByTestId('activity-kind').textContent()).toContain('协调会');
    await add.getByLabel('主题').fill(TITLE);
    await add.getByLabel('参加人员').fill('市发展改革委、市规划资源局');
    await add.getByLabel('活动成果').fill('明确项目用地指标');
    await add.getByRole('button', { name: buttonName('保存') }).click();
    const item = section.getByTestId('activity-item').filter({ hasText: TITLE });
    await item.waitFor();
    const text = (await item.textContent())!;
    expect(text).toContain('协调会');
    expect(text).toContain('市规划资源局');
    expect(text).toContain('明确项目用地指标');

    // The task's whole timeline (任务全程) puts the meeting among the steps of the task's reports of every period.
    const timeline = page.getByRole('dialog').getByTestId('report-timeline');
    const whole = timeline.getByText(/^任务全程/);
    if (await whole.count()) await whole.click();
    const lines = timeline.getByTestId('task-timeline-item');
    await expect.poll(() => lines.filter({ hasText: TITLE }).count()).toBe(1);
    expect(await lines.filter({ hasText: TITLE }).getAttribute('data-type')).toBe('activity');
    // The demo's earlier months' reports of this task are there too, each named by its period and unit.
    await expect.poll(async () => (await lines.evaluateAll((els) => els.filter((e) => e.getAttribute('data-type') === 'report').map((e) => e.textContent ?? ''))).some((t) => /\d{4}-\d{2}/.test(t) && t.includes('发展'))).toBe(true);
  });
});
