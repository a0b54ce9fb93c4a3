import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buttonName, launchBrowser, openPage, screenshot, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The demo accounts of units that owe reports, by the unit's short name. */
const ACCOUNT_OF: Record<string, string> = { 市发展改革委: 'fgw', 市工业和信息化局: 'gxj' };

const unreadOf = async (page: Page) => {
  const label = (await page.getByTestId('notification-bell').getAttribute('aria-label')) ?? '';
  return Number(label.match(/^(\d+) 条未读/)?.[1] ?? 0);
};

describe('催办 in the browser (demo data)', () => {
  it('the supervision office reminds a unit of an owed report; the unit’s liaison sees it under the bell and reads it', async () => {
    const office = await openPage(browser, baseUrl);
    await signIn(office, 'duban');
    await office.getByRole('menuitem', { name: /催办/ }).click();
    await office.waitForURL(/\/reminders$/);
    const rows = office.locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    // A report owed by a unit with a demo account.
    const row = rows.filter({ hasText: new RegExp(Object.keys(ACCOUNT_OF).join('|')) }).first();
    await row.waitFor();
    const text = (await row.textContent())!;
    const owedBy = Object.keys(ACCOUNT_OF).find((u) => text.includes(u))!;

    // The liaison's unread count before.
    const liaison = await openPage(browser, baseUrl);
    await signIn(liaison, ACCOUNT_OF[owedBy]);
    await liaison.getByTestId('notification-bell').waitFor();
    const before = await unreadOf(liaison);

    await row.getByTestId('remind-button').click();
    await office.getByText(new RegExp(`已催办${owedBy}`)).waitFor();
    await screenshot(office, 'reminders-owed');
    // The deliveries tab answers (with the SMTP warning where no server is configured).
    await office.getByRole('tab', { name: '投递记录' }).click();
    await office.getByText(/待发送 \d+ · 发送中 \d+ · 已送达 \d+ · 失败 \d+/).waitFor();

    // The liaison's bell counts one more unread; the newest notification is the 催办, and opening it leads to 我的填报.
    await liaison.reload();
    await expect.poll(() => unreadOf(liaison), { timeout: 20_000 }).toBe(before + 1);
    await liaison.getByTestId('notification-bell').click();
    const first = liaison.getByTestId('notifications').getByTestId('notification').first();
    await expect.poll(() => first.textContent()).toMatch(/【催办】/);
    await screenshot(liaison, 'reminders-bell');
    await first.click();
    await liaison.waitForURL(/\/reporting$/);
    await expect.poll(() => unreadOf(liaison)).toBe(before);

    // The liaison sets the unit's e-mail for reminders; the office sees it on the unit's channels.
    await liaison.getByRole('menuitem', { name: /催办/ }).click();
    await liaison.getByRole('tab', { name: '提醒渠道' }).click();
    const emails = liaison.getByLabel('电子邮件（每行一个）');
    if (!(await emails.isVisible())) {
      await liaison.getByTestId('channels-unit').click();
      await liaison.keyboard.type(owedBy);
      await liaison.locator('.ant-select-item-option', { hasText: owedBy }).first().click();
    }
    await emails.fill('liaison@example.gov.cn');
    await liaison.getByTestId('channels-save').click();
    await liaison.getByText('已保存').first().waitFor();
    await office.getByRole('tab', { name: '提醒渠道' }).click();
    await office.getByTestId('channels-unit').click();
    await office.keyboard.type(owedBy);
    await office.locator('.ant-select-item-option', { hasText: owedBy }).first().click();
    await expect.poll(() => office.getByLabel('电子邮件（每行一个）').inputValue()).toBe('liaison@example.gov.cn');
    await office.getByRole('button', { name: buttonName('保存') }).waitFor();
  });
});
