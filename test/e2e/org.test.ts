import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buttonName, DESKTOP, launchBrowser, openPage as openPageIn, PHONE, screenshot, serverUrl, signIn, signInAt } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const openPage = (viewport = DESKTOP): Promise<Page> => openPageIn(browser, baseUrl, viewport);

const sideMenu = (page: Page) => page.getByTestId('side-menu');
const unitRow = (page: Page, name: string) => page.getByTestId('unit-table').locator('tr', { has: page.getByText(name, { exact: true }) });

describe('an administrator', () => {
  it('finds units by two-character Chinese queries', async () => {
    const page = await openPage();
    await signIn(page, 'admin');
    await sideMenu(page).getByRole('menuitem', { name: '单位' }).click();
    await page.waitForURL('**/units');
    await expect.poll(() => unitRow(page, '天津市统计局').count()).toBe(1);

    await page.getByTestId('unit-search').locator('input').fill('发改');
    await page.getByTestId('unit-search').locator('input').press('Enter');
    await expect.poll(() => unitRow(page, '天津市发展和改革委员会').count()).toBe(1);
    await expect.poll(() => unitRow(page, '天津市统计局').count()).toBe(0);

    await page.getByTestId('unit-search').locator('input').fill('滨海');
    await page.getByTestId('unit-search').locator('input').press('Enter');
    await expect.poll(() => unitRow(page, '天津市滨海新区人民政府').count()).toBe(1);
    await page.context().close();
  });

  it('renames a unit’s short name, adds an alias, and reads the change field by field in the audit log', async () => {
    const page = await openPage();
    await signInAt(page, 'admin', '/units');
    const row = unitRow(page, '天津市统计局');
    await row.getByRole('button', { name: '编辑' }).click();

    const drawer = page.getByRole('dialog').filter({ hasText: '编辑单位' });
    await drawer.getByLabel('简称').fill('天津统计局');
    await drawer.getByLabel('别名').fill('市统计局');
    await drawer.getByLabel('别名').press('Enter');
    await expect.poll(() => drawer.locator('.ant-select-selection-item', { hasText: '市统计局' }).count()).toBe(1);
    await screenshot(page, 'unit-edit-1280');
    await drawer.getByTestId('unit-save').click();
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => row.textContent()).toContain('天津统计局');
    expect(await row.textContent()).toContain('市统计局');

    await sideMenu(page).getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL('**/audit');
    const entry = page.getByTestId('audit-table').locator('tr', { hasText: '修改单位 天津市统计局' });
    await expect.poll(() => entry.count()).toBe(1);
    // The entity and action are named as org's manifest names them (GET /api/audit/labels), not shown as codes.
    await expect.poll(() => entry.locator('.ant-tag').textContent()).toBe('修改');
    const cells = await entry.locator('td').allTextContents();
    expect(cells).toContain('单位');
    expect(cells).not.toContain('unit');
    // Summaries are stored as "中文 / English"; the Chinese page shows the Chinese half only.
    const signedIn = page.getByTestId('audit-table').locator('tr', { hasText: '登录 admin' }).first();
    await expect.poll(() => signedIn.textContent()).toContain('登录 admin，来自');
    expect(await signedIn.textContent()).not.toContain('signed in');
    await entry.locator('.ant-table-row-expand-icon').click();
    const diff = page.locator('[data-testid^="audit-diff-"]');
    const shortName = diff.locator('tr.luoshi-diff-changed', { hasText: '简称' });
    await expect.poll(() => shortName.count()).toBe(1);
    expect(await shortName.textContent()).toMatch(/市统计局.*天津统计局/);
    const aliases = diff.locator('tr.luoshi-diff-changed', { hasText: '别名' });
    expect(await aliases.textContent()).toContain('市统计局');
    // Fields the change did not touch are listed but not highlighted.
    expect(await diff.locator('tr:not(.luoshi-diff-changed)', { hasText: '名称' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'audit-diff-1280');
    await page.context().close();
  });

  it('sees the server’s field error on the form when a unit name is taken', async () => {
    const page = await openPage();
    await signInAt(page, 'admin', '/units');
    await page.getByRole('button', { name: '新建单位' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '新建单位' });
    await drawer.getByLabel('名称').fill('天津市统计局');
    await drawer.getByTestId('unit-save').click();
    const nameError = drawer.locator('.ant-form-item', { has: page.getByLabel('名称') }).locator('.ant-form-item-explain-error');
    await expect.poll(() => nameError.textContent()).toContain('已有同名单位');
    await page.context().close();
  });

  it('switches the interface to English and back', async () => {
    const page = await openPage();
    await signIn(page, 'admin');
    expect(await sideMenu(page).getByRole('menuitem', { name: '单位' }).count()).toBe(1);
    await page.getByTestId('language-switch').getByText('English').click();
    await expect.poll(() => sideMenu(page).getByRole('menuitem', { name: 'Units' }).count()).toBe(1);
    for (const label of ['Workbench', 'Plans', 'Atlas', 'Accounts', 'Audit log']) {
      expect(await sideMenu(page).getByRole('menuitem', { name: label }).count(), label).toBe(1);
    }
    // The choice survives a reload.
    await page.reload();
    await expect.poll(() => sideMenu(page).getByRole('menuitem', { name: 'People' }).count()).toBe(1);
    await page.getByTestId('language-switch').getByText('中文').click();
    await expect.poll(() => sideMenu(page).getByRole('menuitem', { name: '人员' }).count()).toBe(1);
    await page.context().close();
  });

  it('on a phone (390×844) opens the menu from a drawer', async () => {
    const page = await openPage(PHONE);
    await signIn(page, 'admin');
    expect(await page.getByTestId('side-menu').count()).toBe(0);
    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('menuitem', { name: '单位' }).waitFor();
    await screenshot(page, 'menu-drawer-390');
    await drawer.getByRole('menuitem', { name: '单位' }).click();
    await page.waitForURL('**/units');
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => unitRow(page, '天津市统计局').count()).toBe(1);
    // Nothing sticks out sideways except inside the table's own scroller.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'units-390');
    await page.context().close();
  });
});

