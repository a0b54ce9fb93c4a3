import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buttonName, launchBrowser, openPage as openPageIn, screenshot, serverUrl, signInAt } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const row = (page: Page, text: string) => page.locator('tr.ant-table-row:visible', { hasText: text });
const drawer = (page: Page) => page.getByTestId('escalation-drawer');

async function asUser(username: string, path: string, heading: string): Promise<Page> {
  const page = await openPageIn(browser, baseUrl);
  await signInAt(page, username, path);
  await page.getByText(heading).first().waitFor();
  return page;
}

describe('an escalation notice (督办单) in the browser (demo data)', () => {
  it('the supervisor issues one from a suggestion, the lead unit answers on its page, the supervisor closes it; the Word notice carries its number', async () => {
    // 市发展改革委 leads task 3 of the demo decision, overdue and so red: the rules suggest escalating it.
    const duban = await asUser('duban', '/escalations', '督办管理');
    await duban.getByTestId('tab-suggested').click();
    const suggestion = row(duban, '绘制重点产业链图谱');
    await expect.poll(() => suggestion.textContent()).toContain('完成时限');
    await suggestion.getByRole('button', { name: buttonName('督办') }).click();
    const modal = duban.getByRole('dialog');
    await modal.getByLabel('督办要求').fill('请于反馈时限前书面说明逾期原因和完成时间。');
    await modal.getByRole('button', { name: buttonName('提交') }).click();
    const issued = duban.locator('.ant-message-notice', { hasText: '已下发' });
    await issued.waitFor();
    const number = /督办〔\d{4}〕\d+号/.exec((await issued.textContent()) ?? '')![0];
    // It is no longer suggested, and is listed as open.
    await expect.poll(() => row(duban, '绘制重点产业链图谱').count()).toBe(0);
    await duban.getByRole('tab', { name: '督办单' }).click();
    await row(duban, number).waitFor();
    expect(await row(duban, number).textContent()).toContain('已下发');

    // The lead unit sees it among its open notices on 我的填报 and answers.
    const fgw = await asUser('fgw', '/reporting', '我的填报');
    await fgw.getByTestId('tab-escalations').click();
    await row(fgw, number).getByRole('button', { name: buttonName('答复') }).click();
    await drawer(fgw).getByLabel('答复内容').fill('已成立工作专班，图谱将于下月底前完成。');
    await drawer(fgw).getByRole('button', { name: buttonName('答复') }).click();
    await drawer(fgw).getByTestId('escalation-status').filter({ hasText: '已答复' }).waitFor();
    await screenshot(fgw, 'escalation-answered', { fullPage: true });

    // The supervisor reads the answer, downloads the notice and closes it.
    await duban.reload();
    await duban.getByRole('button', { name: number }).click();
    await expect.poll(() => drawer(duban).getByTestId('escalation-answer').textContent()).toContain('已成立工作专班');
    const [download] = await Promise.all([duban.waitForEvent('download'), drawer(duban).getByTestId('download-notice').click()]);
    const file = await download.path();
    const xml = await (await JSZip.loadAsync(fs.readFileSync(file))).file('word/document.xml')!.async('string');
    expect(xml).toContain(number);
    expect(xml).toContain('督办通知单');
    await drawer(duban).getByRole('button', { name: buttonName('办结') }).click();
    await drawer(duban).getByTestId('escalation-status').filter({ hasText: '已办结' }).waitFor();
    await expect.poll(() => drawer(duban).locator('.ant-timeline-item').allTextContents()).toEqual([expect.stringContaining('下发督办'), expect.stringContaining('答复'), expect.stringContaining('办结')]);
    await screenshot(duban, 'escalation-closed', { fullPage: true });
    // Two sign-ins, several pages and a Word download: more than the default minute on a shared machine.
  }, 180_000);
});
