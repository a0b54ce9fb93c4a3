import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ConflictError } from '../../lib/errors.ts';
import { addEnterprise } from './atlas.analysis.test-helpers.ts';
import { chainChokepoints, chainCoverage, markChokepoint } from './atlas.analysis.service.ts';
import { adaptChain, reviewSourceChanges } from './atlas.chain-adapt.service.ts';
import { editChain } from './atlas.chain-edit.service.ts';
import { chainDetail, chainSummaries, exportChain, importChain } from './atlas.chains.service.ts';
import { addLink, enterpriseDetail, segmentCounts, segmentEnterprises } from './atlas.directory.service.ts';
import { chainGraphs } from './atlas.lookup.service.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let admin: ServiceContext;
let shared: { id: string; key: string; version: number };

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  admin = await contextAs(h, 'admin');
  const c = (await chainSummaries(fgw)).find((x) => x.key === 'demo-integrated-circuit' && x.regionCode === '000000')!;
  shared = { id: c.id, key: c.key, version: c.version };
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** The error a promise rejects with, with its details as `field: message` lines. */
async function failure(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, 'expected a refusal').toBeInstanceOf(Error);
  const err = e as ConflictError;
  return { error: err, lines: (err.details ?? []).map((d) => `${d.field}: ${d.message}`) };
}

