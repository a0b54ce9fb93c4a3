import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chooseOption, launchBrowser, openPage, screenshot, serverUrl, signIn, signInAt } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('堵点 and 卡点 in the browser (demo chains)', () => {
  it('a chain office opens the gaps of 京津冀 against 长三角 with candidates and why, then the chokepoints', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    await page.getByRole('menuitem', { name: /产业链图谱/ }).click();
    await page.getByText('集成电路（示例）').first().click();
    await page.waitForURL(/\/atlas\/chains\/[0-9a-f-]{36}$/);
    await page.getByTestId('chain-analysis-link').click();
    await page.waitForURL(/\/analysis$/);
    const gaps = page.getByTestId('gaps-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => gaps.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The rule applied is shown in words, and each gap says why.
    await page.getByText('判定规则').waitFor();
    expect(((await gaps.first().textContent()) ?? '').length).toBeGreaterThan(4);
    // A gap opens on its candidates elsewhere, ranked, with their reasons.
    await gaps.first().locator('.ant-table-row-expand-icon').click();
    await page.getByText('招商候选').first().waitFor();
    await screenshot(page, 'atlas-gaps', { fullPage: true });
    await page.getByRole('tab', { name: /^卡点/ }).click();
    const marks = page.getByTestId('chokepoints-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => marks.count()).toBeGreaterThan(0);
    await screenshot(page, 'atlas-chokepoints', { fullPage: true });
  });
});

describe('from the map to 招商 work in the browser (found on the walk)', () => {
  it('the coverage matrix compares the three regions with 长三角 and 粤港澳, and candidates name their city', async () => {
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'fgw', '/atlas');
    await page.getByText('集成电路（示例）').first().click();
    await page.getByTestId('chain-analysis-link').click();
    await page.waitForURL(/\/analysis$/);
    const gaps = page.getByTestId('gaps-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => gaps.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await gaps.first().locator('.ant-table-row-expand-icon').click();
    // 所在地区 is a place a reader knows (杭州市), not a code (330100).
    const candidates = page.locator('.ant-table-expanded-row tbody tr.ant-table-row');
    await expect.poll(() => candidates.count()).toBeGreaterThan(0);
    const where = await candidates.first().locator('td').nth(3).innerText();
    expect(where).toMatch(/[市省区]$/);
    await page.getByRole('tab', { name: '覆盖矩阵' }).click();
    const header = page.getByTestId('coverage-table').locator('thead');
    for (const column of ['京津冀', '北京市', '天津市', '河北省', '长三角', '粤港澳大湾区']) await header.getByText(column, { exact: true }).first().waitFor();
    const rows = page.getByTestId('coverage-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(20);
    expect(await rows.first().innerText()).toMatch(/强度 \d+/);
    // A district is added as a column of its own (the matrix named only the three regions and the reference ones).
    const add = page.getByRole('combobox', { name: /加列/ });
    await add.fill('滨海新区');
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: /^滨海新区$/ }).first().click();
    await page.keyboard.press('Escape');
    await header.getByText('滨海新区', { exact: true }).first().waitFor();
    expect(await rows.first().innerText()).toMatch(/强度 \d+/);
    await screenshot(page, 'atlas-coverage', { fullPage: true });
  });

  it('ticked candidates become one ledger task in one action and the gap shows them in progress', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'admin'); // may add tasks to the demo plan (the chain office fgw may not: the dialog says so)
    await page.goto('/atlas');
    await page.getByText('集成电路（示例）').first().click();
    await page.getByTestId('chain-analysis-link').click();
    await page.waitForURL(/\/analysis$/);
    const gaps = page.getByTestId('gaps-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => gaps.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const first = gaps.first();
    expect(await first.innerText()).toContain('尚未转为任务');
    // At 1280 px the reasons read across, not one character a line (the column had no width and was squeezed).
    const reasons = first.locator('td').nth(2);
    expect(await reasons.innerText()).toMatch(/本地区空白|弱于对标地区|比重低于全国/);
    expect((await reasons.boundingBox())!.width).toBeGreaterThan(120);
    await first.locator('.ant-table-row-expand-icon').click();
    // The candidates' columns are named, the score too.
    await page.locator('.ant-table-expanded-row thead').getByText('候选得分').waitFor();
    const boxes = page.locator('.ant-table-expanded-row tbody tr.ant-table-row .ant-checkbox-input');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId('gap-targets').click();
    await expect.poll(() => page.getByTestId('gap-targets-chosen').locator('li').count()).toBe(2);
    await chooseOption(page, page.getByTestId('gap-targets-plan'), '产业链协同发展');
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await page.getByRole('button', { name: '创建任务与招商目标' }).click();
    await page.getByText('已新建任务，2 个招商目标处于“线索”').waitFor();
    // The default view is 京津冀 while the plan is Tianjin's: the gap counts the targets all the same.
    await expect.poll(() => first.innerText()).toContain('线索 2');
    await screenshot(page, 'atlas-gap-targets');
    // The targets are followed on: one signs (a project under its task), and the gap counts it as signed.
    await page.getByRole('tab', { name: /^招商目标/ }).click();
    const targets = page.getByTestId('targets-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => targets.count()).toBe(2);
    await targets.first().getByTestId('target-move').click();
    await page.getByText('转为“签约”').click();
    await page.getByRole('spinbutton', { name: /签约金额/ }).fill('8000');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => targets.first().innerText()).toContain('已建项目');
    await page.getByRole('tab', { name: /^堵点/ }).click();
    await expect.poll(() => first.innerText()).toContain('线索 1 · 对接 0 · 签约 1');
  });

  it('an enterprise is linked to a segment by hand in its drawer, and its 成龙配套 lists customers with distances', async () => {
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'fgw', '/atlas/enterprises');
    await page.getByPlaceholder(/按企业名称/).fill('滨海示例晶圆制造');
    await page.keyboard.press('Enter');
    await page.getByText('滨海示例晶圆制造有限公司').first().click();
    const drawer = page.locator('.ant-drawer-body');
    await drawer.getByTestId('link-add').click();
    const form = drawer.getByTestId('link-form');
    await form.getByRole('combobox', { name: '产业链' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '集成电路' }).first().click();
    await form.getByRole('combobox', { name: '环节' }).click();
    await form.getByRole('combobox', { name: '环节' }).fill('光刻胶');
    await page.locator('.ant-select-item-option').filter({ hasText: '光刻胶' }).first().click();
    await form.getByRole('textbox', { name: '来源' }).fill('现场走访');
    await drawer.getByTestId('link-save').click();
    const made = drawer.locator('li[data-testid^="link-"]').filter({ hasText: '光刻胶' });
    await made.first().waitFor();
    expect(await made.first().innerText()).toContain('现场走访');
    await drawer.getByTestId('enterprise-match-load').click();
    await drawer.getByText('通常配套半径 100–150 公里').waitFor();
    const lines = drawer.getByTestId('match-customers').locator('tbody tr.ant-table-row').or(drawer.getByTestId('match-suppliers').locator('tbody tr.ant-table-row'));
    await expect.poll(() => lines.count()).toBeGreaterThan(0);
    expect(await lines.first().innerText()).toMatch(/\d+ 公里/);
    await screenshot(page, 'atlas-enterprise-match');
  });
});
