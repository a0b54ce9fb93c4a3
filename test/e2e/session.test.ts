import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/modules/org/org.seed.ts';
import { buttonName, launchBrowser, newContext, screenshot, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openPage(): Promise<Page> {
  const context = await newContext(browser, baseUrl);
  return context.newPage();
}

describe('signing in and out', () => {
  it('sends a visitor to the sign-in page and back to where they were going', async () => {
    const page = await openPage();
    await page.goto('/people');
    await page.waitForURL('**/login?next=%2Fpeople');
    await screenshot(page, 'login-1280');
    await page.locator('#username').fill('duban');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL('**/people');
    expect(await page.getByTestId('user-menu').textContent()).toContain('吴督查');
    await page.context().close();
  });

  it('lists the demo accounts on the sign-in page in demo mode; clicking one fills the form', async () => {
    const page = await openPage();
    await page.goto('/login');
    const demo = page.getByRole('region', { name: '演示账号' });
    await expect.poll(() => demo.textContent()).toContain(DEMO_PASSWORD);
    expect(await demo.textContent()).toContain('督查人员');
    await demo.getByRole('button', { name: /duban/ }).click();
    expect(await page.locator('#username').inputValue()).toBe('duban');
    expect(await page.locator('#password').inputValue()).toBe(DEMO_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL('**/dashboard');
    await page.context().close();
  });

  it('says so when the password is wrong, and when the server throttles sign-ins', async () => {
    const page = await openPage();
    await page.goto('/login');
    await page.locator('#username').fill('fgw');
    await page.locator('#password').fill('not-the-password');
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码不正确');

    // Five real failures would lock this address out for the other tests, so the 429 is played by the browser.
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'retry-after': '600', 'content-type': 'application/json' },
        body: JSON.stringify({ error: { code: 'rate_limited', message: '登录失败次数过多 / too many failed sign-ins', zh: '登录失败次数过多', en: 'too many failed sign-ins', details: [] } }),
      }),
    );
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('请 10 分钟后再试');
    await page.context().close();
  });

  it('lets a user change their own password, sign out, and sign in with the new one', async () => {
    const page = await openPage();
    await signIn(page, 'leader');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('当前密码').fill(DEMO_PASSWORD);
    // The server's strength rule shows on the field it is about.
    await dialog.getByLabel('新密码', { exact: true }).fill('Leader#2026x');
    await dialog.getByLabel('确认新密码').fill('Leader#2026x');
    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    const newPasswordItem = dialog.locator('.ant-form-item', { has: page.getByLabel('新密码', { exact: true }) });
    await expect.poll(() => newPasswordItem.locator('.ant-form-item-explain-error').textContent()).toContain('密码不能包含用户名');

    const next = 'Fresh#2026-luoshi';
    await dialog.getByLabel('新密码', { exact: true }).fill(next);
    await dialog.getByLabel('确认新密码').fill(next);
    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    await page.getByText('密码已修改').waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    await signIn(page, 'leader', next);
    expect(await page.getByTestId('user-menu').textContent()).toContain('张样例');

    // The browser tests share one server: the demo password goes back, so later files can sign in as the leader.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    const again = page.getByRole('dialog');
    await again.getByLabel('当前密码').fill(next);
    await again.getByLabel('新密码', { exact: true }).fill(DEMO_PASSWORD);
    await again.getByLabel('确认新密码').fill(DEMO_PASSWORD);
    await again.getByRole('button', { name: buttonName('保存') }).click();
    await page.getByText('密码已修改').last().waitFor();
    await page.context().close();
  });
});
