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

/** The row of a task (by its number and the start of its text) in the visible tab's table. */
const row = (page: Page, text: string) => page.locator('tr.ant-table-row:visible', { hasText: text });
const drawer = (page: Page) => page.getByRole('dialog');

async function asUser(username: string): Promise<Page> {
  const page = await openPageIn(browser, baseUrl);
  await signInAt(page, username, '/reporting');
  await page.getByText('我的填报').first().waitFor();
  return page;
}

describe('a reporting cycle in the browser (demo data)', () => {
  it('the lead unit merges its supporters’ reports and submits; the supervisor returns, the unit resubmits, the supervisor accepts', async () => {
    // 市发展改革委 leads task 3; 市工业和信息化局 and 市科技局 have reported to it this period (demo seed).
    const fgw = await asUser('fgw');
    await row(fgw, '3. 绘制重点产业链图谱').getByRole('button', { name: buttonName('填报') }).click();
    const form = drawer(fgw);
    await form.getByText('配合单位报送的内容').waitFor();
    await expect.poll(() => form.locator('.ant-card-type-inner').count()).toBe(2);
    await form.locator('.ant-card-type-inner', { hasText: '市工业和信息化局' }).getByRole('button', { name: buttonName('引用') }).click();
    await expect.poll(() => form.getByLabel('本期工作进展').inputValue()).toContain('【市工业和信息化局】完成生物医药产业链企业走访');
    // Its next steps are quoted too, into the lead unit's own field; and the form says the evidence limit before a file is chosen.
    expect(await form.getByLabel('下步计划').inputValue()).toContain('【市工业和信息化局】按计划推进下阶段工作');
    expect(await form.getByTestId('evidence-rule').innerText()).toContain('不超过 20 MB');
    await form.getByLabel('完成百分比').fill('55');
    await form.getByRole('button', { name: buttonName('报送') }).click();
    await form.locator('.ant-tag', { hasText: '已报送' }).waitFor();
    await screenshot(fgw, 'reports-lead-submitted', { fullPage: true });

    const duban = await asUser('duban');
    await duban.getByRole('tab', { name: /审核/ }).click();
    await row(duban, '3. 绘制重点产业链图谱').filter({ hasText: '市发展改革委' }).getByRole('button', { name: buttonName('查看') }).click();
    const review = drawer(duban);
    await review.getByPlaceholder('退回原因').fill('请补充企业名单');
    await review.getByRole('button', { name: buttonName('退回修改') }).click();
    await review.locator('.ant-tag', { hasText: '退回修改' }).waitFor();

    await fgw.reload();
    await fgw.getByRole('tab', { name: /退回修改/ }).click();
    await row(fgw, '请补充企业名单').getByRole('button', { name: buttonName('填报') }).click();
    await drawer(fgw).getByText('退回原因：请补充企业名单').waitFor();
    await drawer(fgw).getByLabel('本期工作进展').fill('完成图谱初稿，附企业名单 326 家。');
    await drawer(fgw).getByRole('button', { name: buttonName('报送') }).click();
    await drawer(fgw).locator('.ant-tag', { hasText: '已报送' }).waitFor();

    await duban.reload();
    await duban.getByRole('tab', { name: /审核/ }).click();
    await row(duban, '3. 绘制重点产业链图谱').filter({ hasText: '市发展改革委' }).getByRole('button', { name: buttonName('查看') }).click();
    await drawer(duban).getByRole('button', { name: buttonName('审核通过') }).click();
    await drawer(duban).locator('.ant-tag', { hasText: '已审核' }).waitFor();
    // Every step is on the timeline.
    const steps = drawer(duban).getByTestId('report-timeline').locator('.ant-timeline-item');
    await expect.poll(() => steps.allTextContents()).toEqual([
      expect.stringContaining('创建'),
      expect.stringContaining('报送'),
      expect.stringContaining('退回：请补充企业名单'),
      expect.stringContaining('修改'),
      expect.stringContaining('报送'),
      expect.stringContaining('审核通过'),
    ]);
    await screenshot(duban, 'reports-accepted', { fullPage: true });
  });
});
