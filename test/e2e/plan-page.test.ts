import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/modules/org/org.seed.ts';
import { buttonName, launchBrowser, openPage, screenshot, serverUrl, signIn, signInAt } from './browser.ts';

const baseUrl = serverUrl();
// Markers as official documents number their articles; （十四） is the widest the task table shows.
const MARKERS = ['（一）', '（二）', '（三）', '（四）', '（十）', '（十四）'];
const TITLE = '序号列宽度测试方案（示例）';
// The demo region's issued plan (src/modules/ledger/demo/decision.md).
const DEMO_TITLE = '中共天津市委关于推动京津冀产业链协同发展的决定（示例）';

let browser: Browser;
let planId: string;

/** Creates, through the API as the signed-in supervisor, a plan whose tasks are made from its numbered articles. */
async function createPlanWithTasks(page: Page): Promise<string> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': me.csrfToken };
  const nodes = MARKERS.map((marker, i) => ({ kind: 'item', marker, heading: `任务${i + 1}`, text: `第${i + 1}项工作。`, children: [] }));
  const created = await page.request.post('/api/plans', { headers, data: { title: TITLE, planType: 'plan', regionCode: '120000', nodes } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const detail = (await (await page.request.get(`/api/plans/${id}`)).json()) as { tree: { key: string }[] };
  const made = await page.request.post(`/api/plans/${id}/tasks/from-nodes`, { headers, data: { items: detail.tree.map((n) => ({ nodeKeys: [n.key] })) } });
  expect(made.status()).toBe(201);
  return id;
}

/** The API as a demo account, in a context of its own: its requests and the CSRF header they need. */
async function apiAs(username: string): Promise<{ request: APIRequestContext; headers: Record<string, string> }> {
  const context = await browser.newContext({ baseURL: baseUrl });
  const login = await context.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  return { request: context.request, headers: { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken } };
}

beforeAll(async () => {
  browser = await launchBrowser();
  const page = await openPage(browser, baseUrl);
  await signIn(page, 'duban');
  planId = await createPlanWithTasks(page);
  await page.context().close();
});
afterAll(async () => {
  await browser?.close();
});

describe('the plan page', () => {
  it('asks for the unit directory and the city leaders once, however many of its parts need them', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'duban');
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'GET' && (url.pathname === '/api/units' || url.pathname === '/api/people')) asked.push(`${url.pathname}${url.search}`);
    });
    // The page header (unit names), the home region and the tasks tab (pickers) all use units and leaders.
    await page.goto(`/plans/${planId}`);
    await page.getByTestId('plan-title').filter({ hasText: TITLE }).waitFor();
    await page.getByRole('tab', { name: '任务分工' }).click();
    await expect.poll(() => page.getByTestId('task-table').getByTestId('task-row').count()).toBe(MARKERS.length);
    await page.waitForLoadState('networkidle');
    const units = asked.filter((a) => a.startsWith('/api/units'));
    const leaders = asked.filter((a) => a.startsWith('/api/people') && a.includes('leadersOnly=true'));
    expect(units).toEqual(['/api/units?includeInactive=true']);
    expect(leaders).toEqual(['/api/people?leadersOnly=true']);
    await page.context().close();
  });

  it('at 1440 px shows each task number (序号) such as （四） on one line', async () => {
    const page = await openPage(browser, baseUrl, { width: 1440, height: 900 });
    await signInAt(page, 'duban', `/plans/${planId}?tab=tasks`);
    const seqs = page.getByTestId('task-table').getByTestId('task-seq');
    await expect.poll(() => seqs.count()).toBe(MARKERS.length);
    expect(await seqs.allTextContents()).toEqual(MARKERS);
    // One line box per number, inside its cell.
    const layout = await seqs.evaluateAll((spans) =>
      spans.map((span) => {
        const cell = span.closest('td')!.getBoundingClientRect();
        const box = span.getBoundingClientRect();
        return { text: span.textContent, lines: span.getClientRects().length, inside: box.left >= cell.left && box.right <= cell.right };
      }),
    );
    expect(layout).toEqual(MARKERS.map((text) => ({ text, lines: 1, inside: true })));
    await screenshot(page, 'plan-tasks-1440');
    await page.context().close();
  });

  it('lists the comments still undecided before a plan out for consultation is adopted, and adopts it only on a second yes', async () => {
    const duban = await apiAs('duban');
    const created = await duban.request.post('/api/plans', {
      headers: duban.headers,
      data: { title: '意见未处理测试方案', planType: 'plan', regionCode: '120000', nodes: [{ kind: 'part', marker: '一、', heading: '总体要求', text: '', children: [] }] },
    });
    const { id } = (await created.json()) as { id: string };
    const fgw = await apiAs('fgw');
    const gxj = await apiAs('gxj');

    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'duban', `/plans/${id}`);
    // 征求意见 asks which units are consulted; the plan then names them, and only they (of the units) see it.
    await page.getByTestId('plan-status-menu').click();
    await page.getByRole('menuitem', { name: '改为“征求意见”' }).click();
    const consult = page.getByRole('dialog').filter({ hasText: '选择征求意见的单位' });
    await expect.poll(() => consult.getByTestId('consult-send').isDisabled()).toBe(true);
    await consult.getByTestId('consult-units').click();
    await page.keyboard.type('发展和改革');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title').filter({ hasText: /^天津市发展和改革委员会$/ }).click();
    await consult.locator('.ant-modal-title').click();
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await consult.getByTestId('consult-send').click();
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('征求意见');
    expect(await page.getByTestId('plan-consulted').textContent()).toBe('征求意见单位：市发展改革委');
    expect((await gxj.request.get(`/api/plans/${id}`)).status()).toBe(404);
    expect((await fgw.request.post(`/api/plans/${id}/comments`, { headers: fgw.headers, data: { nodeKey: null, body: '建议补充资金保障措施' } })).status()).toBe(201);

    await page.reload();
    await page.getByTestId('plan-status-menu').click();
    // The server's next statuses for a plan out for consultation: back to draft, or adopted.
    await expect.poll(() => page.getByRole('menuitem', { name: /^改为/ }).allTextContents()).toEqual(['改为“讨论稿”', '改为“审议通过”']);
    await page.getByRole('menuitem', { name: '改为“审议通过”' }).click();
    await page.getByRole('dialog').getByRole('button', { name: buttonName('确定') }).click();

    const list = page.getByTestId('undecided-comments');
    await expect.poll(() => list.textContent()).toContain('总体意见｜市发展改革委：建议补充资金保障措施');
    expect(await page.getByRole('dialog').filter({ hasText: '还有意见未处理' }).textContent()).toContain('还有 1 条意见未处理');
    // Nothing changed yet.
    expect((await (await duban.request.get(`/api/plans/${id}`)).json()).plan.status).toBe('consultation');
    await page.getByRole('button', { name: buttonName('仍要审议通过') }).click();
    await expect.poll(async () => (await (await duban.request.get(`/api/plans/${id}`)).json()).plan.status).toBe('adopted');
    await expect.poll(() => page.getByTestId('plan-status-menu').count()).toBe(1);
    await page.context().close();
  });

  it('no longer lists a plan just deleted, though the list was loaded moments before', async () => {
    const duban = await apiAs('duban');
    const title = '即将删除的测试方案';
    const created = await duban.request.post('/api/plans', { headers: duban.headers, data: { title, planType: 'plan', regionCode: '120000' } });
    expect(created.status()).toBe(201);
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'duban', '/plans');
    await page.getByTestId('plan-link').filter({ hasText: title }).click();
    await page.getByTestId('plan-title').filter({ hasText: title }).waitFor();
    await page.getByTestId('plan-delete').click();
    await page.getByRole('tooltip').getByRole('button', { name: buttonName('确定') }).click();
    await page.waitForURL(/\/plans$/);
    await expect.poll(() => page.getByTestId('plan-link').filter({ hasText: DEMO_TITLE }).count()).toBe(1);
    // The list cached when the page opened is asked again (it was still fresh): the plan goes from it.
    await expect.poll(() => page.getByTestId('plan-link').filter({ hasText: title }).count()).toBe(0);
    await page.context().close();
  });

  it('offers no status change for an issued plan, not even back to 审议通过', async () => {
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'duban', '/plans');
    await page.getByTestId('plan-link').filter({ hasText: DEMO_TITLE }).first().click();
    await page.getByTestId('plan-title').filter({ hasText: DEMO_TITLE }).waitFor();
    expect(await page.getByTestId('plan-status-menu').count()).toBe(0);
    await page.context().close();
  });
});
