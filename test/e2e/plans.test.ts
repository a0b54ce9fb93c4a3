import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchBrowser, openPage as openPageIn, PHONE, screenshot, serverUrl, signIn, signInAt } from './browser.ts';
import { severalSheetsLayout, workbookBytes } from '../fixtures/plans/tables.ts';

const baseUrl = serverUrl();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Real sample files, copied into the repository (test/fixtures/real/README.md).
const DOCUMENT = path.resolve(ROOT, 'test/fixtures/real/documents/guowuyuan_guojia-zhiye-jiaoyu-gaige-shishi-fangan_2019.md');
const ANNEX_DOCUMENT = path.resolve(ROOT, 'test/fixtures/real/documents/guobanfa_tuiguang-dierpi-zhichi-chuangxin-gaige-jucuo_qingdan-biao_2018.md');
const TASK_TABLE = path.resolve(ROOT, 'test/fixtures/real/plans/task-division-example.xlsx');
const PLAN_TITLE = '国家职业教育改革实施方案';
// What the supervisor corrects on the review page before saving.
const EDITED_TITLE = `${PLAN_TITLE}（校对稿）`;
const EDITED_PREAMBLE = '为办好新时代职业教育，制定本实施方案。';
const TABLE_TITLE = '贯彻落实市委全会《决定》重点任务分工方案（示例）';
// The demo region's issued plan (src/modules/ledger/demo/decision.md).
const DEMO_TITLE = '中共天津市委关于推动京津冀产业链协同发展的决定（示例）';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const openPage = (viewport = DESKTOP): Promise<Page> => openPageIn(browser, baseUrl, viewport);

const treeNode = (page: Page, label: string) => page.getByTestId('plan-node').filter({ hasText: label });
const topLevel = (page: Page) => page.locator('[data-testid="plan-node"][data-depth="1"]');
const taskRows = (page: Page) => page.getByTestId('task-table').getByTestId('task-row');

async function openPlan(page: Page, title: string): Promise<void> {
  await page.goto('/plans');
  await page.getByTestId('plan-link').filter({ hasText: title }).first().click();
  await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
  await page.getByTestId('plan-title').filter({ hasText: title }).waitFor();
}