describe('accounts', () => {
  it('an administrator creates one: the missing unit of a unit role is flagged on its field, then it is created and deactivated', async () => {
    const page = await openPage();
    await signIn(page, 'admin');
    await sideMenu(page).getByRole('menuitem', { name: '账号' }).click();
    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('e2e_duban');
    // Choosing the person the account belongs to fills in the name and the unit still empty.
    await dialog.getByRole('combobox', { name: '对应人员' }).fill('孙试用');
    await page.locator('.ant-select-item-option', { hasText: '孙试用' }).click();
    await expect.poll(() => dialog.getByLabel('姓名').inputValue()).toBe('孙试用');
    expect(await dialog.locator('.ant-form-item', { hasText: '所在单位' }).textContent()).toContain('天津市人民政府');
    await dialog.getByLabel('姓名').fill('测试督查员');
    await dialog.getByLabel('初始密码').fill('Check#2026-pass');
    await dialog.getByRole('button', { name: '添加角色' }).click();
    // The new role row is a unit viewer without a unit: the server names roles[0].unitId, shown on that field.
    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toContain('单位角色需要指定单位');

    await dialog.getByRole('combobox', { name: '角色' }).click();
    await page.locator('.ant-select-item-option[title="督查人员"]').click();
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await screenshot(page, 'account-create-1280');
    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('tr', { hasText: 'e2e_duban' });
    await expect.poll(() => row.textContent()).toContain('督查人员');
    expect(await row.textContent()).toContain('孙试用');

    await row.getByRole('button', { name: '停用' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: buttonName('停用') }).click();
    // Deactivated: the row offers 启用 (activate) instead, and its status tag says 停用.
    await expect.poll(() => row.getByRole('button', { name: buttonName('启用') }).count()).toBe(1);
    expect(await row.locator('.ant-tag', { hasText: '停用' }).count()).toBe(1);
    await page.context().close();
  });
});

describe('a unit viewer (swj)', () => {
  it('sees neither the accounts menu nor edit buttons on units', async () => {
    const page = await openPage();
    await signInAt(page, 'swj', '/units');
    await expect.poll(() => unitRow(page, '天津市商务局').count()).toBe(1);
    const menu = sideMenu(page);
    expect(await menu.getByRole('menuitem', { name: '单位' }).count()).toBe(1);
    expect(await menu.getByRole('menuitem', { name: '账号' }).count()).toBe(0);
    expect(await menu.getByRole('menuitem', { name: '审计日志' }).count()).toBe(0);
    expect(await page.getByTestId('unit-table').getByRole('button', { name: '编辑' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '新建单位' }).count()).toBe(0);
    await screenshot(page, 'units-viewer-1280');

    await page.goto('/accounts');
    await page.getByText('您没有访问此页面的权限').waitFor();
    await page.context().close();
  });
});
