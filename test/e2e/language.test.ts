import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the language a person chooses', () => {
  it('is saved to the account, so another browser opens in it after signing in', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'gxj');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/auth/me/locale') && r.status() === 200);
    await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
    await saved;
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-US');
    await page.context().close();

    // A fresh browser (nothing in its storage): Chinese until signed in, then the account's English.
    const other = await openPage(browser, baseUrl);
    await signIn(other, 'gxj');
    await expect.poll(() => other.locator('html').getAttribute('lang')).toBe('en-US');
    // Switching back is saved as well.
    const savedAgain = other.waitForResponse((r) => r.url().endsWith('/api/auth/me/locale') && r.status() === 200);
    await other.getByTestId('language-switch').getByText('中文', { exact: true }).click();
    await savedAgain;
    await other.context().close();
    const third = await openPage(browser, baseUrl);
    await signIn(third, 'gxj');
    await expect.poll(() => third.locator('html').getAttribute('lang')).toBe('zh-CN');
    await third.context().close();
  });
});
