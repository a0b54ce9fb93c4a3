import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buttonName, fillDate, launchBrowser, openPage, screenshot, serverUrl, signIn } from './browser.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// The demo decision's task 7 is led by 市工业和信息化局 (gxj); no other browser test touches it.
const TASK = '7. 培育网络安全（信创）产业集群';

const row = (page: Page, text: string) => page.locator('tr.ant-table-row:visible', { hasText: text });
const drawer = (page: Page) => page.getByRole('dialog');

async function asUser(username: string): Promise<Page> {
  const page = await openPage(browser, baseUrl);
  await signIn(page, username);
  return page;
}

/** The unit's page, with the task's report drawer open. */
async function openTask(page: Page): Promise<void> {
  await page.goto('/reporting');
  await page.getByTestId('tab-owed').waitFor();
  await row(page, TASK).getByRole('button', { name: buttonName('填报') }).click();
  await drawer(page).getByText('本期工作进展').first().waitFor();
}

describe('deadline changes and closing (办结) in the browser (demo data)', () => {
  it('the lead unit asks for a new deadline with a reason; a supervisor approves it from the queue; the task keeps both dates and the reason', async () => {
    const gxj = await asUser('gxj');
    await openTask(gxj);
    const card = drawer(gxj).getByTestId('deadline-changes');
    await fillDate(card.getByLabel('新的完成时限'), '2027-06-30');
    await card.getByLabel('调整理由').fill('国家级集群申报批次推迟');
    await card.getByRole('button', { name: buttonName('申请调整时限') }).click();
    await card.getByTestId('deadline-change').filter({ hasText: '待审批' }).filter({ hasText: '国家级集群申报批次推迟' }).waitFor();
    // One request at a time: the form is gone while it waits.
    await expect.poll(() => card.getByRole('button', { name: buttonName('申请调整时限') }).count()).toBe(0);

    const duban = await asUser('duban');
    // The workbench lists the request under 需要处理, beside the figure that counts it, and leads to the queue.
    const todo = duban.getByTestId('todo-item').filter({ hasText: '时限调整' }).filter({ hasText: TASK });
    await expect.poll(() => todo.textContent()).toContain('→ 2027-06-30');
    await todo.getByRole('link').first().click();
    await duban.waitForURL(/\/reporting\?tab=deadlines$/);
    await duban.goto('/reporting');
    await duban.getByRole('tab', { name: /时限调整/ }).click();
    const request = row(duban, TASK);
    await expect.poll(() => request.textContent()).toContain('2027-06-30');
    expect(await request.textContent()).toContain('国家级集群申报批次推迟');
    await request.getByRole('button', { name: buttonName('同意') }).click();
    await expect.poll(() => row(duban, TASK).count()).toBe(0);

    await openTask(gxj);
    const approved = drawer(gxj).getByTestId('deadline-change');
    await expect.poll(() => approved.textContent()).toContain('已同意');
    const line = (await approved.textContent()) ?? '';
    expect(line).toContain('→ 2027-06-30');
    expect(line).toContain('国家级集群申报批次推迟');
    const oldDue = /(\d{4}-\d{2}-\d{2}) → 2027-06-30/.exec(line)?.[1];
    expect(oldDue).toBeDefined();
    // The deadline shown is the new one, the first beside it.
    await drawer(gxj).getByText(`原时限 ${oldDue}`).waitFor();
    await screenshot(gxj, 'task-deadline-approved', { fullPage: true });
  });

  it('a supervisor refuses a deadline change from the queue only with a reason, which the lead unit reads beside 未同意', async () => {
    const gxj = await asUser('gxj');
    await openTask(gxj);
    const card = drawer(gxj).getByTestId('deadline-changes');
    await fillDate(card.getByLabel('新的完成时限'), '2027-12-31');
    await card.getByLabel('调整理由').fill('再次申请顺延');
    await card.getByRole('button', { name: buttonName('申请调整时限') }).click();
    await card.getByTestId('deadline-change').filter({ hasText: '待审批' }).filter({ hasText: '再次申请顺延' }).waitFor();

    const duban = await asUser('duban');
    await duban.goto('/reporting?tab=deadlines');
    await row(duban, TASK).getByRole('button', { name: buttonName('不同意') }).click();
    const confirm = duban.locator('.ant-popconfirm:visible');
    // No reason, no refusal: the unit would read 未同意 and not know why.
    await expect.poll(() => confirm.getByRole('button', { name: buttonName('不同意') }).isDisabled()).toBe(true);
    await confirm.getByLabel('不同意的理由（申请单位可见）').fill('年度考核节点不能推迟');
    await confirm.getByRole('button', { name: buttonName('不同意') }).click();
    await duban.getByText('已不同意调整完成时限').waitFor();
    await expect.poll(() => row(duban, TASK).count()).toBe(0);

    await openTask(gxj);
    const refused = drawer(gxj).getByTestId('deadline-change').filter({ hasText: '未同意' });
    await expect.poll(() => refused.textContent()).toContain('年度考核节点不能推迟');
  });

  it('the lead unit submits a closing report with evidence; the supervisor accepts it and the task is closed; the supervisor reopens it with a reason', async () => {
    const gxj = await asUser('gxj');
    await openTask(gxj);
    const form = drawer(gxj);
    await form.getByLabel('报告类型').click();
    await gxj.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^办结报告$/ }).click();
    await form.getByText('经督查室审核通过后任务办结').waitFor();
    await form.getByLabel('本期工作进展').fill('集群已获批国家级先进制造业集群，任务完成。');
    // Without evidence the closing report is refused, and says why.
    await form.getByRole('button', { name: buttonName('报送') }).click();
    await gxj.getByText('办结须附佐证材料').first().waitFor();
    // The draft is saved; attach the evidence, then submit.
    await form.locator('input[type=file]').setInputFiles({ name: '集群批复.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%%EOF') });
    await form.getByRole('link', { name: /集群批复\.pdf/ }).waitFor();
    await form.getByRole('button', { name: buttonName('报送') }).click();
    await form.locator('.ant-tag', { hasText: '已报送' }).waitFor();

    const duban = await asUser('duban');
    await duban.goto('/reporting');
    await duban.getByRole('tab', { name: /审核/ }).click();
    await row(duban, TASK).filter({ hasText: '办结报告' }).getByRole('button', { name: buttonName('查看') }).click();
    const review = drawer(duban);
    await review.getByRole('link', { name: /集群批复\.pdf/ }).waitFor();
    await review.getByRole('button', { name: buttonName('审核通过') }).click();
    // The office is told what it did, not a bare 已处理.
    await duban.getByText('已审核通过', { exact: true }).waitFor();
    await review.locator('.ant-tag', { hasText: '已办结' }).waitFor();

    // Reopening needs a reason; it puts the closing report back to the lead unit.
    await review.getByLabel('重新打开的原因').fill('批复文件未盖章');
    await review.getByRole('button', { name: buttonName('重新打开') }).click();
    await expect.poll(() => review.locator('.ant-tag', { hasText: '已办结' }).count()).toBe(0);
    await expect.poll(() => review.locator('.ant-timeline-item').last().textContent()).toContain('重新打开：批复文件未盖章');

    await gxj.reload();
    await gxj.getByTestId('tab-owed').waitFor();
    await row(gxj, TASK).getByRole('button', { name: buttonName('填报') }).click();
    await drawer(gxj).getByLabel('报告类型').click();
    await gxj.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^办结报告$/ }).click();
    await drawer(gxj).getByText('退回原因：批复文件未盖章').waitFor();
  });
});
