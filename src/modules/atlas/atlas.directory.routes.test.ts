import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccPrefix } from './atlas.directory.service.ts';
import { openTestDatabase } from '../../../test/db.ts';
import { multipart } from '../../../test/multipart.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { withCheckChar } from './atlas.uscc.domain.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };
let fgw: Auth;
let swj: Auth;
let chainId: string;

async function signIn(username: string): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
}
const get = (auth: Auth, url: string) => app.inject({ url, ...auth });
function upload(auth: Auth, url: string, fileName: string, content: string) {
  const body = multipart(fileName, content, 'text/plain');
  return app.inject({ method: 'POST', url, ...auth, headers: { ...auth.headers, ...body.headers }, payload: body.payload });
}
async function runImport(auth: Auth, upload: string, extra: Record<string, unknown> = {}) {
  const started = await app.inject({ method: 'POST', url: '/api/atlas/enterprises/imports', ...auth, payload: { upload, dryRun: false, ...extra } });
  expect(started.statusCode, started.body).toBe(202);
  let job = started.json();
  for (let i = 0; job.status === 'running' && i < 600; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = (await get(auth, `/api/atlas/enterprises/imports/${job.id}`)).json();
  }
  return job;
}

// Names chosen so pinyin order differs from code-point order: 北 (bei) < 长 (chang) < 天 (tian) < 中 (zhong).
const NAMES: [string, string, string][] = [
  ['天津示例芯片科技有限公司', '120116', '芯片;模组'],
  ['北京示例芯片设计有限公司', '110108', '芯片设计'],
  ['长城示例天津电子有限公司', '120116', '电源'],
  ['中关村示例软件有限公司', '110108', '软件'],
  ['天津示例新材料有限公司', '120000', '硅片'],
];
const uscc = (i: number) => withCheckChar(`91120116MA${String(i).padStart(7, '0')}`);
const CSV = ['企业名称,统一社会信用代码,行政区划代码,标签,主要产品', ...NAMES.map(([n, r, p], i) => `${n},${uscc(i)},${r},${i === 0 ? '专精特新' : ''},${p}`)].join('\n') + '\n';

beforeAll(async () => {
  h = await openTestDatabase('demo');
  // These tests build their own atlas from files: the demo's chains and enterprises are taken out first (children first).
  for (const table of ['atlas_targets', 'atlas_chokepoints', 'atlas_enterprise_segments', 'atlas_enterprise_terms', 'atlas_enterprises', 'atlas_segment_edges', 'atlas_segments', 'atlas_chain_versions', 'atlas_chains'] as const)
    await h.db.deleteFrom(table).execute();
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  [fgw, swj] = [await signIn('fgw'), await signIn('swj')];
}, 120_000);
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('atlas chain import by upload', () => {
  it('previews what a chain file changes, writes nothing, then imports it on confirmation', async () => {
    const file = fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8');
    const dry = await upload(fgw, '/api/atlas/chains/import?dryRun=true', 'ic.chain.json', file);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, created: true, segments: 40, edges: 48 });
    expect((await get(fgw, '/api/atlas/chains')).json()).toHaveLength(0);
    const done = await upload(fgw, '/api/atlas/chains/import', 'ic.chain.json', file);
    expect(done.json()).toMatchObject({ dryRun: false, created: true, version: 1 });
    chainId = done.json().chain.id;
    const renamed = JSON.parse(file);
    renamed.segments[1].name = '大硅片';
    const again = await upload(fgw, '/api/atlas/chains/import?dryRun=true', 'ic.chain.json', JSON.stringify(renamed));
    expect(again.json().changes.segmentsRenamed).toEqual([{ key: 'ic.materials.wafer', from: '硅片', to: '大硅片' }]);
    const broken = await upload(fgw, '/api/atlas/chains/import', 'bad.json', '{"chain": ');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toContain('bad.json');
    expect((await upload(swj, '/api/atlas/chains/import', 'ic.chain.json', file)).statusCode).toBe(403);
  });
});

