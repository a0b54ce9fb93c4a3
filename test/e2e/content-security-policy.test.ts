import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * A page that records every CSP violation, both as the browser reports it to the page (securitypolicyviolation) and
 * as it prints it on the console ("Refused to …"), so a blocked script or style cannot pass unseen.
 */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const context = await newContext(browser, baseUrl);
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => violations.push(`pageerror: ${error.message}`));
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  return { page, violations };
}

describe('Content-Security-Policy', () => {
  it('lets the web UI run with no violation, signed out and signed in', async () => {
    const { page, violations } = await watchedPage();
    const response = await page.goto('/login');
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self';/);
    await signIn(page, 'admin');
    for (const path of ['/plans', '/units', '/people', '/accounts', '/audit', '/complexity', '/plans/new']) {
      await page.goto(path);
      await page.getByTestId('user-menu').waitFor();
      await page.waitForLoadState('networkidle');
    }
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('lets the API docs page (swagger-ui) render its operations with no violation', async () => {
    const { page, violations } = await watchedPage();
    const response = await page.goto('/api/docs/');
    expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('.swagger-ui .opblock').first().waitFor();
    await page.locator('.swagger-ui .opblock-summary').first().click();
    await page.locator('.swagger-ui .opblock-body').first().waitFor();
    await page.waitForLoadState('networkidle');
    // swagger-ui renders a large document's operations as they scroll into view: scroll, and count what was drawn.
    let drawn = await page.locator('.swagger-ui .opblock').count();
    for (let i = 0; i < 6 && drawn <= 15; i++) {
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(500);
      drawn = Math.max(drawn, await page.locator('.swagger-ui .opblock').count());
    }
    expect(drawn).toBeGreaterThan(15);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('cannot be framed by another page', async () => {
    const { page } = await watchedPage();
    const response = await page.goto('/login');
    expect(response!.headers()['x-frame-options']).toBe('DENY');
    expect(response!.headers()['x-content-type-options']).toBe('nosniff');
    await page.context().close();
  });
});
