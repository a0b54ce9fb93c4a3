import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// A real State Council document (test/fixtures/real/README.md): six parts, 23 articles and a closing paragraph.
const SANXIANG = path.resolve(ROOT, 'test/fixtures/real/documents/guobanfa_xingzheng-zhifa-sanxiang-zhidu_zhidao-yijian_2018.md');
const TASK_TABLE = path.resolve(ROOT, 'test/fixtures/real/plans/task-division-example.xlsx');
const TABLE_TITLE = '贯彻落实市委全会《决定》重点任务分工方案（示例）';
// A 清单 of reform measures in an annex table, each with its 指导部门.
const QINGDAN = path.resolve(ROOT, 'test/fixtures/real/documents/guobanfa_tuiguang-dierpi-zhichi-chuangxin-gaige-jucuo_qingdan-biao_2018.md');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const taskRows = (page: Page) => page.getByTestId('task-table').getByTestId('task-row');
const pickLine = (page: Page, text: string) => page.getByTestId('from-nodes-tree').locator('.ant-tree-treenode').filter({ hasText: text }).first();

/** Imports the document as it stands and opens the new plan's tasks. */
async function importDocument(page: Page, file = SANXIANG): Promise<void> {
  await page.goto('/plans/new');
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByTestId('plan-tree').waitFor();
  await page.getByTestId('plan-save').click();
  await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
  await page.goto(`${page.url()}?tab=tasks`);
  await page.getByTestId('tasks-from-nodes').waitFor();
}

describe('making tasks from the nodes of a document (duban)', () => {
  it('ticks a part with its items and the closing, names tasks by their lead sentence, and does not make them twice', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'duban');
    await importDocument(page);

    await page.getByTestId('tasks-from-nodes').click();
    // Ticking the part ticks its six articles; the closing paragraph (结束语) can be ticked too.
    await pickLine(page, '六、加大组织保障力度').locator('.ant-tree-checkbox').click();
    await pickLine(page, '各地区、各部门要于2019年3月底前').locator('.ant-tree-checkbox').click();
    await expect.poll(() => page.getByTestId('from-nodes-ok').textContent()).toContain('生成 7 项任务');
    await page.getByTestId('from-nodes-ok').click();
    await expect.poll(() => taskRows(page).count()).toBe(7);
    // The task is named by the article's heading, not the whole paragraph.
    const last = taskRows(page).filter({ hasText: '加强队伍建设' });
    expect(await last.count()).toBe(1);
    expect(await last.textContent()).not.toContain('高素质的执法人员');
    expect(await page.getByTestId('task-table').textContent()).toContain('各地区、各部门要于2019年3月底前制定本地区、本部门全面推行“三项制度”的实施方案');

    // Again: the nodes that have a task are marked and cannot be ticked, so nothing is made twice.
    await page.getByTestId('tasks-from-nodes').click();
    const article = pickLine(page, '（二十三）加强队伍建设');
    expect(await article.textContent()).toContain('已有任务');
    expect(await article.locator('.ant-tree-checkbox-disabled').count()).toBe(1);
    await pickLine(page, '六、加大组织保障力度').locator('.ant-tree-checkbox').click();
    await expect.poll(() => page.getByTestId('from-nodes-ok').isDisabled()).toBe(true);
    // Asked explicitly, the person may make one again.
    await page.getByTestId('from-nodes-again').click();
    await pickLine(page, '（二十三）加强队伍建设').locator('.ant-tree-checkbox').click();
    await page.getByTestId('from-nodes-ok').click();
    await expect.poll(() => taskRows(page).count()).toBe(8);
    await page.context().close();
  });

  it('takes the kind from the deadline written in the drawer, and shows a recurring deadline with its day and month', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'duban');
    await importDocument(page);
    await page.getByTestId('tasks-from-nodes').click();
    await pickLine(page, '（二十三）加强队伍建设').locator('.ant-tree-checkbox').click();
    await page.getByTestId('from-nodes-ok').click();
    await expect.poll(() => taskRows(page).count()).toBe(1);
    expect(await taskRows(page).first().textContent()).toContain('一次性');

    const setDeadline = async (text: string) => {
      await taskRows(page).first().getByTestId('task-edit').click();
      await page.getByLabel('完成时限').fill(text);
      await page.getByTestId('task-save').click();
      await page.getByTestId('task-save').waitFor({ state: 'hidden' });
    };
    // 长期坚持 as the deadline makes the task 长期坚持, as the table import reads it.
    await setDeadline('长期坚持');
    // The row shows the new deadline and kind together once the saved task comes back (the kind may follow a moment later).
    await expect.poll(async () => { const text = (await taskRows(page).first().textContent()) ?? ''; return text.includes('长期坚持') && !text.includes('一次性'); }).toBe(true);
    // A yearly deadline keeps its day and month.
    await setDeadline('每年1月31日前');
    await expect.poll(() => taskRows(page).first().getByTestId('deadline-understood').textContent()).toBe('每年1月31日前');
    await page.context().close();
  });

  it('makes one task per row of an annex table, the unit column as the lead unit', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'duban');
    await importDocument(page, QINGDAN);
    await page.getByTestId('tasks-from-table').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => taskRows(page).count()).toBe(17);
    const first = taskRows(page).first();
    expect(await first.textContent()).toContain('知识产权民事、刑事、行政案件“三合一”审判');
    expect(await page.getByTestId('task-table').getByTestId('task-group').first().textContent()).toBe('一、知识产权保护方面（共5项）');
    // The 指导部门 is read as the lead unit; names not in the directory wait in the panel.
    expect(await page.getByTestId('unresolved-names').count()).toBe(1);
    await page.context().close();
  });

  it('warns when the same task table is imported again, and updates the earlier plan instead of making a second', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'duban');
    const plansTitled = async () => {
      await page.goto('/plans');
      await page.getByTestId('plan-table').waitFor();
      await expect.poll(() => page.getByTestId('plan-link').count()).toBeGreaterThan(0);
      return page.getByTestId('plan-link').filter({ hasText: TABLE_TITLE }).count();
    };
    const upload = async () => {
      await page.goto('/plans/import-table');
      await page.locator('input[type="file"]').setInputFiles(TASK_TABLE);
      await page.getByTestId('import-preview').waitFor();
    };
    await upload();
    if ((await page.getByTestId('import-same-plan').count()) === 0) {
      await page.getByTestId('import-confirm').click();
      await page.waitForURL(/\/plans\/[0-9a-f-]{36}\?tab=tasks/);
    }
    const before = await plansTitled();
    expect(before).toBeGreaterThan(0);

    await upload();
    expect(await page.getByTestId('import-same-plan').textContent()).toContain('已有同名且任务相同的规划');
    await page.getByTestId('import-update-same').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}\?tab=tasks/);
    await expect.poll(() => taskRows(page).count()).toBe(10);
    expect(await plansTitled()).toBe(before);
    await page.context().close();
  });
});