describe('atlas enterprise import by upload', () => {
  it('previews a file whose header it cannot read, imports it with the columns the person mapped, and refuses a file with errors whole', async () => {
    const odd = CSV.replace('企业名称', '单位全称').replace('行政区划代码', '属地');
    const preview = await upload(fgw, '/api/atlas/enterprises/uploads', 'odd.csv', odd);
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p).toMatchObject({ headerRow: 1, header: ['单位全称', '统一社会信用代码', '属地', '标签', '主要产品'], mapping: {} });
    expect(p.rows[0][0]).toBe(NAMES[0][0]);

    const bad = await upload(fgw, '/api/atlas/enterprises/uploads', 'bad.csv', CSV + `坏示例有限公司,${uscc(99).slice(0, 17)}X,120116,,\n`);
    const failed = await runImport(fgw, bad.json().upload);
    expect(failed.status).toBe('failed');
    expect(failed.error.issues).toEqual([expect.objectContaining({ row: 7, field: '统一社会信用代码' })]);
    expect((await get(fgw, '/api/atlas/enterprises')).json().total).toBe(0);

    const job = await runImport(fgw, p.upload, { headerRow: 1, mapping: { name: 0, uscc: 1, region: 2, tags: 3, products: 4 } });
    expect(job, JSON.stringify(job.error)).toMatchObject({ status: 'done', result: { rows: 5, imported: 5 } });
    expect(job.bytes).toBe(job.totalBytes);
  });
});

describe('atlas enterprise search', () => {
  it('finds two-character Chinese queries in names and products, in pinyin order', async () => {
    const tianjin = (await get(swj, `/api/atlas/enterprises?q=${encodeURIComponent('天津')}`)).json();
    expect(tianjin.items.map((e: { name: string }) => e.name)).toEqual(['长城示例天津电子有限公司', '天津示例新材料有限公司', '天津示例芯片科技有限公司']);
    const chips = (await get(swj, `/api/atlas/enterprises?q=${encodeURIComponent('芯片')}`)).json();
    expect(chips.items.map((e: { name: string }) => e.name)).toEqual(['北京示例芯片设计有限公司', '天津示例芯片科技有限公司']);
    const silicon = (await get(swj, `/api/atlas/enterprises?q=${encodeURIComponent('硅片')}`)).json();
    expect(silicon.items.map((e: { name: string }) => e.name)).toEqual(['天津示例新材料有限公司']);
    const all = (await get(swj, '/api/atlas/enterprises?limit=2&offset=2')).json();
    expect(all).toMatchObject({ total: 5, totalCapped: false, offset: 2, limit: 2 });
    expect(all.items.map((e: { name: string }) => e.name)).toEqual(['天津示例新材料有限公司', '天津示例芯片科技有限公司']);
    // A term on every name: its pages and count come from the terms' index alone, in the listing's order.
    const paged = (await get(swj, `/api/atlas/enterprises?q=${encodeURIComponent('示例')}&limit=2&offset=2`)).json();
    expect(paged).toMatchObject({ total: 5, offset: 2, limit: 2 });
    expect(paged.items.map((e: { name: string }) => e.name)).toEqual(all.items.map((e: { name: string }) => e.name));
    const inBeijing = (await get(swj, `/api/atlas/enterprises?q=${encodeURIComponent('示例')}&region=110000`)).json();
    expect(inBeijing).toMatchObject({ total: 2 });
    expect(inBeijing.items.map((e: { name: string }) => e.name)).toEqual(['北京示例芯片设计有限公司', '中关村示例软件有限公司']);
    const tagged = (await get(swj, `/api/atlas/enterprises?tag=${encodeURIComponent('专精特新')}`)).json();
    expect(tagged.items.map((e: { name: string }) => e.name)).toEqual([NAMES[0][0]]);
  });

  it('finds enterprises by the start of their USCC, in code order, and reads a product model that looks like one as words', async () => {
    const names = async (q: string, extra = '') => (await get(swj, `/api/atlas/enterprises?q=${encodeURIComponent(q)}${extra}`)).json().items.map((e: { name: string }) => e.name);
    expect(await names(uscc(3))).toEqual([NAMES[3][0]]);
    expect(await names(` ${uscc(3).slice(0, 10).toLowerCase()} `)).toEqual(NAMES.map(([n]) => n));
    expect(await names('91120116MA', '&region=110000')).toEqual([NAMES[1][0], NAMES[3][0]]);
    expect(await names('91110108')).toEqual([]);
    expect(usccPrefix('GD32F103')).toBe('GD32F103');
    expect(usccPrefix('天津')).toBeNull();
    expect(usccPrefix('STM32F103')).toBeNull();
  });

  it('rolls a region up over its districts', async () => {
    const tj = (await get(swj, '/api/atlas/enterprises?region=120000')).json();
    expect(tj.items.map((e: { regionCode: string }) => e.regionCode).sort()).toEqual(['120000', '120116', '120116']);
    const bj = (await get(swj, '/api/atlas/enterprises?region=110000')).json();
    expect(bj.items.map((e: { name: string }) => e.name)).toEqual(['北京示例芯片设计有限公司', '中关村示例软件有限公司']);
  });
});

