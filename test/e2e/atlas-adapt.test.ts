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

describe('adapting a shared chain for a region', () => {
  it('the chain office adapts a shared demo chain it could not edit, adds a segment to its copy, and the shared chain stays as it was', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    const chains = (await (await page.request.get('/api/atlas/chains')).json()) as { id: string; key: string; regionCode: string; version: number }[];
    const shared = chains.find((c) => c.key === 'demo-hydrogen' && c.regionCode === '000000')!;
    const before = await (await page.request.get(`/api/atlas/chains/${shared.id}`)).json();
    const parent = (before.segments as { key: string; name: string; parent: string | null }[]).find((s) => !s.parent)!;

    await page.goto(`/atlas/chains/${shared.id}`);
    await expect.poll(() => page.getByTestId('chain-graph').getAttribute('data-nodes'), { timeout: 30_000 }).not.toBeNull();
    // No edit buttons on the shared definition: the offer to adapt it instead.
    expect(await page.getByTestId('chain-add-segment').count()).toBe(0);
    await page.getByTestId('chain-adapt').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /采用并调整/ }).click();
    await page.waitForURL((url) => /\/atlas\/chains\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(shared.id));
    await page.getByText('已采用为本地区产业链').first().waitFor();
    await page.getByTestId('chain-adapted-from').getByText(/本产业链采用自共享定义“氢能（示例）”第 \d+ 版/).waitFor();
    const copyId = page.url().split('/').pop()!;

    await page.getByTestId('chain-add-segment').click();
    const editor = page.getByRole('dialog');
    await editor.getByLabel('环节名称').fill('滨海氢能示范应用');
    await editor.getByRole('combobox', { name: '上级环节' }).fill(parent.name);
    await page.locator('.ant-select-item-option', { hasText: parent.name }).first().click();
    await editor.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(/已保存为第 2 版：新增环节 1/).waitFor();
    await page.getByTestId('segment-panel').getByText('滨海氢能示范应用').first().waitFor();

    const copy = await (await page.request.get(`/api/atlas/chains/${copyId}`)).json();
    expect(copy).toMatchObject({ regionCode: '120000', key: 'demo-hydrogen', version: 2, adaptedFrom: { chainId: shared.id, version: shared.version } });
    const after = await (await page.request.get(`/api/atlas/chains/${shared.id}`)).json();
    expect(after.version).toBe(shared.version);
    expect(after.segments).toHaveLength(before.segments.length);
    // The shared chain's page now leads to the region's version.
    await page.goto(`/atlas/chains/${shared.id}`);
    await page.getByTestId('chain-adaptation').getByText(/本地区已采用并调整此产业链（本地区第 2 版）/).waitFor();
    // The shared chain and the region's copy keep one key: their exported files are told apart by region and version.
    const exported = async (id: string) => {
      await page.goto(`/atlas/chains/${id}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chain-export-json').click()]);
      return download.suggestedFilename();
    };
    expect(await exported(shared.id)).toBe(`demo-hydrogen-000000-v${shared.version}.chain.json`);
    expect(await exported(copyId)).toBe('demo-hydrogen-120000-v2.chain.json');
    const served = await page.request.get(`/api/atlas/chains/${copyId}/export?format=xlsx`);
    expect(served.headers()['content-disposition']).toContain('demo-hydrogen-120000-v2.chain.xlsx');
    await page.close();
  });
});
