import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, serverUrl, signIn, signInAt } from './browser.ts';
import { withCheckChar } from '../../src/modules/atlas/atlas.uscc.domain.ts';

const baseUrl = serverUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A small chain of the chain office's own region (Tianjin), which it may edit. */
const CHAIN = {
  format: 'luoshi-atlas-chain',
  formatVersion: 1,
  chain: { id: 'e2e-edit-chain', name: '浏览器编辑测试链' },
  segments: [
    { id: 'up', name: '编辑测试上游', stage: 'upstream' },
    { id: 'mid', name: '编辑测试中游', stage: 'midstream' },
    { id: 'down', name: '编辑测试下游', stage: 'downstream' },
  ],
  edges: [{ from: 'up', to: 'mid' }],
};
/** Enterprises in Shanghai (长三角, the benchmark), none in 京津冀: the new segment becomes a gap with candidates. */
const CANDIDATES = ['上海编辑测试衬底有限公司', '苏州编辑测试晶体有限公司'];

async function csrf(page: Page) {
  const me = await (await page.request.get('/api/auth/me')).json();
  return { 'x-csrf-token': me.csrfToken as string };
}

describe('editing a chain on its map', () => {
  it('a chain office adds a segment, links it, moves it, sees it on the map, and sees its gaps and candidates in the side panel', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    const headers = await csrf(page);
    const imported = await page.request.post('/api/atlas/chains/import', {
      headers,
      multipart: { file: { name: 'edit.chain.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(CHAIN)) } },
    });
    expect(imported.status(), await imported.text()).toBe(200);
    const chainId = (await imported.json()).chain.id as string;

    await page.goto(`/atlas/chains/${chainId}`);
    const graph = page.getByTestId('chain-graph');
    await expect.poll(() => graph.getAttribute('data-nodes'), { timeout: 30_000 }).toBe('3');

    // Add: a sub-segment of the upstream segment, with an industry code and a product.
    await page.getByTestId('chain-add-segment').click();
    const editor = page.getByRole('dialog');
    await editor.getByLabel('环节名称').fill('碳化硅衬底');
    await editor.getByRole('combobox', { name: '上级环节' }).fill('编辑测试上游');
    await page.locator('.ant-select-item-option', { hasText: '编辑测试上游' }).click();
    const codes = editor.getByRole('combobox', { name: '行业代码（GB/T 4754）' });
    await codes.fill('3985');
    await codes.press('Enter');
    const products = editor.getByRole('combobox', { name: '关键产品' });
    await products.fill('SiC 衬底');
    await products.press('Enter');
    await editor.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(/已保存为第 2 版：新增环节 1/).waitFor();
    // The new segment is selected and centred on the map, its parent opened.
    await expect.poll(() => graph.getAttribute('data-focused'), { timeout: 15_000 }).toBe('up.1');
    const panel = page.getByTestId('segment-panel');
    const bar = panel.getByTestId('segment-edit-bar');
    await panel.getByText('碳化硅衬底').first().waitFor();
    await panel.getByText('3985').waitFor();
    await panel.getByText('上游', { exact: true }).waitFor();

    // Link: it supplies the midstream segment.
    await bar.getByRole('button', { name: /供应关系/ }).click();
    await editor.getByRole('combobox', { name: '另一环节' }).fill('编辑测试中游');
    await page.locator('.ant-select-item-option', { hasText: '编辑测试中游' }).click();
    await editor.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(/已保存为第 3 版：新增供应关系 1/).waitFor();
    await panel.getByTestId('segment-supplies').getByText('编辑测试中游').waitFor();

    // A supply edge back from the midstream would close a cycle: refused, named, nothing saved.
    await bar.getByRole('button', { name: /供应关系/ }).click();
    await editor.getByLabel('另一环节供应给“碳化硅衬底”').check();
    await editor.getByRole('combobox', { name: '另一环节' }).fill('编辑测试中游');
    await page.locator('.ant-select-item-option', { hasText: '编辑测试中游' }).click();
    await editor.getByRole('button', { name: /保\s*存/ }).click();
    await editor.getByTestId('edit-problems').getByText(/供应关系会成环：.*碳化硅衬底.*编辑测试中游|供应关系会成环：.*编辑测试中游.*碳化硅衬底/).waitFor();
    await screenshot(page, 'atlas-edit-cycle');
    await editor.getByRole('button', { name: /取\s*消/ }).click();

    // Move: out from under its parent, to the top of the midstream.
    await bar.getByRole('button', { name: /移\s*动/ }).click();
    await editor.locator('.ant-select-clear').first().click();
    await editor.getByText('中游', { exact: true }).click();
    await editor.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(/已保存为第 4 版：移动环节 1/).waitFor();
    await panel.getByText('中游', { exact: true }).waitFor();
    // On the map: four top-level segments now, the moved one among them.
    await expect.poll(() => graph.getAttribute('data-nodes'), { timeout: 15_000 }).toBe('4');
    const versions = await (await page.request.get(`/api/atlas/chains/${chainId}`)).json();
    expect(versions).toMatchObject({ version: 4, segmentCount: 4, edgeCount: 2 });
    expect(versions.segments.find((s: { key: string }) => s.key === 'up.1')).toMatchObject({ parent: null, stage: 'midstream', industryCodes: ['3985'], products: ['SiC 衬底'] });

    // The 版本 drawer lists the four versions newest first, how each was made; the newest shows its move, version 2 its new segment.
    await page.getByTestId('chain-versions').click();
    const history = page.getByTestId('chain-version-list');
    await history.getByTestId('chain-version-1').getByText('文件导入').waitFor();
    expect((await history.locator('[data-testid^="chain-version-"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-testid')))).filter((id) => /^chain-version-\d+$/.test(id ?? ''))).toEqual([
      'chain-version-4',
      'chain-version-3',
      'chain-version-2',
      'chain-version-1',
    ]);
    await history.getByTestId('chain-version-4').getByText('图谱上编辑').waitFor();
    await history.getByTestId('chain-version-4').getByTestId('chain-version-changes').getByText(/碳化硅衬底 \(up\.1\): 编辑测试上游 \(up\) → 中游/).waitFor();
    await history.getByTestId('chain-version-2').click();
    const v2 = history.getByTestId('chain-version-2').getByTestId('chain-version-changes');
    await v2.getByText('第 2 版相对第 1 版的变化').waitFor();
    await v2.getByText('新增环节（1）').waitFor();
    await v2.getByText('碳化硅衬底 (up.1)').waitFor();
    expect(await history.getByTestId('chain-version-changes').count()).toBe(1);
    await screenshot(page, 'atlas-edit-versions');
    await page.keyboard.press('Escape');

    // Enterprises elsewhere linked to it: for 京津冀 against 长三角 the segment is a gap, with them as candidates.
    const csv = ['企业名称,统一社会信用代码,行政区划代码,主要产品', ...CANDIDATES.map((n, i) => `${n},${withCheckChar(`91310000MAED${String(i).padStart(5, '0')}`)},${['310000', '320500'][i]},碳化硅衬底`)].join('\n');
    const upload = await page.request.post('/api/atlas/enterprises/uploads', { headers, multipart: { file: { name: 'edit.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } } });
    expect(upload.status(), await upload.text()).toBe(200);
    let job = await (await page.request.post('/api/atlas/enterprises/imports', { headers, data: { upload: (await upload.json()).upload, dryRun: false } })).json();
    await expect.poll(async () => (job = await (await page.request.get(`/api/atlas/enterprises/imports/${job.id}`)).json()).status, { timeout: 60_000 }).not.toBe('running');
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const found = await (await page.request.get(`/api/atlas/enterprises?q=${encodeURIComponent('编辑测试')}`)).json();
    const ours = found.items.filter((x: { name: string }) => CANDIDATES.includes(x.name));
    expect(ours).toHaveLength(2);
    for (const e of ours) {
      const r = await page.request.post(`/api/atlas/enterprises/${e.regionCode}/${e.id}/links`, { headers, data: { chainId, segmentKey: 'up.1', evidence: 'strong', source: '产品目录', asOf: '2026-06-30' } });
      expect(r.status(), await r.text()).toBe(201);
    }

    await page.reload();
    const search = page.getByRole('combobox', { name: '搜索环节' });
    await search.fill('碳化硅');
    await page.locator('.ant-select-item-option', { hasText: '碳化硅衬底' }).click();
    const gaps = page.getByTestId('segment-gaps');
    await gaps.getByText('京津冀 对比 长三角').waitFor();
    for (const name of CANDIDATES) await gaps.getByText(name).waitFor();
    // A segment with linked enterprises cannot be removed: the panel says why before anything is sent.
    await bar.getByRole('button', { name: /删\s*除/ }).click();
    await page.getByText(/关联了 2 家企业，不能删除/).waitFor();
    await screenshot(page, 'atlas-edit-gaps');
    // The link opens the 堵点与卡点 page on the same region, where the segment is listed as a gap.
    await gaps.getByTestId('segment-gaps-link').click();
    await page.waitForURL(/\/analysis\?region=jjj$/);
    await page.getByTestId('gaps-table').getByText('碳化硅衬底').waitFor({ timeout: 30_000 });
  }, 240_000);
});

describe('a refused chain file in the browser (found on the walk)', () => {
  it('names the missing segment and the cycle on the page, and nothing is imported', async () => {
    const page = await openPage(browser, baseUrl);
    await signInAt(page, 'fgw', '/atlas');
    const rows = page.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const before = await rows.count();
    const upload = page.locator('input[type=file]');
    const missing = { ...CHAIN, chain: { id: 'e2e-refused-chain', name: '浏览器拒收测试链' }, edges: [...CHAIN.edges, { from: 'mid', to: 'nowhere' }] };
    await upload.setInputFiles({ name: 'missing.chain.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(missing)) });
    const refused = page.getByTestId('chain-import-refused');
    await refused.waitFor();
    // The toast alone said "1 处错误"; the page keeps which edge and which segment.
    expect(await refused.innerText()).toMatch(/edges\[1\]\.to：环节 nowhere 不存在/);
    const cycle = { ...missing, edges: [...CHAIN.edges, { from: 'mid', to: 'down' }, { from: 'down', to: 'up' }] };
    await upload.setInputFiles({ name: 'cycle.chain.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(cycle)) });
    await expect.poll(() => refused.innerText()).toMatch(/供应关系成环：up → mid → down → up/);
    await screenshot(page, 'atlas-chain-refused');
    expect(await rows.count()).toBe(before);
    expect(await page.getByText('浏览器拒收测试链').count()).toBe(0);
  });
});

describe('a chain as an Excel workbook in the browser', () => {
  it('exports the chain page as Excel, names a wrong row of the edited workbook on import, and previews the unchanged one', async () => {
    const page = await openPage(browser, baseUrl);
    await signIn(page, 'fgw');
    const headers = await csrf(page);
    const file = { ...CHAIN, chain: { id: 'e2e-xlsx-chain', name: '浏览器表格测试链' } };
    const imported = await page.request.post('/api/atlas/chains/import', {
      headers,
      multipart: { file: { name: 'xlsx.chain.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) } },
    });
    expect(imported.status(), await imported.text()).toBe(200);
    await page.goto(`/atlas/chains/${(await imported.json()).chain.id as string}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chain-export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('e2e-xlsx-chain-120000-v1.chain.xlsx');
    const bytes = fs.readFileSync((await download.path())!);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['环节', '供应关系', '说明']);
    expect(book.getWorksheet('环节')!.getColumn(2).values.slice(1)).toEqual(['环节名称', '编辑测试上游', '编辑测试中游', '编辑测试下游']);

    await page.goto('/atlas');
    const upload = page.locator('input[type=file]');
    book.getWorksheet('供应关系')!.addRow(['mid', 'nowhere']);
    await upload.setInputFiles({ name: '改.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await book.xlsx.writeBuffer()) });
    const refused = page.getByTestId('chain-import-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/供应关系 第3行 需求方环节编号：环节 nowhere 不存在/);

    await upload.setInputFiles({ name: '原.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
    await expect.poll(() => page.getByRole('dialog').innerText()).toMatch(/文件与当前第 1 版相同/);
  }, 120_000);
});
