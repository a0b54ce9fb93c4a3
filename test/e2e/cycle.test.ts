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

// The demo plan half-way through its year: task 3 is led by 市发展改革委 (fgw), supported by 市工业和信息化局 (gxj),
// and stands at 20% where 50% is expected (欠进度, yellow) until this cycle reports 50%.
const TASK = '3. 谋划实施一批产业链协同项目';
const TITLE = '谋划实施一批产业链协同项目';
/** 市发展改革委, by its short or its full name. */
const NDRC = /发展(和)?改革委/;

const row = (page: Page, text: string) => page.locator('tr.ant-table-row:visible', { hasText: text });
const drawer = (page: Page) => page.getByRole('dialog');

async function asUser(username: string): Promise<Page> {
  const page = await openPage(browser, baseUrl);
  await signIn(page, username);
  return page;
}

async function reporting(page: Page): Promise<void> {
  await page.goto('/reporting');
  await page.getByTestId('tab-owed').waitFor();
}

/** The count on a dashboard button such as "欠进度 3" once the dashboard has loaded. */
async function classCount(page: Page, cls: string): Promise<number> {
  const text = (await page.getByTestId(`class-${cls}`).textContent()) ?? '';
  return Number(/(\d+)\s*$/.exec(text)?.[1] ?? NaN);
}
const warningCount = async (page: Page, w: string) => Number((await page.getByTestId(`warning-${w}`).locator('h3').textContent())?.trim());

/** This month's point of the completion trend, as the line under the chart says it: [share good, average percent]. */
async function trendLatest(page: Page): Promise<[number, number]> {
  await page.getByTestId('trend-chart').locator('canvas').first().waitFor();
  const text = (await page.getByTestId('trend-latest').textContent()) ?? '';
  const m = /已完成或达进度 ([\d.]+)%，平均完成进度 ([\d.]+)%/.exec(text);
  expect(m, text).not.toBeNull();
  return [Number(m![1]), Number(m![2])];
}

/** The 按进度 share (the on-track column) of a unit in the rankings, once no ranking is loading. */
async function onTrackShare(page: Page, unit: RegExp): Promise<string> {
  await expect.poll(() => page.getByTestId('rankings').locator('.ant-spin-spinning').count()).toBe(0);
  return ((await page.getByTestId('rankings').locator('tr.ant-table-row', { hasText: unit }).locator('td').nth(6).textContent()) ?? '').trim();
}

async function openDashboard(page: Page, planId: string): Promise<void> {
  await page.goto(`/progress?plan=${planId}`);
  await page.getByTestId('class-counts').waitFor();
  // The task list has the plan's tasks (not the placeholder of an earlier query).
  await expect.poll(() => row(page, TITLE).count()).toBe(1);
}

