import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { addEnterprise } from './atlas.analysis.test-helpers.ts';
import { editChain } from './atlas.chain-edit.service.ts';
import { chainDetail, chainSummaries, exportChain, importChain } from './atlas.chains.service.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let app: FastifyInstance;
let chainId: string;
const fixture = () => JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')) as unknown;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  chainId = (await importChain(fgw, fixture())).chain.id;
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await h?.close();
});

const version = async () => (await chainDetail(fgw, chainId)).version;
const segment = async (key: string) => (await chainDetail(fgw, chainId)).segments.find((s) => s.key === key);
/** The error thrown, with its field-level details as `field: message` lines. */
async function failure(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, 'expected the edit to be refused').toBeInstanceOf(Error);
  const err = e as ValidationError;
  return { error: err, lines: (err.details ?? []).map((d) => `${d.field}: ${d.message}`) };
}

describe('editing a chain from the map', () => {
  it('adds a segment under a parent, links it, moves it to another stage; each save is a version whose changes are listed', async () => {
    const v = await version();
    const added = await editChain(fgw, chainId, {
      baseVersion: v,
      edits: [{ op: 'addSegment', segment: { name: '碳化硅衬底', parent: 'ic.materials', industryCodes: ['3985'], products: ['SiC 衬底', ' SiC 衬底 '], technologies: ['长晶'] } }],
    });
    const key = added.addedSegments[0]!;
    expect(key).toBe('ic.materials.1');
    expect(added).toMatchObject({ version: v + 1, unchanged: false });
    expect(added.changes.segmentsAdded).toEqual([{ key, name: '碳化硅衬底', parent: 'ic.materials', stage: 'upstream' }]);
    expect(await segment(key)).toMatchObject({ parent: 'ic.materials', stage: 'upstream', industryCodes: ['3985'], products: ['SiC 衬底'], technologies: ['长晶'] });

    const linked = await editChain(fgw, chainId, { baseVersion: v + 1, edits: [{ op: 'addEdge', from: key, to: 'ic.manufacturing.logic' }] });
    expect(linked.changes.edgesAdded).toEqual([{ from: key, to: 'ic.manufacturing.logic', fromName: '碳化硅衬底', toName: '逻辑工艺' }]);

    // Moved to the top of the midstream: the edge goes with it; the export carries the new place.
    const moved = await editChain(fgw, chainId, { baseVersion: v + 2, edits: [{ op: 'moveSegment', key, parent: null, stage: 'midstream' }] });
    expect(moved.changes.segmentsMoved).toEqual([{ key, name: '碳化硅衬底', fromParent: 'ic.materials', toParent: null, fromParentName: '半导体材料', toParentName: null, fromStage: 'upstream', toStage: 'midstream' }]);
    const file = await exportChain(fgw, chainId);
    expect(file.segments.find((s) => s.id === key)).toMatchObject({ stage: 'midstream' });
    expect(file.edges).toContainEqual({ from: key, to: 'ic.manufacturing.logic' });
    expect(file.chain.version).toBe('2026.1');

    // Renamed and removed in one batch (one version), its edge removed with it.
    const gone = await editChain(fgw, chainId, { baseVersion: v + 3, edits: [{ op: 'updateSegment', key, set: { name: '碳化硅' } }, { op: 'removeSegment', key }] });
    expect(gone.version).toBe(v + 4);
    expect(gone.changes.segmentsRemoved).toEqual([{ key, name: '碳化硅衬底' }]);
    expect(gone.changes.edgesRemoved).toEqual([{ from: key, to: 'ic.manufacturing.logic', fromName: '碳化硅衬底', toName: '逻辑工艺' }]);
    expect(await segment(key)).toBeUndefined();
    const listed = (await chainSummaries(fgw)).find((c) => c.id === chainId)!;
    expect(listed.version).toBe(v + 4);

    const audit = await h.db.selectFrom('audit_log').select(['action', 'summary']).where('entity', '=', 'chain').where('entity_id', '=', chainId).where('action', '=', 'edit').execute();
    expect(audit).toHaveLength(4);
  });

  it('refuses a supply edge that closes a cycle, naming the segments in it, and writes nothing', async () => {
    const v = await version();
    // wafer → logic exists: logic → wafer closes a loop of two.
    const { error, lines } = await failure(editChain(fgw, chainId, { baseVersion: v, edits: [{ op: 'addEdge', from: 'ic.manufacturing.logic', to: 'ic.materials.wafer' }] }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(lines.join('\n')).toMatch(/^edits\[0\]: 供应关系会成环：.*硅片.*逻辑|^edits\[0\]: 供应关系会成环：.*逻辑.*硅片/);
    expect(await version()).toBe(v);
  });

  it('refuses an unknown parent, a move under its own sub-segment, removing a segment with sub-segments, and names each', async () => {
    const v = await version();
    let r = await failure(editChain(fgw, chainId, { baseVersion: v, edits: [{ op: 'addSegment', segment: { name: '新环节', parent: 'ic.nowhere' } }] }));
    expect(r.lines).toEqual([expect.stringMatching(/^edits\[0\]\.segment\.parent: 上级环节 ic\.nowhere 不存在/)]);
    r = await failure(editChain(fgw, chainId, { baseVersion: v, edits: [{ op: 'moveSegment', key: 'ic.materials', parent: 'ic.materials.wafer' }] }));
    expect(r.lines).toEqual([expect.stringMatching(/^edits\[0\]\.parent: 不能把环节 半导体材料（ic\.materials） 移到它自己或其下级 硅片/)]);
    r = await failure(editChain(fgw, chainId, { baseVersion: v, edits: [{ op: 'removeSegment', key: 'ic.materials' }] }));
    expect(r.lines).toEqual([expect.stringMatching(/^edits\[0\]\.key: 环节 半导体材料（ic\.materials） 还有 8 个下级环节/)]);
    r = await failure(editChain(fgw, chainId, { baseVersion: v, edits: [{ op: 'addSegment', segment: { name: '新环节' } }] }));
    expect(r.lines).toEqual([expect.stringMatching(/^edits\[0\]\.segment\.stage: 顶层环节须指定阶段/)]);
    // What the file check refuses is refused here too, named by segment: a GB/T 4754 code that is not one.
    r = await failure(editChain(fgw, chainId, { baseVersion: v, edits: [{ op: 'updateSegment', key: 'ic.materials.wafer', set: { industryCodes: ['39X'] } }] }));
    expect(r.lines).toEqual([expect.stringMatching(/^segment ic\.materials\.wafer\.industryCodes\[0\]: 格式不符/)]);
    expect(await version()).toBe(v);
  });

  it('refuses to remove a segment enterprises are linked to, and a stale version; nothing is written', async () => {
    const v = await version();
    await addEnterprise(h.db, { region: '120116', name: '测试硅片有限公司', links: [{ chainId, segment: 'ic.materials.wafer' }] });
    let r = await failure(editChain(fgw, chainId, { baseVersion: v, edits: [{ op: 'removeSegment', key: 'ic.materials.wafer' }] }));
    expect(r.error).toBeInstanceOf(ConflictError);
    expect(r.lines).toEqual([expect.stringMatching(/^segment ic\.materials\.wafer: 环节“硅片”关联了 1 家企业/)]);
    expect(await segment('ic.materials.wafer')).toBeDefined();

    await editChain(fgw, chainId, { baseVersion: v, edits: [{ op: 'updateSegment', key: 'ic.materials.gas', set: { products: ['高纯氨'] } }] });
    r = await failure(editChain(fgw, chainId, { baseVersion: v, edits: [{ op: 'updateSegment', key: 'ic.materials.gas', set: { products: ['三氟化氮'] } }] }));
    expect(r.error).toBeInstanceOf(ConflictError);
    expect(r.error.message).toMatch(new RegExp(`已有新版本（第 ${v + 1} 版，你编辑的是第 ${v} 版）`));
    expect((await segment('ic.materials.gas'))!.products).toEqual(['高纯氨']);
  });

  it('lets only the region’s keepers edit its chain, and only administrators the shared definitions', async () => {
    const v = await version();
    const gxj = await contextAs(h, 'gxj');
    const swj = await contextAs(h, 'swj');
    expect((await chainDetail(gxj, chainId)).canEdit).toBe(true);
    expect((await chainDetail(swj, chainId)).canEdit).toBe(false);
    await expect(editChain(swj, chainId, { baseVersion: v, edits: [{ op: 'removeEdge', from: 'ic.materials.wafer', to: 'ic.manufacturing.logic' }] })).rejects.toBeInstanceOf(ForbiddenError);
    const shared = (await chainSummaries(fgw)).find((c) => c.regionCode === '000000')!;
    expect((await chainDetail(fgw, shared.id)).canEdit).toBe(false);
    await expect(editChain(fgw, shared.id, { baseVersion: shared.version, edits: [{ op: 'updateSegment', key: 'x', set: {} }] })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await chainDetail(await contextAs(h, 'admin'), shared.id)).canEdit).toBe(true);
  });
});

describe('the edit route', () => {
  async function signIn(username: string) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    return { cookies: { luoshi_session: res.cookies[0]!.value }, headers: { 'x-csrf-token': res.json().csrfToken as string } };
  }
  const post = async (username: string, payload: unknown) => app.inject({ method: 'POST', url: `/api/atlas/chains/${chainId}/edits`, ...(await signIn(username)), payload: payload as object });

  it('saves a batch as the next version and answers 409 to a stale one, 400 to a cycle, 403 to a reader', async () => {
    const v = await version();
    const ok = await post('fgw', {
      baseVersion: v,
      edits: [
        { op: 'addSegment', segment: { key: 'ic.route.a', name: '路由测试甲', stage: 'downstream' } },
        { op: 'addSegment', segment: { key: 'ic.route.b', name: '路由测试乙', parent: 'ic.route.a' } },
        { op: 'addEdge', from: 'ic.route.a', to: 'ic.route.b' },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: v + 1, addedSegments: ['ic.route.a', 'ic.route.b'], changes: { edgesAdded: [{ from: 'ic.route.a', to: 'ic.route.b' }] } });
    const stale = await post('fgw', { baseVersion: v, edits: [{ op: 'removeEdge', from: 'ic.route.a', to: 'ic.route.b' }] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/请刷新/);
    const cycle = await post('fgw', { baseVersion: v + 1, edits: [{ op: 'addEdge', from: 'ic.route.b', to: 'ic.route.a' }] });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details[0]).toMatchObject({ field: 'edits[0]', message: expect.stringMatching(/供应关系会成环：(路由测试甲 → 路由测试乙 → 路由测试甲|路由测试乙 → 路由测试甲 → 路由测试乙)/) });
    const reader = await post('swj', { baseVersion: v + 1, edits: [{ op: 'removeSegment', key: 'ic.route.b' }] });
    expect(reader.statusCode).toBe(403);
    const bad = await post('fgw', { baseVersion: v + 1, edits: [{ op: 'explode' }] });
    expect(bad.statusCode).toBe(400);
    expect(await version()).toBe(v + 1);
  });
});
