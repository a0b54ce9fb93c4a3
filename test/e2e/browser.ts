import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/org/org.seed.ts';

import { CHROMIUM } from './chromium.ts';

export { CHROMIUM };

export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

/**
 * The address of this test worker's server: global-setup.ts starts one per worker (LUOSHI_E2E_SERVERS), each with its
 * own data folder, so test files running side by side never see each other's changes.
 */
export function serverUrl(): string {
  const urls = inject('baseUrls');
  return urls[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % urls.length]!;
}

/** Phone and desktop viewports the layout is checked at. */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * Starts Debian's Chromium headless and quiet (no background networking, component updates or sync). Playwright gives
 * every launch a fresh temporary profile and removes it on close.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A new browser context (its own cookies and storage) at a viewport, in Chinese unless told. */
export async function newContext(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'zh-CN' });
  context.setDefaultTimeout(15_000);
  return context;
}

/** A new page in its own context at a viewport; errors thrown in the page are printed with the test's output. */
export async function openPage(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<Page> {
  const context = await newContext(browser, baseURL, viewport);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  return page;
}

/**
 * The accessible name of an antd button labelled `text`, as a pattern: antd spaces out two-character labels (保 存),
 * and a button that was loading keeps its spinner, named "loading", while the spinner's exit animation runs, which
 * on a loaded machine can outlast a test's wait.
 */
export function buttonName(text: string): RegExp {
  const spaced = [...text].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s?');
  return new RegExp(`^(loading\\s+)?${spaced}$`);
}

/** Signs in through the login page as a demo account and waits for the layout. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('user-menu').waitFor();
}

/**
 * Signs in as a demo account through the sign-in API (the browser context keeps the session cookie) and opens `path`:
 * one page load where signing in on the form and then opening the page took two. The form itself is walked by
 * session.test.ts and by signIn.
 */
export async function signInAt(page: Page, username: string, path: string): Promise<void> {
  const res = await page.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  if (!res.ok()) throw new Error(`signing in as ${username}: ${res.status()} ${await res.text()}`);
  await page.goto(path);
  await page.getByTestId('user-menu').waitFor();
}

/** Saves a screenshot (the viewport, or the whole page) as test-results/<name>.png, once animations settled. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? false, animations: 'disabled' });
  return file;
}

/**
 * Types a date (YYYY-MM-DD) into one of the app's date fields (antd's DatePicker, src/web/components/DateField.tsx)
 * and confirms it with Enter, as a user typing it would; the field hands the page the same YYYY-MM-DD string.
 */
export async function fillDate(input: Locator, iso: string): Promise<void> {
  // A page still loading may render the field again and put its old value back: type until the text stays.
  for (let attempt = 0; ; attempt++) {
    await input.click();
    await input.fill(iso);
    await input.page().waitForTimeout(150);
    if ((await input.inputValue()) === iso || attempt >= 4) break;
  }
  await input.press('Enter');
}

/**
 * Picks the option reading `option` in an antd Select (`select` is the field) and waits until the field shows it. A
 * Select whose options load as it opens (PlanChoice asks the server when its dialog opens) re-renders its list when they
 * arrive, and a click in that moment is lost; so the pick is made again, up to three times, until the field shows it.
 */
export async function chooseOption(page: Page, select: Locator, option: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await select.click();
    const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
    await item.waitFor();
    await page.waitForTimeout(200); // the list's opening animation
    await item.click();
    for (let wait = 0; wait < 10; wait++) {
      if ((await select.innerText()).includes(option)) {
        if (await page.locator('.ant-select-dropdown:visible').count()) await page.keyboard.press('Escape');
        return;
      }
      await page.waitForTimeout(200);
    }
  }
  throw new Error(`the field did not show "${option}" after three picks`);
}
