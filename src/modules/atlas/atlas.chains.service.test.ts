import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ValidationError } from '../../lib/errors.ts';
import { chainDetail, chainSummaries, exportChain, importChain } from './atlas.chains.service.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  await rows();
});
afterAll(async () => h?.close());

/** The example file as the tests edit it (loosely typed: they write what the schema refuses). */
interface LooseSegment {
  id: string;
  name?: string;
  parent?: string;
  stage?: string;
  products?: string[];
  [field: string]: unknown;
}
interface LooseChainFile {
  chain: { id: string; [field: string]: unknown };
  segments: LooseSegment[];
  edges: { from: string; to: unknown; note?: string }[];
  meta?: unknown;
}
const fixture = () => JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')) as LooseChainFile;
/** Rows of the chain tables beyond the demo's shared chains (counted once before the tests). */
let demoRows: Record<'chains' | 'versions' | 'segments' | 'edges', number> | null = null;
const rows = async () => {
  const count = async (t: 'atlas_chains' | 'atlas_chain_versions' | 'atlas_segments' | 'atlas_segment_edges') =>
    Number((await h.db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const all = { chains: await count('atlas_chains'), versions: await count('atlas_chain_versions'), segments: await count('atlas_segments'), edges: await count('atlas_segment_edges') };
  demoRows ??= all;
  return { chains: all.chains - demoRows.chains, versions: all.versions - demoRows.versions, segments: all.segments - demoRows.segments, edges: all.edges - demoRows.edges };
};

/** A chain of `n` segments in a few stages and sub-trees, with `m` supply edges that never run backwards (no cycle). */
function bigChain(n: number, m: number) {
  const segments = Array.from({ length: n }, (_, i) =>
    i < 30 ? { id: `s${i}`, name: `环节${i}`, stage: (['upstream', 'midstream', 'downstream'] as const)[i % 3] } : { id: `s${i}`, name: `环节${i}`, parent: `s${i % 30}`, industryCodes: ['3973'] },
  );
  const edges: { from: string; to: string }[] = [];
  for (let a = 0; edges.length < m; a++) for (let b = a + 1; b < n && edges.length < m && b < a + 20; b++) edges.push({ from: `s${a}`, to: `s${b}` });
  return { format: 'luoshi-atlas-chain', formatVersion: 1, chain: { id: 'big', name: '大链' }, segments, edges };
}

describe('importing and exporting chains', () => {
  it('imports the example chain as version 1 of a new chain in the importer’s region, and exports it back', async () => {
    const r = await importChain(fgw, fixture());
    expect(r).toMatchObject({ created: true, version: 1, segments: 40, edges: 48, changes: null, dryRun: false });
    expect(r.chain.regionCode).toMatch(/^12/); // fgw is 天津市发改委
    const exported = await exportChain(fgw, 'integrated-circuit');
    const original = fixture();
    delete original.meta;
    expect(exported).toEqual(original);
    // The demo's shared chains (（示例）) are left aside.
    const audit = await h.db.selectFrom('audit_log').select(['action', 'entity', 'summary']).where('entity', '=', 'chain').where('summary', 'not like', '%（示例）%').execute();
    expect(audit).toEqual([{ action: 'import', entity: 'chain', summary: '集成电路 v1' }]);
    expect((await chainSummaries(fgw)).filter((c) => !c.key.startsWith('demo-')).map((c) => [c.name, c.version, c.segmentCount, c.edgeCount])).toEqual([['集成电路', 1, 40, 48]]);
    const detail = await chainDetail(fgw, r.chain.id);
    expect(detail.segments.filter((s) => s.parent === 'ic.design').map((s) => s.name)).toEqual(['处理器芯片', '存储芯片', '模拟与混合信号芯片', '传感与功率器件设计']);
  });

  it('imports a new version listing what changed, keeps the old one, and writes nothing for the same file again', async () => {
    const file = fixture();
    file.segments.find((s) => s.id === 'ic.packaging')!.name = '封装与测试';
    file.segments.push({ id: 'ic.materials.quartz', name: '石英制品', parent: 'ic.materials' });
    file.edges.push({ from: 'ic.materials.quartz', to: 'ic.equipment.etch' });
    const dry = await importChain(fgw, file, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, version: 2, created: false });
    expect((await rows()).versions).toBe(1);
    const r = await importChain(fgw, file);
    expect(r.version).toBe(2);
    expect(r.changes?.segmentsRenamed).toEqual([{ key: 'ic.packaging', from: '封装测试', to: '封装与测试' }]);
    expect(r.changes?.segmentsAdded.map((s) => s.key)).toEqual(['ic.materials.quartz']);
    expect(r.changes?.edgesAdded).toEqual([{ from: 'ic.materials.quartz', to: 'ic.equipment.etch', fromName: '石英制品', toName: '刻蚀设备' }]);
    const again = await importChain(fgw, file);
    expect(again).toMatchObject({ unchanged: true, version: 2 });
    expect((await rows()).versions).toBe(2);
    expect((await exportChain(fgw, 'integrated-circuit', { version: 1 })).segments).toHaveLength(40);
    expect((await exportChain(fgw, 'integrated-circuit')).segments).toHaveLength(41);
  });

  it('saves nothing from a bad file and names each problem by its JSON path', async () => {
    const before = await rows();
    const file = fixture();
    file.chain.id = 'ic-bad';
    file.edges.push({ from: 'ic.materials.wafer', to: 'ic.nowhere' });
    file.segments[4].parent = 'ic.materials.wafer';
    file.segments[1].parent = 'ic.materials.wet'; // segments[4] is ic.materials.wet: wafer → wet → wafer
    const error = await importChain(fgw, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.field)).toEqual(expect.arrayContaining(['segments[1].parent']));
    file.segments[1].parent = 'ic.materials';
    const second = await importChain(fgw, file).catch((e: unknown) => e);
    expect((second as ValidationError).details).toEqual([{ field: 'edges[48].to', message: '环节 ic.nowhere 不存在 / ic.nowhere is not a segment of this file' }]);
    expect(await rows()).toEqual(before);
  });

  it('imports a chain of 500 segments and 5,000 supply edges, and exports it whole', async () => {
    const r = await importChain(fgw, bigChain(500, 5000));
    expect(r).toMatchObject({ segments: 500, edges: 5000, version: 1 });
    const back = await exportChain(fgw, 'big');
    expect(back.segments).toHaveLength(500);
    expect(back.edges).toHaveLength(5000);
  });

  it('lets a unit viewer export but not import', async () => {
    const swj = await contextAs(h, 'swj');
    await expect(importChain(swj, fixture())).rejects.toBeInstanceOf(ForbiddenError);
    expect((await exportChain(swj, 'integrated-circuit')).chain.id).toBe('integrated-circuit');
  });
});