describe('atlas segment links', () => {
  it('counts a segment over its sub-segments and a region, and takes a link decision with a note, audited', async () => {
    const list = (await get(swj, '/api/atlas/enterprises')).json().items as { id: string; regionCode: string; name: string }[];
    const by = (name: string) => list.find((e) => e.name === name)!;
    const link = (e: { id: string; regionCode: string }, segment: string, decision: 'confirmed' | 'uncertain' | 'rejected' = 'uncertain') =>
      ({ region_code: e.regionCode, enterprise_id: e.id, chain_id: chainId, segment_key: segment, evidence: 'strong' as const, source: '专利检索', as_of: '2026-06-30', decision });
    await h.db
      .insertInto('atlas_enterprise_segments')
      .values([
        link(by(NAMES[0][0]), 'ic.materials.wafer'),
        link(by(NAMES[4][0]), 'ic.materials.photoresist', 'confirmed'),
        link(by(NAMES[1][0]), 'ic.materials.wafer'),
        link(by(NAMES[3][0]), 'ic.materials.wafer', 'rejected'),
      ])
      .execute();

    const counts = (await get(swj, `/api/atlas/chains/${chainId}/enterprise-counts?region=120000`)).json();
    const seg = (k: string) => counts.segments.find((s: { key: string }) => s.key === k);
    expect(counts.asOf).toBe('2026-06-30');
    expect(seg('ic.materials')).toEqual({ key: 'ic.materials', total: 3, inRegion: 2, confirmed: 1 });
    expect(seg('ic.materials.wafer')).toEqual({ key: 'ic.materials.wafer', total: 2, inRegion: 1, confirmed: 0 });

    const inSegment = (await get(swj, `/api/atlas/chains/${chainId}/segments/ic.materials/enterprises?region=120000`)).json();
    expect(inSegment.items.map((e: { name: string; decision: string }) => [e.name, e.decision])).toEqual([
      [NAMES[4][0], 'confirmed'],
      [NAMES[0][0], 'uncertain'],
    ]);
    const bySegment = (await get(swj, `/api/atlas/enterprises?chain=${chainId}&segment=ic.materials`)).json();
    expect(bySegment.total).toBe(3);

    const target = by(NAMES[0][0]);
    const url = `/api/atlas/enterprises/${target.regionCode}/${target.id}/links/${chainId}/ic.materials.wafer`;
    expect((await app.inject({ method: 'PATCH', url, ...swj, payload: { decision: 'confirmed' } })).statusCode).toBe(403);
    const decided = await app.inject({ method: 'PATCH', url, ...fgw, payload: { decision: 'rejected', note: '产品为模组，非硅片' } });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ decision: 'rejected', note: '产品为模组，非硅片', decidedBy: '陈联络', segmentName: '硅片', asOf: '2026-06-30', evidence: 'strong', source: '专利检索' });
    const detail = (await get(swj, `/api/atlas/enterprises/${target.regionCode}/${target.id}`)).json();
    expect(detail).toMatchObject({ name: NAMES[0][0], abilities: { decide: false }, links: [expect.objectContaining({ chainName: '集成电路', decision: 'rejected' })] });
    const audit = await h.db.selectFrom('audit_log').select(['action', 'entity', 'before', 'after']).where('entity', '=', 'enterprise_link').execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'decide', before: expect.objectContaining({ decision: 'uncertain' }), after: expect.objectContaining({ decision: 'rejected', note: '产品为模组，非硅片' }) })]);
    expect((await get(swj, `/api/atlas/chains/${chainId}/enterprise-counts?region=120000`)).json().segments.find((s: { key: string }) => s.key === 'ic.materials.wafer')).toMatchObject({ total: 1, inRegion: 0 });

    const missing = await app.inject({ method: 'PATCH', url: url.replace('ic.materials.wafer', 'ic.design'), ...fgw, payload: { decision: 'confirmed' } });
    expect(missing.statusCode).toBe(404);

    // A link made by hand: the keepers may, with evidence, source and date; once.
    const linksUrl = `/api/atlas/enterprises/${target.regionCode}/${target.id}/links`;
    const body = { chainId, segmentKey: 'ic.design', evidence: 'medium', source: '现场走访', asOf: '2026-07-01', note: '设计业务' };
    expect((await app.inject({ method: 'POST', url: linksUrl, ...swj, payload: body })).statusCode).toBe(403);
    const made = await app.inject({ method: 'POST', url: linksUrl, ...fgw, payload: body });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ segmentKey: 'ic.design', decision: 'uncertain', source: '现场走访', asOf: '2026-07-01', decidedBy: '陈联络' });
    expect((await app.inject({ method: 'POST', url: linksUrl, ...fgw, payload: body })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: linksUrl, ...fgw, payload: { ...body, segmentKey: 'no.such' } })).statusCode).toBe(400);
  });
});
