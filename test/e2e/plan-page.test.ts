import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
// Markers as official documents number their articles; （十四） is the widest the task table shows.
const MARKERS = ['（一）', '（二）', '（三）', '（四）', '（十）', '（十四）'];
const TITLE = '序号列宽度测试方案（示例）';

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
    await signIn(page, 'duban');
    await page.goto(`/plans/${planId}?tab=tasks`);
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
});
