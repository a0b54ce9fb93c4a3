import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, serverUrl, signIn } from './browser.ts';
import { withCheckChar } from '../../src/modules/atlas/atlas.uscc.domain.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const STAGES = ['upstream', 'midstream', 'downstream'] as const;
/** A generated chain of 504 segments (8 roots per stage, 4 children each, 4 grandchildren each) and ~2,500 acyclic supply edges. */
function bigChain() {
  const segments: { id: string; name: string; stage?: string; parent?: string }[] = [];
  STAGES.forEach((stage, si) => {
    for (let r = 0; r < 8; r++) {
      const root = `e2e.${si}.${r}`;
      segments.push({ id: root, name: `测试${'上中下'[si]}游环节${r}`, stage });
      for (let k = 0; k < 4; k++) {
        segments.push({ id: `${root}.${k}`, name: `测试环节${si}-${r}-${k}`, parent: root });
        for (let g = 0; g < 4; g++) segments.push({ id: `${root}.${k}.${g}`, name: `测试细分${si}-${r}-${k}-${g}`, parent: `${root}.${k}` });
      }
    }
  });
  const leaves = (si: number) => segments.filter((s) => s.id.startsWith(`e2e.${si}.`) && s.id.split('.').length === 5);
  const edges: { from: string; to: string }[] = [];
  const seen = new Set<string>();
  for (let si = 0; si < 2; si++) {
    const from = leaves(si);
    const to = leaves(si + 1);
    for (let i = 0; i < from.length; i++)
      for (let j = 0; j < 10; j++) {
        const t = to[(i * 7 + j * 13) % to.length]!;
        const key = `${from[i]!.id}>${t.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push({ from: from[i]!.id, to: t.id });
      }
  }
  return { format: 'luoshi-atlas-chain', formatVersion: 1, chain: { id: 'e2e-big-chain', name: '浏览器测试大产业链' }, segments, edges };
}

const TARGET = { key: 'e2e.1.5.2.3', name: '测试细分1-5-2-3' };
const COMPANIES = ['天津测试芯片制造有限公司', '北京测试天津芯片设计有限公司', '河北测试材料有限公司'];

async function api(page: Page) {
  const me = await (await page.request.get('/api/auth/me')).json();
  return { headers: { 'x-csrf-token': me.csrfToken as string } };
}

describe('the atlas in the browser', () => {
  it('draws a 500-segment chain grouped by stage, centres a searched segment and lists its enterprises; finds enterprises by two characters', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    const { headers } = await api(page);
    // The chain, imported as the chain list's upload does.
    const chainFile = Buffer.from(JSON.stringify(bigChain()));
    const imported = await page.request.post('/api/atlas/chains/import', { headers, multipart: { file: { name: 'big.chain.json', mimeType: 'application/json', buffer: chainFile } } });
    expect(imported.status(), await imported.text()).toBe(200);
    const chainId = (await imported.json()).chain.id as string;
    // Three enterprises, imported as the import page does, and linked to one deep segment.
    const csv = ['企业名称,统一社会信用代码,行政区划代码,主要产品', ...COMPANIES.map((n, i) => `${n},${withCheckChar(`91120116MAE2E${String(i).padStart(4, '0')}`)},${['120116', '110108', '130100'][i]},芯片`)].join('\n');
    const upload = await page.request.post('/api/atlas/enterprises/uploads', { headers, multipart: { file: { name: 'e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } } });
    expect(upload.status(), await upload.text()).toBe(200);
    let job = await (await page.request.post('/api/atlas/enterprises/imports', { headers, data: { upload: (await upload.json()).upload, dryRun: false } })).json();
    await expect.poll(async () => (job = await (await page.request.get(`/api/atlas/enterprises/imports/${job.id}`)).json()).status, { timeout: 60_000 }).not.toBe('running');
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const found = await (await page.request.get(`/api/atlas/enterprises?q=${encodeURIComponent('测试')}`)).json();
    for (const e of found.items.filter((x: { name: string }) => COMPANIES.includes(x.name))) {
      const r = await page.request.post(`/api/atlas/enterprises/${e.regionCode}/${e.id}/links`, { headers, data: { chainId, segmentKey: TARGET.key, evidence: 'strong', source: '专利检索', asOf: '2026-06-30' } });
      expect(r.status(), await r.text()).toBe(201);
    }

    // The chain list, then the map.
    await page.goto('/atlas');
    const started = Date.now();
    await page.getByRole('link', { name: '浏览器测试大产业链' }).click();
    const graph = page.getByTestId('chain-graph');
    await expect.poll(() => graph.getAttribute('data-combos'), { timeout: 30_000 }).toBe('upstream,midstream,downstream');
    console.log(`[atlas] chain map of 504 segments drawn ${Date.now() - started} ms after the click`);
    // Sub-trees start collapsed: the 24 top-level segments show, each with a canvas drawing.
    expect(Number(await graph.getAttribute('data-nodes'))).toBe(24);
    const canvas = graph.locator('canvas').first();
    const box = (await canvas.boundingBox())!;
    expect(box.width).toBeGreaterThan(400);
    expect(box.height).toBeGreaterThan(400);
    await screenshot(page, 'atlas-chain-map');

    // Search: the segment's ancestors open, the map centres on it, the panel lists its enterprises.
    const search = page.getByRole('combobox', { name: '搜索环节' });
    await search.fill(TARGET.name);
    await page.locator('.ant-select-item-option', { hasText: TARGET.name }).click();
    await expect.poll(() => graph.getAttribute('data-focused'), { timeout: 15_000 }).toBe(TARGET.key);
    // G6 centres the segment with its label (drawn to its right): the dot lies within a label's width of the middle.
    expect(Number(await graph.getAttribute('data-focus-offset'))).toBeLessThan(100);
    expect(Number(await graph.getAttribute('data-nodes'))).toBeGreaterThan(24);
    const panel = page.getByTestId('segment-panel');
    await panel.getByText(TARGET.name).first().waitFor();
    for (const name of COMPANIES) await panel.getByText(name).waitFor();
    await panel.getByText('全部地区 3 家').waitFor();
    await screenshot(page, 'atlas-chain-map-search');

    // The legend names the one colouring the map uses: enterprise counts with no region chosen, the region's strength
    // score once one is chosen (it named both at once).
    const legend = page.getByTestId('map-legend');
    expect(await legend.innerText()).toContain('颜色：所选地区的企业数');
    // It says what the dots count, and as of when.
    await expect.poll(() => legend.innerText(), { timeout: 15_000 }).toContain('（每家企业计一次），计已确认和待定的关联，不计已否定的');
    expect(await legend.innerText()).toMatch(/企业关联截至 \d{4}-\d{2}-\d{2}/);
    await page.getByRole('combobox', { name: '全部地区' }).fill('天津');
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: /^天津市$/ }).first().click();
    await expect.poll(() => legend.innerText(), { timeout: 15_000 }).toContain('颜色：所选地区的实力得分');
    expect(await legend.innerText()).not.toContain('颜色：所选地区的企业数');

    // The accessible view: the segment table.
    await page.getByText('环节表').click();
    await page.getByRole('row', { name: /测试上游环节0/ }).waitFor();

    // The directory: two characters find names and products, in pinyin order (bei < tian); among this chain's
    // enterprises, as the demo's own Tianjin enterprises (天津滨海示例…) also answer 天津.
    await page.goto(`/atlas/enterprises?chain=${chainId}`);
    const box2 = page.getByRole('searchbox', { name: /按企业名称/ });
    await box2.fill('天津');
    await box2.press('Enter');
    const rows = page.locator('tbody tr.ant-table-row');
    await expect
      .poll(async () => (await rows.allTextContents()).filter((t) => t.includes('测试')).map((t) => COMPANIES.find((c) => t.includes(c))), { timeout: 15_000 })
      .toEqual([COMPANIES[1], COMPANIES[0]]);
    // The drawer shows the enterprise's link with its evidence, source and date; the name opens it from the keyboard.
    await rows.filter({ hasText: COMPANIES[0] }).getByRole('button', { name: COMPANIES[0] }).focus();
    await page.keyboard.press('Enter');
    const link = page.getByTestId(`link-${TARGET.key}`);
    await link.getByText('专利检索').waitFor();
    await link.getByText(/2026-06-30/).waitFor();
    await screenshot(page, 'atlas-enterprise-drawer');
  }, 180_000);

  it('imports an enterprise file with 产业链 and 环节 columns on the import page: the mapping shows them, the check and the import count the links', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    const { headers } = await api(page);
    const chain = {
      format: 'luoshi-atlas-chain',
      formatVersion: 1,
      chain: { id: 'e2e-import-links', name: '浏览器导入关联链' },
      segments: [
        { id: 'up', name: '导入测试材料', stage: 'upstream' },
        { id: 'up.cat', name: '导入测试催化剂', parent: 'up' },
        { id: 'down', name: '导入测试应用', stage: 'downstream' },
      ],
      edges: [],
    };
    const imported = await page.request.post('/api/atlas/chains/import', { headers, multipart: { file: { name: 'links.chain.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(chain)) } } });
    expect(imported.status(), await imported.text()).toBe(200);

    await page.goto('/atlas/import');
    await page.getByText('可选“产业链”“环节”列').waitFor();
    // The third row names no segment: its main product, which holds a leaf segment's name, proposes a link to it.
    const csv = [
      '企业名称,行政区划代码,所属产业链,环节,链接依据,主要产品',
      '天津导入关联甲有限公司,120116,浏览器导入关联链,导入测试材料/导入测试催化剂；导入测试应用,强,',
      '天津导入关联乙有限公司,120116,e2e-import-links,down,,',
      '天津导入关联丙有限公司,120116,,,,导入测试应用解决方案',
    ].join('\n');
    await page.locator('input[type="file"]').setInputFiles({ name: '关联名录.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // The column mapping found the new columns by their headers.
    const mapped = (label: string) => page.locator('.ant-select', { has: page.getByRole('combobox', { name: label, exact: true }) });
    await expect.poll(() => mapped('产业链').innerText(), { timeout: 15_000 }).toContain('所属产业链');
    expect(await mapped('环节').innerText()).toContain('环节');
    expect(await mapped('链接依据').innerText()).toContain('链接依据');
    await page.getByRole('button', { name: '检查（不写入）' }).click();
    // Proposals are on by default; unticked, the check counts only the file's own links.
    const propose = page.getByRole('checkbox', { name: '按主要产品推荐环节关联' });
    expect(await propose.isChecked()).toBe(true);
    await propose.uncheck();
    await page.getByRole('button', { name: '检查（不写入）' }).click();
    await page.getByText('检查通过：3 行，可导入 3 家企业及 3 条环节关联').waitFor({ timeout: 30_000 });
    await propose.check();
    // A changed choice must be checked again before it imports.
    expect(await page.getByRole('button', { name: /^导\s?入$/ }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '检查（不写入）' }).click();
    await page.getByText(/其中 \d+ 条关联按主要产品推荐（1 家企业），待核实。/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /^导\s?入$/ }).click();
    await page.getByText(/^已导入 3 家企业及 \d+ 条环节关联（共 3 行），关联为“待定”$/).waitFor({ timeout: 30_000 });
    await screenshot(page, 'atlas-import-links');
    // The enterprise's drawer lists the imported link, from the file, 待定 for staff to decide.
    await page.goto('/atlas/enterprises');
    const search = page.getByRole('searchbox', { name: /按企业名称/ });
    await search.fill('导入关联');
    await search.press('Enter');
    await page.locator('tbody tr.ant-table-row').filter({ hasText: '天津导入关联甲有限公司' }).getByText('天津导入关联甲有限公司').click();
    const link = page.getByTestId('link-up.cat');
    await link.getByText('关联名录.csv').waitFor();
    await link.getByText('待定', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('tbody tr.ant-table-row').filter({ hasText: '天津导入关联丙有限公司' }).getByText('天津导入关联丙有限公司').click();
    const proposed = page.getByTestId('link-down');
    await proposed.getByText('按主要产品推荐：“导入测试应用”；关联名录.csv').waitFor();
    await proposed.getByText('待定', { exact: true }).waitFor();
  }, 120_000);

  it('opens a collapsed stage box again when a segment in it is searched, and keeps working after it', async () => {
    const page = await openPage(browser, baseUrl, { width: 1440, height: 900 });
    const errors: string[] = [];
    await signIn(page, 'fgw');
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    const chains = (await (await page.request.get('/api/atlas/chains')).json()) as { items?: { id: string; name: string }[] } | { id: string; name: string }[];
    const ic = (Array.isArray(chains) ? chains : (chains.items ?? [])).find((c) => c.name.startsWith('集成电路'))!;
    await page.goto(`/atlas/chains/${ic.id}`);
    const graph = page.getByTestId('chain-graph');
    await graph.and(page.locator('[data-combo-probe]')).waitFor({ state: 'attached' });
    const [stage, x, y] = JSON.parse((await graph.getAttribute('data-combo-probe'))!) as [string, number, number];
    expect(stage).toBe('upstream');
    const box = (await graph.boundingBox())!;
    await page.mouse.dblclick(box.x + x, box.y + y);
    await expect.poll(() => graph.getAttribute('data-collapsed'), { timeout: 10_000 }).toBe('upstream');
    // A segment in it is searched: its sub-tree opens (the map is drawn again, the box still collapsed), then the
    // box opens and the map centres on it. Before, G6 failed on the undrawn segment and the map stopped responding.
    const search = page.getByRole('combobox', { name: '搜索环节' });
    await search.fill('光刻胶');
    await page.locator('.ant-select-item-option', { hasText: '光刻胶' }).first().click();
    await expect.poll(() => graph.getAttribute('data-focused'), { timeout: 15_000 }).toMatch(/photoresist/);
    expect(await graph.getAttribute('data-collapsed')).toBe('');
    await page.getByTestId('segment-panel').getByText(/光刻胶/).first().waitFor();
    // Collapsing and expanding the sub-trees still work afterwards (they did nothing once G6 had failed).
    const before = Number(await graph.getAttribute('data-nodes'));
    await page.getByRole('button', { name: /收起子环节/ }).click();
    await expect.poll(async () => Number(await graph.getAttribute('data-nodes')), { timeout: 15_000 }).toBeLessThan(before);
    await page.getByRole('button', { name: /全部展开/ }).click();
    await expect.poll(async () => Number(await graph.getAttribute('data-nodes')), { timeout: 15_000 }).toBe(before);
    expect(errors).toEqual([]);
  }, 90_000);

  it('keeps a busy segment’s enterprises in a list that scrolls within the panel, and says what its industry code is', async () => {
    const page = await openPage(browser, baseUrl, { width: 1440, height: 900 });
    await signIn(page, 'fgw');
    const chains = (await (await page.request.get('/api/atlas/chains')).json()) as { items?: { id: string; name: string }[] } | { id: string; name: string }[];
    const ic = (Array.isArray(chains) ? chains : (chains.items ?? [])).find((c) => c.name.startsWith('集成电路'))!;
    await page.goto(`/atlas/chains/${ic.id}`);
    const graph = page.getByTestId('chain-graph');
    await graph.and(page.locator('[data-nodes][data-probe]')).waitFor({ state: 'attached' });
    // The first drawn segment of the demo chain (半导体材料) has some twenty-five enterprises.
    const [, x, y] = JSON.parse((await graph.getAttribute('data-probe'))!) as [string, number, number];
    const box = (await graph.boundingBox())!;
    await page.mouse.click(box.x + x, box.y + y);
    const list = page.getByTestId('segment-enterprises');
    await expect.poll(() => list.locator('.ant-list-item').count(), { timeout: 15_000 }).toBeGreaterThan(12);
    const size = await list.evaluate((e) => ({ client: e.clientHeight, scroll: e.scrollHeight }));
    expect(size.client).toBeLessThanOrEqual(480);
    expect(size.scroll).toBeGreaterThan(size.client);
    // The page stays about one screen high instead of the list stretching it.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(1400);
    await page.getByTestId('segment-panel').getByLabel(/国民经济行业代码（GB\/T 4754）/).first().waitFor();
  }, 90_000);
});