describe('the supervisor (duban)', () => {
  it('imports a document, fixes the parsed tree against the source, and saves it as a plan', async () => {
    const page = await openPage();
    await signInAt(page, 'duban', '/plans');
    await page.getByRole('button', { name: '导入公文' }).click();
    await page.waitForURL('**/plans/new');
    await page.locator('input[type="file"]').setInputFiles(DOCUMENT);
    await page.getByTestId('plan-tree').waitFor();

    // The parser found the plan's seven parts; the title is the plan's, not the covering notice's.
    await expect.poll(() => topLevel(page).count()).toBe(7);
    expect(await page.getByTestId('plan-title').inputValue()).toBe(PLAN_TITLE);
    expect(await page.getByTestId('parse-summary').textContent()).toContain('已识别 7 个一级条目');

    // Clicking a node marks its lines in the source.
    await treeNode(page, '（二）提高中等职业教育发展水平').click();
    const marked = page.getByTestId('source-text').locator('[data-highlighted]');
    await expect.poll(() => marked.first().textContent()).toContain('（二）提高中等职业教育发展水平');

    // Outdent (四) to the top level, then fold (六) into (五).
    await treeNode(page, '（四）完善高层次应用型人才培养体系').click();
    await page.getByRole('button', { name: '升级' }).click();
    await expect.poll(() => topLevel(page).count()).toBe(8);
    expect(await treeNode(page, '（四）完善高层次应用型人才培养体系').getAttribute('data-depth')).toBe('1');

    await treeNode(page, '（六）启动1+X证书制度试点工作').click();
    await page.getByRole('button', { name: '并入上一条' }).click();
    await expect.poll(() => treeNode(page, '（六）启动1+X证书制度试点工作').count()).toBe(0);
    // The merged node is selected, its text now ending with what (六) said.
    expect(await page.getByTestId('node-editor').getByLabel('标题').inputValue()).toBe('完善教育教学相关标准');
    expect(await page.getByTestId('node-editor').getByLabel('正文').inputValue()).toContain('（六）启动1+X证书制度试点工作。');

    // Undo brings (六) back; redoing the merge is one click again.
    await page.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => treeNode(page, '（六）启动1+X证书制度试点工作').count()).toBe(1);
    await treeNode(page, '（六）启动1+X证书制度试点工作').click();
    await page.getByRole('button', { name: '并入上一条' }).click();
    await expect.poll(() => treeNode(page, '（六）启动1+X证书制度试点工作').count()).toBe(0);

    // The text around the tree is read and can be corrected too: the preamble (not the covering notice) and the title.
    const preamble = page.getByTestId('plan-preamble');
    expect(await preamble.inputValue()).toMatch(/^职业教育与普通教育是两种不同教育类型/);
    expect(await preamble.inputValue()).not.toContain('印发给你们');
    await page.getByTestId('plan-title').fill(EDITED_TITLE);
    await preamble.fill(EDITED_PREAMBLE);
    await screenshot(page, 'plan-import-1280');
    await screenshot(page, 'plan-import-1280-full', { fullPage: true });

    await page.getByTestId('plan-save').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    await page.getByTestId('plan-title').filter({ hasText: EDITED_TITLE }).waitFor();
    await page.getByTestId('plan-tree').waitFor();
    await expect.poll(() => topLevel(page).count()).toBe(8);
    expect(await treeNode(page, '（六）启动1+X证书制度试点工作').count()).toBe(0);
    expect(await page.getByTestId('plan-status').textContent()).toBe('讨论稿');
    // The document's facts came along.
    expect(await page.getByTestId('document-info').textContent()).toContain('国发〔2019〕4号');
    await page.getByTestId('document-info').getByText('导语', { exact: true }).click();
    await expect.poll(() => page.getByTestId('document-info').textContent()).toContain(EDITED_PREAMBLE);
    await screenshot(page, 'plan-detail-1280');

    // A later version corrects the closing alone: the tree is untouched, the text around it is saved with it.
    await page.getByRole('button', { name: '修改正文' }).click();
    expect(await page.getByTestId('version-preamble').inputValue()).toBe(EDITED_PREAMBLE);
    await page.getByTestId('version-closing').fill('本方案自印发之日起施行。');
    await page.getByTestId('version-save').click();
    await page.getByTestId('version-save').waitFor({ state: 'detached' });
    await page.getByTestId('document-info').getByText('结束语', { exact: true }).click();
    await expect.poll(() => page.getByTestId('document-info').textContent()).toContain('本方案自印发之日起施行。');
    await page.context().close();
  });

  it('imports a task-division table: sees the preview, confirms, and gets the tasks', async () => {
    const page = await openPage();
    await signInAt(page, 'duban', '/plans');
    await page.getByRole('button', { name: '导入任务分工表' }).click();
    await page.waitForURL('**/plans/import-table');
    await page.locator('input[type="file"]').setInputFiles(TASK_TABLE);
    await page.getByTestId('import-preview').waitFor();

    const preview = page.getByTestId('preview-table');
    await expect.poll(() => preview.getByTestId('task-row').count()).toBe(10);
    expect(await page.getByTestId('import-title').inputValue()).toBe(TABLE_TITLE);
    // Written and understood deadline side by side; a written leader not in the directory is flagged.
    const first = preview.getByTestId('task-row').first();
    expect(await first.textContent()).toContain('2024年底前');
    expect(await first.getByTestId('deadline-understood').textContent()).toContain('2024-12-31');
    expect(await first.locator('[data-matched="false"]', { hasText: '刘建华' }).count()).toBe(1);
    expect(await first.locator('[data-matched="true"]', { hasText: '市发展改革委' }).count()).toBe(1);
    expect(await page.getByTestId('import-unmatched').textContent()).toContain('第 4, 5, 6 行');
    await screenshot(page, 'plan-table-preview-1280');

    // Nothing was saved by the preview.
    await page.goto('/plans');
    await page.getByTestId('plan-table').waitFor();
    await expect.poll(() => page.getByTestId('plan-link').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('plan-link').filter({ hasText: TABLE_TITLE }).count()).toBe(0);

    await page.goto('/plans/import-table');
    await page.locator('input[type="file"]').setInputFiles(TASK_TABLE);
    await page.getByTestId('import-confirm').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}\?tab=tasks/);
    await expect.poll(() => taskRows(page).count()).toBe(10);
    expect(await page.getByTestId('plan-title').textContent()).toBe(TABLE_TITLE);
    expect(await page.getByTestId('task-table').getByTestId('task-group').first().textContent()).toBe('一、全力推动京津冀协同发展走深走实');
    // The written names still to be matched are listed for resolving.
    expect(await page.getByTestId('unresolved-names').textContent()).toContain('刘建华');
    await screenshot(page, 'plan-tasks-1280');
    await page.context().close();
  });

  it('reads a task table\'s problems in Chinese, row and column first', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
    const file = path.join(dir, '缺牵头单位.xlsx');
    fs.writeFileSync(file, await workbookBytes([['序号', '重点任务', '牵头单位', '完成时限'], ['1', '推进产业园区建设', '', '2024年底前']]));
    const page = await openPage();
    try {
      await signInAt(page, 'duban', '/plans/import-table');
      await page.locator('input[type="file"]').setInputFiles(file);
      const problems = page.getByTestId('import-problems');
      await problems.waitFor();
      const text = (await problems.textContent()) ?? '';
      expect(text).toContain('第 2 行 第 C 列');
      expect(text).toContain('未填写牵头单位');
      expect(text).not.toContain('no lead unit');
    } finally {
      await page.context().close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on a phone, chooses the second task sheet of a workbook, sees its tasks, and imports that sheet', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
    const file = path.join(dir, '分工方案-分部分.xlsx');
    fs.writeFileSync(file, await severalSheetsLayout());
    const page = await openPage(PHONE);
    try {
      await signInAt(page, 'duban', '/plans/import-table');
      await page.locator('input[type="file"]').setInputFiles(file);
      const picker = page.getByTestId('import-sheet');
      await picker.waitFor();
      const preview = page.getByTestId('preview-table');
      await expect.poll(() => preview.getByTestId('task-row').count()).toBe(2);
      expect(await picker.textContent()).toContain('第一部分');
      // The picker offers the other task sheet, so no warning repeats that it also looks like a task table.
      expect(await page.getByTestId('import-problems').count()).toBe(0);

      await picker.click();
      const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      // The notes sheet is listed but cannot be chosen.
      expect(await options.filter({ hasText: '说明' }).getAttribute('aria-disabled')).toBe('true');
      await screenshot(page, 'plan-table-sheet-picker-390');
      await options.filter({ hasText: '第二部分' }).click();
      await expect.poll(() => preview.getByTestId('task-row').count()).toBe(3);
      expect(await preview.textContent()).toContain('治理城市内涝');
      expect(await page.getByTestId('import-title').inputValue()).toBe('2025年重点任务分工（第二部分）');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, 'plan-table-sheets-390');

      await page.getByTestId('import-confirm').click();
      await page.waitForURL(/\/plans\/[0-9a-f-]{36}\?tab=tasks/);
      await expect.poll(() => taskRows(page).count()).toBe(3);
      expect(await page.getByTestId('plan-title').textContent()).toBe('2025年重点任务分工（第二部分）');
    } finally {
      await page.context().close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on a phone (390×844) reads a plan and its tasks without sideways scrolling', async () => {
    const page = await openPage(PHONE);
    await signIn(page, 'duban');
    await openPlan(page, PLAN_TITLE);
    await page.getByTestId('plan-tree').waitFor();
    await treeNode(page, '（二）提高中等职业教育发展水平').click();
    await page.getByTestId('node-view').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'plan-detail-390');

    await openPlan(page, TABLE_TITLE);
    await page.getByRole('tab', { name: '任务分工' }).click();
    await expect.poll(() => taskRows(page).count()).toBe(10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'plan-tasks-390');

    await page.goto('/plans/new');
    await page.locator('input[type="file"]').setInputFiles(DOCUMENT);
    await page.getByTestId('plan-tree').waitFor();
    await treeNode(page, '（三）推进高等职业教育高质量发展').click();
    await page.getByTestId('node-editor').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'plan-import-390');
    await screenshot(page, 'plan-import-390-full', { fullPage: true });

    // A list document's annex table is shown read-only before saving, inside the page's width.
    await page.getByRole('button', { name: '换一个文件' }).click();
    await page.locator('input[type="file"]').setInputFiles(ANNEX_DOCUMENT);
    await page.getByTestId('plan-tree').waitFor();
    await page.getByTestId('document-info').getByText(/^附件表格/).click();
    await expect.poll(() => page.getByTestId('annex-table').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('annex-table').first().locator('tbody tr').count()).toBeGreaterThan(3);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.getByTestId('annex-table').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'plan-import-annex-390');
    await page.context().close();
  });
});

describe('a unit editor of another unit (fgw)', () => {
  it('does not see the supervisor’s drafts, and reads an issued plan without buttons to change it', async () => {
    const page = await openPage();
    await signInAt(page, 'fgw', '/plans');
    const links = page.getByTestId('plan-link');
    await expect.poll(() => links.filter({ hasText: DEMO_TITLE }).count()).toBe(1);
    // Drafts are read only by their owning side, supervisors and admins (issue 11): the two plans made above are drafts.
    expect(await links.filter({ hasText: PLAN_TITLE }).count()).toBe(0);
    expect(await links.filter({ hasText: TABLE_TITLE }).count()).toBe(0);

    await openPlan(page, DEMO_TITLE);
    await page.getByTestId('plan-tree').waitFor();
    expect(await page.getByTestId('plan-status-menu').count()).toBe(0);
    expect(await page.getByTestId('plan-delete').count()).toBe(0);
    expect(await page.getByRole('button', { name: '修改正文' }).count()).toBe(0);
    // Reading and exporting an issued plan stay open to everyone signed in.
    expect(await page.getByTestId('plan-export').count()).toBe(1);
    await screenshot(page, 'plan-viewer-1280');
    await page.context().close();
  });
});