describe('a whole reporting cycle in the browser, seen on the dashboard (demo data)', () => {
  it('supporting unit reports, lead unit quotes it and submits, supervisor returns then accepts; the class, warning, counts and ranking move', async () => {
    const duban = await asUser('duban');
    const plans = (await (await duban.request.get('/api/plans?status=issued')).json()) as { id: string; title: string }[];
    const plan = plans.find((p) => p.title.includes('京津冀产业链协同发展') && p.title.includes('示例'));
    expect(plan, JSON.stringify(plans.map((p) => p.title))).toBeDefined();

    // The plan page links to its dashboard.
    await duban.goto(`/plans/${plan!.id}`);
    await duban.getByTestId('plan-dashboard').click();
    await duban.waitForURL(`**/progress?plan=${plan!.id}`);
    // Before: the task is behind (欠进度) with a yellow warning.
    await openDashboard(duban, plan!.id);
    await expect.poll(async () => (await row(duban, TITLE).textContent()) ?? '').toContain('欠进度');
    expect(await row(duban, TITLE).textContent()).toContain('黄');
    const before = { behind: await classCount(duban, 'behind'), onTrack: await classCount(duban, 'on_track'), yellow: await warningCount(duban, 'yellow') };
    expect(before.behind).toBeGreaterThan(0);
    const shareBefore = await onTrackShare(duban, NDRC);
    const trendBefore = await trendLatest(duban);

    // 1. The supporting unit (市工信局) reports to the lead unit.
    const gxj = await asUser('gxj');
    await reporting(gxj);
    await row(gxj, TASK).getByRole('button', { name: buttonName('填报') }).click();
    await drawer(gxj).getByLabel('本期工作进展').fill('走访链上企业 12 家，梳理协同项目 30 个。');
    await drawer(gxj).getByRole('button', { name: buttonName('报送') }).click();
    await drawer(gxj).locator('.ant-tag', { hasText: '已报送' }).waitFor();

    // 2. The lead unit (市发改委) sees it beside its form, quotes it and submits.
    const fgw = await asUser('fgw');
    await reporting(fgw);
    await row(fgw, TASK).getByRole('button', { name: buttonName('填报') }).click();
    const form = drawer(fgw);
    const supporter = form.locator('.ant-card-type-inner', { hasText: '市工业和信息化局' });
    await supporter.getByText('走访链上企业 12 家').waitFor();
    await supporter.getByRole('button', { name: buttonName('引用') }).click();
    await expect.poll(() => form.getByLabel('本期工作进展').inputValue()).toContain('【市工业和信息化局】走访链上企业 12 家');
    await form.getByLabel('完成百分比').fill('50');
    await form.getByRole('button', { name: buttonName('报送') }).click();
    await form.locator('.ant-tag', { hasText: '已报送' }).waitFor();

    // 3. The supervisor returns it with a reason.
    await reporting(duban);
    await duban.getByRole('tab', { name: /审核/ }).click();
    await row(duban, TASK).filter({ hasText: '市发展改革委' }).getByRole('button', { name: buttonName('查看') }).click();
    await drawer(duban).getByPlaceholder('退回原因').fill('请列明已储备项目的投资额');
    await drawer(duban).getByRole('button', { name: buttonName('退回修改') }).click();
    await drawer(duban).locator('.ant-tag', { hasText: '退回修改' }).waitFor();

    // 4. The lead unit revises and resubmits.
    await reporting(fgw);
    await fgw.getByRole('tab', { name: /退回修改/ }).click();
    await row(fgw, '请列明已储备项目的投资额').getByRole('button', { name: buttonName('填报') }).click();
    await drawer(fgw).getByText('退回原因：请列明已储备项目的投资额').waitFor();
    await expect.poll(() => drawer(fgw).getByLabel('本期工作进展').inputValue()).toContain('【市工业和信息化局】');
    const revised = `${await drawer(fgw).getByLabel('本期工作进展').inputValue()}\n储备协同项目 30 个，总投资 86 亿元。`;
    await drawer(fgw).getByLabel('本期工作进展').fill(revised);
    await drawer(fgw).getByRole('button', { name: buttonName('报送') }).click();
    await drawer(fgw).locator('.ant-tag', { hasText: '已报送' }).waitFor();

    // 5. The supervisor accepts it.
    await reporting(duban);
    await duban.getByRole('tab', { name: /审核/ }).click();
    await row(duban, TASK).filter({ hasText: '市发展改革委' }).getByRole('button', { name: buttonName('查看') }).click();
    await drawer(duban).getByText('总投资 86 亿元').waitFor();
    await drawer(duban).getByRole('button', { name: buttonName('审核通过') }).click();
    await drawer(duban).locator('.ant-tag', { hasText: '已审核' }).waitFor();
    await expect.poll(() => drawer(duban).getByTestId('report-timeline').locator('.ant-timeline-item').allTextContents()).toEqual([
      expect.stringContaining('创建'),
      expect.stringContaining('报送'),
      expect.stringContaining('退回：请列明已储备项目的投资额'),
      expect.stringContaining('修改'),
      expect.stringContaining('报送'),
      expect.stringContaining('审核通过'),
    ]);

    // 6. On the dashboard the task is on track (达进度) without a warning, and the counts and the ranking moved.
    await openDashboard(duban, plan!.id);
    await expect.poll(async () => (await row(duban, TITLE).textContent()) ?? '').toContain('达进度');
    const cells = row(duban, TITLE).locator('td');
    expect((await cells.nth(6).textContent())?.trim()).toBe('50%');
    expect((await cells.nth(8).textContent())?.trim()).toBe('—');
    await expect.poll(() => classCount(duban, 'behind')).toBe(before.behind - 1);
    expect(await classCount(duban, 'on_track')).toBe(before.onTrack + 1);
    expect(await warningCount(duban, 'yellow')).toBe(before.yellow - 1);
    const shareAfter = await onTrackShare(duban, NDRC);
    expect(parseFloat(shareAfter), `${shareBefore} → ${shareAfter}`).toBeGreaterThan(parseFloat(shareBefore));
    // This month's point of the trend moved up: one more task on track, a higher average percent.
    await expect.poll(async () => (await trendLatest(duban))[0]).toBeGreaterThan(trendBefore[0]);
    expect((await trendLatest(duban))[1]).toBeGreaterThan(trendBefore[1]);
    // The chart draws both lines: pointing at this month shows both values.
    const chart = duban.getByTestId('trend-chart');
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    await chart.hover({ position: { x: box.width - 30, y: box.height / 2 } });
    await expect.poll(() => chart.textContent()).toMatch(/已完成或达进度任务占比\s*[\d.]+%[\s\S]*平均完成进度\s*[\d.]+%/);
    await screenshot(duban, 'cycle-dashboard-after', { fullPage: true });

    // The region filter (the lead unit's region) lives in the address like the others; the demo's lead units are the city's.
    const total = await duban.getByTestId('class-counts').textContent();
    await duban.getByLabel('地区').click();
    await duban.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^天津市$/ }).click();
    await duban.waitForURL(/region=120000/);
    await expect.poll(() => duban.getByTestId('class-counts').textContent()).toBe(total);

    // And the dashboard links back to the plan.
    await duban.getByTestId('open-plan').click();
    await duban.waitForURL(`**/plans/${plan!.id}`);
    await expect.poll(() => duban.getByTestId('plan-title').textContent()).toBe(plan!.title);
    // Three people, five steps and two dashboard loads: longer than one page's test.
  }, 180_000);
});
