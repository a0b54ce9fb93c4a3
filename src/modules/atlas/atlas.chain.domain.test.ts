import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chainToFile, readChainFile, supplyCycles, type ChainDefinition } from './atlas.chain.domain.ts';
import { describeChanges, diffChains, noChainChanges, noChanges } from './atlas.chain-diff.domain.ts';
import { chainJsonSchema } from './atlas.chain-format.domain.ts';

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
const small = (segments: unknown[], edges: unknown[] = []) => ({ format: 'luoshi-atlas-chain', formatVersion: 1, chain: { id: 'c', name: '链' }, segments, edges });
const issues = (value: unknown) => {
  const r = readChainFile(value);
  if (r.ok) throw new Error('expected problems');
  return r.issues.map((i) => `${i.field}: ${i.message}`);
};
const read = (value: unknown): ChainDefinition => {
  const r = readChainFile(value);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.chain;
};

describe('reading a chain file', () => {
  it('reads the example 集成电路 chain: sub-segments take their parent’s stage, unknown fields are ignored', () => {
    const chain = read(fixture());
    expect(chain.name).toBe('集成电路');
    expect(chain.segments).toHaveLength(40);
    expect(chain.edges).toHaveLength(48);
    expect(chain.segments.find((s) => s.key === 'ic.design.memory')).toMatchObject({ parent: 'ic.design', stage: 'midstream', industryCodes: ['6520'] });
  });

  it('names the JSON path of what the schema refuses', () => {
    const file = fixture();
    file.segments[3].stage = '中游';
    delete file.segments[5].name;
    file.edges[2].to = 7;
    expect(issues(file)).toEqual([
      'segments[3].stage: 应为 upstream、midstream、downstream 之一 / must be one of upstream, midstream, downstream',
      'segments[5].name: 缺少此项 / is required',
      'edges[2].to: 类型应为 string / must be of type string',
    ]);
  });

  it('refuses a file that is not a chain file', () => {
    expect(issues({ format: 'something-else', segments: [] })[0]).toMatch(/^format: /);
    expect(issues([1, 2])[0]).toMatch(/^\$: /);
  });

  it('finds duplicate ids, unknown parents and a top-level segment without a stage', () => {
    expect(
      issues(small([{ id: 'a', name: 'A', stage: 'upstream' }, { id: 'a', name: 'A2', stage: 'upstream' }, { id: 'b', name: 'B', parent: 'zz' }, { id: 'c', name: 'C' }])),
    ).toEqual([
      'segments[1].id: 环节编号 a 重复（与 segments[0] 相同） / segment id a is used twice (also segments[0])',
      'segments[2].parent: 上级环节 zz 不存在 / parent zz is not a segment of this file',
      'segments[3].stage: 顶层环节须注明阶段（upstream、midstream 或 downstream） / a top-level segment needs a stage (upstream, midstream or downstream)',
    ]);
  });

  it('finds a cycle in the tree of segments', () => {
    const found = issues(small([{ id: 'r', name: 'R', stage: 'upstream' }, { id: 'a', name: 'A', parent: 'c' }, { id: 'b', name: 'B', parent: 'a' }, { id: 'c', name: 'C', parent: 'b' }]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^segments\[\d\]\.parent: 上下级成环：(a|b|c) → .* \/ the parents form a cycle/);
  });

  it('refuses a sub-segment in another stage than its parent', () => {
    expect(issues(small([{ id: 'a', name: 'A', stage: 'upstream' }, { id: 'b', name: 'B', parent: 'a', stage: 'downstream' }]))).toEqual([
      "segments[1].stage: 下级环节的阶段（downstream）与上级 a（upstream）不同 / stage downstream differs from its parent a's (upstream)",
    ]);
  });

  it('finds edges to unknown segments, edges to themselves and edges listed twice', () => {
    const segs = [{ id: 'a', name: 'A', stage: 'upstream' }, { id: 'b', name: 'B', stage: 'midstream' }];
    expect(issues(small(segs, [{ from: 'a', to: 'x' }, { from: 'b', to: 'b' }, { from: 'a', to: 'b' }, { from: 'a', to: 'b' }]))).toEqual([
      'edges[0].to: 环节 x 不存在 / x is not a segment of this file',
      'edges[1].to: 供应关系不能指向自身 / a segment cannot supply itself',
      'edges[3]: 供应关系 a → b 重复（与 edges[2] 相同） / edge a → b is listed twice (also edges[2])',
    ]);
  });

  it('finds a cycle in the supply edges and names it', () => {
    const segs = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id.toUpperCase(), stage: 'midstream' }));
    expect(issues(small(segs, [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'c', to: 'd' }]))).toEqual([
      'edges[2]: 供应关系成环：a → b → c → a / the supply edges form a cycle: a → b → c → a',
    ]);
  });

  it('finds supply cycles in a long chain without running out of stack', () => {
    const edges = Array.from({ length: 50_000 }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` }));
    expect(supplyCycles(edges)).toEqual([]);
    edges.push({ from: 's50000', to: 's0' });
    expect(supplyCycles(edges)).toHaveLength(1);
  });

  it('writes back what it read (export of an import is the same chain)', () => {
    const chain = read(fixture());
    expect(read(chainToFile(chain))).toEqual(chain);
  });

  it('keeps docs/atlas-chain.schema.json the schema the reader applies', () => {
    expect(JSON.parse(fs.readFileSync('docs/atlas-chain.schema.json', 'utf8'))).toEqual(chainJsonSchema());
  });
});

describe('changes between versions', () => {
  it('lists segments added, removed, renamed, moved and changed, and edges added and removed', () => {
    const before = read(fixture());
    const file = fixture();
    file.segments = file.segments.filter((s) => s.id !== 'ic.materials.mask');
    file.edges = file.edges.filter((e) => e.from !== 'ic.materials.mask');
    const pkg = file.segments.find((s) => s.id === 'ic.packaging')!;
    pkg.name = '封装与测试';
    const test = file.segments.find((s) => s.id === 'ic.equipment.test')!;
    test.parent = 'ic.packaging';
    const wafer = file.segments.find((s) => s.id === 'ic.materials.wafer')!;
    wafer.products = [...(wafer.products ?? []), '碳化硅衬底'];
    file.segments.push({ id: 'ic.materials.quartz', name: '石英制品', parent: 'ic.materials' });
    file.edges.push({ from: 'ic.materials.quartz', to: 'ic.equipment.etch' });
    const changes = diffChains(before, read(file));
    expect(changes.segmentsAdded).toEqual([{ key: 'ic.materials.quartz', name: '石英制品', parent: 'ic.materials', stage: 'upstream' }]);
    expect(changes.segmentsRemoved).toEqual([{ key: 'ic.materials.mask', name: '光掩模' }]);
    expect(changes.segmentsRenamed).toEqual([{ key: 'ic.packaging', from: '封装测试', to: '封装与测试' }]);
    expect(changes.segmentsMoved).toEqual([
      { key: 'ic.equipment.test', name: '测试设备', fromParent: 'ic.equipment', toParent: 'ic.packaging', fromParentName: '半导体设备', toParentName: '封装与测试', fromStage: 'upstream', toStage: 'midstream' },
    ]);
    expect(changes.segmentsChanged).toEqual([{ key: 'ic.materials.wafer', name: '硅片', fields: ['products'] }]);
    // Edges and places by the segments' names (keys in brackets), not by keys alone.
    expect(changes.edgesAdded).toEqual([{ from: 'ic.materials.quartz', to: 'ic.equipment.etch', fromName: '石英制品', toName: '刻蚀设备' }]);
    expect(changes.edgesRemoved).toHaveLength(3);
    expect(changes.edgesRemoved.every((e) => e.fromName && e.toName && e.fromName !== e.from)).toBe(true);
    const lines = describeChanges(changes);
    expect(lines).toContain('+ 新增供应关系 / edge added: 石英制品 (ic.materials.quartz) → 刻蚀设备 (ic.equipment.etch)');
    expect(lines).toContain('~ 移动 / moved: ic.equipment.test 测试设备: 半导体设备 (ic.equipment) → 封装与测试 (ic.packaging)');
    // A change stored before names were kept reads by key.
    expect(describeChanges({ ...noChainChanges(), edgesAdded: [{ from: 'a.1', to: 'b.2' }] })).toEqual(['+ 新增供应关系 / edge added: a.1 → b.2']);
    expect(noChanges(diffChains(before, read(fixture())))).toBe(true);
  });
});