describe('adapting a shared chain for a region', () => {
  let copyId: string;

  it('offers the chain office of a region to adapt a shared chain it cannot edit; a viewer is not offered it', async () => {
    const d = await chainDetail(fgw, shared.id);
    expect(d).toMatchObject({ canEdit: false, canAdapt: true, adaptation: null, adaptedFrom: null });
    expect((await chainDetail(await contextAs(h, 'swj'), shared.id)).canAdapt).toBe(false);
    await expect(adaptChain(await contextAs(h, 'swj'), shared.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('copies the current version into the region’s own chain, with the same segments, the same links counted, and a record of its source', async () => {
    const r = await adaptChain(fgw, shared.id);
    copyId = r.chainId;
    expect(r).toMatchObject({ regionCode: '120000', version: 1, adaptedFrom: { chainId: shared.id, version: shared.version } });
    const [copy, original] = await Promise.all([chainDetail(fgw, copyId), chainDetail(fgw, shared.id)]);
    expect(copy).toMatchObject({ regionCode: '120000', key: shared.key, canEdit: true, canAdapt: false, adaptation: null });
    expect(copy.adaptedFrom).toMatchObject({ chainId: shared.id, version: shared.version, currentVersion: shared.version, changes: { segmentsAdded: [], segmentsRenamed: [] } });
    expect(copy.segments).toEqual(original.segments);
    expect(copy.edges).toEqual(original.edges);
    // The chain list tells the two apart by the keeping region: 天津市's copy, the shared definition (no region).
    const listed = (await chainSummaries(fgw)).filter((c) => c.key === shared.key);
    expect(listed.map((c) => [c.id, c.regionName])).toEqual([
      [shared.id, null],
      [copyId, '天津市'],
    ]);
    // The shared chain's page now leads to the region's adaptation instead of offering another.
    expect(await chainDetail(fgw, shared.id)).toMatchObject({ canAdapt: false, adaptation: { id: copyId, version: 1 } });
    // Enterprises linked under the shared definition count in the region's copy: the map, the side panel, coverage.
    const [mine, theirs] = await Promise.all([segmentCounts(fgw, copyId, '120000'), segmentCounts(fgw, shared.id, '120000')]);
    expect(mine.segments.reduce((n, s) => n + s.total, 0)).toBeGreaterThan(0);
    expect(mine.segments).toEqual(theirs.segments);
    expect((await segmentEnterprises(fgw, copyId, 'manufacturing', {})).items.length).toBe((await segmentEnterprises(fgw, shared.id, 'manufacturing', {})).items.length);
    const cov = await chainCoverage(fgw, copyId, { regions: '120000' });
    const covShared = await chainCoverage(fgw, shared.id, { regions: '120000' });
    expect(cov.segments.map((s) => s.cells[0]!.enterprises)).toEqual(covShared.segments.map((s) => s.cells[0]!.enterprises));
    // The exported file says where it comes from.
    expect((await exportChain(fgw, copyId)).chain.sources![0]).toMatchObject({ url: `luoshi:atlas-chain:${shared.id}:v${shared.version}` });
    // A region adapts a chain once.
    const again = await failure(adaptChain(fgw, shared.id));
    expect(again.error).toBeInstanceOf(ConflictError);
    expect(again.error.message).toMatch(/已有产业链“集成电路（示例）”/);
    // An adaptation is not adapted again.
    await expect(adaptChain(await contextAs(h, 'gxj'), copyId)).rejects.toThrow(/只有共享定义可以采用并调整/);
  });

  it('is edited on the map by the region’s keepers and becomes the chain used for the region, the shared one elsewhere', async () => {
    const r = await editChain(fgw, copyId, { baseVersion: 1, edits: [{ op: 'addSegment', segment: { key: 'tj.xinchuang', name: '信创适配（天津）', stage: 'downstream' } }] });
    expect(r.version).toBe(2);
    expect((await chainDetail(fgw, shared.id)).version).toBe(shared.version);
    expect((await chainGraphs(fgw, '120116')).get(shared.key)!.segments.map((s) => s.key)).toContain('tj.xinchuang');
    expect((await chainGraphs(fgw, '110108')).get(shared.key)!.segments.map((s) => s.key)).not.toContain('tj.xinchuang');
    // Still the same adaptation after the edit (its sources travel with each version).
    expect((await chainDetail(fgw, copyId)).adaptedFrom).toMatchObject({ chainId: shared.id, version: shared.version });
  });

  it('names a segment that only the region’s copy has on the page of an enterprise linked to it', async () => {
    const e = await addEnterprise(h.db, { region: '120116', name: '滨海测试信创适配有限公司', links: [] });
    await addLink(fgw, '120116', e.id, { chainId: copyId, segmentKey: 'tj.xinchuang', evidence: 'medium', source: '走访', asOf: '2026-10-01', decision: 'confirmed' });
    const detail = await enterpriseDetail(fgw, '120116', e.id);
    expect(detail.links.map((l) => [l.chainName, l.segmentKey, l.segmentName])).toEqual([['集成电路（示例）', 'tj.xinchuang', '信创适配（天津）']]);
    // A segment both chains have keeps its name; an enterprise outside the region reads the shared chain's names.
    const bj = await addEnterprise(h.db, { region: '110108', name: '北京测试设计有限公司', links: [{ chainId: shared.id, segment: 'design' }] });
    expect((await enterpriseDetail(fgw, '110108', bj.id)).links.map((l) => l.segmentName)).toEqual([(await chainDetail(fgw, shared.id)).segments.find((s) => s.key === 'design')!.name]);
  });

  it('refuses to remove a segment the region’s enterprises, a target or a chokepoint mark refer to; another region’s links do not hold it', async () => {
    const edit = async (key: string) => editChain(fgw, copyId, { baseVersion: (await chainDetail(fgw, copyId)).version, edits: [{ op: 'removeSegment', key }] });
    const add = async (key: string) => editChain(fgw, copyId, { baseVersion: (await chainDetail(fgw, copyId)).version, edits: [{ op: 'addSegment', segment: { key, name: `测试环节 ${key}`, parent: 'apps' } }] });
    await add('apps.bj');
    await addEnterprise(h.db, { region: '110108', name: '北京测试应用有限公司', links: [{ chainId: shared.id, segment: 'apps.bj' }] });
    expect((await edit('apps.bj')).changes.segmentsRemoved).toEqual([{ key: 'apps.bj', name: '测试环节 apps.bj' }]);

    await add('apps.tj');
    await addEnterprise(h.db, { region: '120116', name: '天津测试应用有限公司', links: [{ chainId: shared.id, segment: 'apps.tj' }] });
    const linked = await failure(edit('apps.tj'));
    expect(linked.error).toBeInstanceOf(ConflictError);
    expect(linked.lines).toEqual([expect.stringMatching(/^segment apps\.tj: 环节“测试环节 apps\.tj”关联了 1 家企业/)]);

    // A chokepoint marked on the region's copy is kept under the shared chain, and holds the segment in the copy.
    await add('apps.cp');
    await markChokepoint(fgw, copyId, { segmentKey: 'apps.cp', technology: '车规级 MCU', source: '测试' });
    expect((await chainChokepoints(fgw, copyId)).chokepoints.map((c) => c.segment.key)).toContain('apps.cp');
    const marked = await failure(edit('apps.cp'));
    expect(marked.error).toBeInstanceOf(ConflictError);
    expect(marked.lines).toEqual([expect.stringMatching(/^segment apps\.cp: 环节“测试环节 apps\.cp”被标记为卡点（1 处）/)]);

    await add('apps.tg');
    await h.db
      .insertInto('atlas_targets')
      .values({ region_code: '120000', chain_id: shared.id, segment_key: 'apps.tg', enterprise_uscc: null, enterprise_name: '某目标企业', enterprise_region: '310115', score: 50, reasons: [], project_id: crypto.randomUUID() })
      .execute();
    const targeted = await failure(edit('apps.tg'));
    expect(targeted.error).toBeInstanceOf(ConflictError);
    expect(targeted.lines).toEqual([expect.stringMatching(/^segment apps\.tg: 环节“测试环节 apps\.tg”有 1 个堵点招商目标（其中 1 个已转为项目）/)]);
    expect((await chainDetail(fgw, copyId)).segments.map((s) => s.key)).toEqual(expect.arrayContaining(['apps.tj', 'apps.cp', 'apps.tg']));
  });

  it('shows the shared chain’s changes since the copy, and forgets them once the keepers have reviewed them', async () => {
    const v = (await chainDetail(admin, shared.id)).version;
    await editChain(admin, shared.id, {
      baseVersion: v,
      edits: [
        { op: 'updateSegment', key: 'materials.gas', set: { name: '电子特气' } },
        { op: 'addSegment', segment: { key: 'materials.sic', name: '碳化硅衬底', parent: 'materials' } },
      ],
    });
    const d = await chainDetail(fgw, copyId);
    expect(d.adaptedFrom).toMatchObject({ version: shared.version, currentVersion: v + 1 });
    expect(d.adaptedFrom!.changes.segmentsRenamed).toEqual([{ key: 'materials.gas', from: '电子特种气体', to: '电子特气' }]);
    expect(d.adaptedFrom!.changes.segmentsAdded).toEqual([{ key: 'materials.sic', name: '碳化硅衬底', parent: 'materials', stage: 'upstream' }]);
    // The copy itself is left as the region made it.
    expect(d.segments.find((s) => s.key === 'materials.gas')!.name).toBe('电子特种气体');

    const stale = await failure(reviewSourceChanges(fgw, copyId, { sourceVersion: v }));
    expect(stale.error).toBeInstanceOf(ConflictError);
    await expect(reviewSourceChanges(await contextAs(h, 'swj'), copyId, { sourceVersion: v + 1 })).rejects.toBeInstanceOf(ForbiddenError);
    const reviewed = await reviewSourceChanges(fgw, copyId, { sourceVersion: v + 1 });
    expect(reviewed.adaptedFrom).toEqual({ chainId: shared.id, version: v + 1 });
    const after = await chainDetail(fgw, copyId);
    expect(after.version).toBe(d.version + 1);
    expect(after.adaptedFrom).toMatchObject({ version: v + 1, currentVersion: v + 1, changes: { segmentsRenamed: [], segmentsAdded: [] } });
  });

  it('stays an adaptation when the region imports a file of its chain without the record of its source', async () => {
    const file = await exportChain(fgw, copyId);
    file.chain.sources = [{ title: '天津市产业链图谱（内部）' }];
    file.segments = file.segments.filter((s) => s.id !== 'tj.xinchuang');
    const r = await importChain(fgw, file);
    expect(r.chain.id).toBe(copyId);
    const d = await chainDetail(fgw, copyId);
    expect(d.adaptedFrom).toMatchObject({ chainId: shared.id });
    expect(d.sources.map((s) => s.title)).toContain('天津市产业链图谱（内部）');
  });
});

describe('the stored coverage counts of an adaptation', () => {
  it('follow a link added in the region, whether it is added on the shared chain or on the region’s copy', async () => {
    const copyId = (await chainDetail(fgw, shared.id)).adaptation!.id;
    const count = async (chainId: string) => (await chainCoverage(fgw, chainId, { regions: '120116' })).segments.find((s) => s.key === 'design')!.cells[0]!.enterprises;
    const before = await count(copyId);
    expect(await count(shared.id)).toBe(before);
    const one = await addEnterprise(h.db, { region: '120116', name: '滨海测试芯片设计一有限公司', links: [] });
    const two = await addEnterprise(h.db, { region: '120116', name: '滨海测试芯片设计二有限公司', links: [] });
    // Both chains' counts were read (stored) above; each link is counted in both, through whichever chain it was added.
    await count(copyId);
    await count(shared.id);
    const link = { segmentKey: 'design', evidence: 'strong' as const, source: '走访', asOf: '2026-10-01', decision: 'confirmed' as const };
    await addLink(fgw, '120116', one.id, { ...link, chainId: shared.id });
    expect([await count(copyId), await count(shared.id)]).toEqual([before + 1, before + 1]);
    await addLink(fgw, '120116', two.id, { ...link, chainId: copyId });
    expect([await count(copyId), await count(shared.id)]).toEqual([before + 2, before + 2]);
  });
});
