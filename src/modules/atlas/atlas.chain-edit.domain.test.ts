import { describe, expect, it } from 'vitest';
import { applyChainEdits, type ChainEdit } from './atlas.chain-edit.domain.ts';
import { readChainFile, type ChainDefinition } from './atlas.chain.domain.ts';

const base = (() => {
  const r = readChainFile({
    format: 'luoshi-atlas-chain',
    formatVersion: 1,
    chain: { id: 'c', name: '链', version: '2026.1' },
    segments: [
      { id: 'a', name: '甲', stage: 'upstream' },
      { id: 'a.x', name: '甲一', parent: 'a' },
      { id: 'b', name: '乙', stage: 'midstream' },
      { id: 'c', name: '丙', stage: 'downstream' },
    ],
    edges: [
      { from: 'a.x', to: 'b' },
      { from: 'b', to: 'c' },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.chain;
})();
const apply = (...edits: ChainEdit[]) => applyChainEdits(base, edits);
const fields = (o: ReturnType<typeof apply>) => (o.ok ? [] : o.issues.map((i) => `${i.field}: ${i.message.split(' / ')[0]}`));
const seg = (c: ChainDefinition, key: string) => c.segments.find((s) => s.key === key);

describe('applying the map editor’s changes to a chain', () => {
  it('makes ids for new segments from the parent or stage, unused so far, and keeps the publisher’s label', () => {
    const o = apply({ op: 'addSegment', segment: { name: '新一', parent: 'a' } }, { op: 'addSegment', segment: { name: '新二', parent: 'a' } }, { op: 'addSegment', segment: { name: '新三', stage: 'downstream' } });
    expect(o.ok && o.addedSegments).toEqual(['a.1', 'a.2', 'downstream.1']);
    expect(o.ok && seg(o.chain, 'a.2')).toMatchObject({ parent: 'a', stage: 'upstream' });
    expect(o.ok && o.chain.label).toBe('2026.1');
  });

  it('moves a sub-tree with its stage, and a top-level segment keeps its stage unless told', () => {
    const o = apply({ op: 'moveSegment', key: 'a', parent: 'c' });
    expect(o.ok && [seg(o.chain, 'a'), seg(o.chain, 'a.x')].map((s) => s!.stage)).toEqual(['downstream', 'downstream']);
    const top = apply({ op: 'moveSegment', key: 'a.x', parent: null });
    expect(top.ok && seg(top.chain, 'a.x')).toMatchObject({ parent: null, stage: 'upstream' });
  });

  it('names what cannot be done, by edit', () => {
    expect(fields(apply({ op: 'moveSegment', key: 'a.x', parent: 'b', stage: 'upstream' }))).toEqual([expect.stringMatching(/^edits\[0\]\.stage: 下级环节随上级 乙（b） 在中游/)]);
    expect(fields(apply({ op: 'addEdge', from: 'b', to: 'b' }))).toEqual(['edits[0].to: 环节不能供应它自己']);
    expect(fields(apply({ op: 'addEdge', from: 'b', to: 'c' }))).toEqual([expect.stringMatching(/^edits\[0\]: 供应关系 乙（b） → 丙（c） 已经存在/)]);
    expect(fields(apply({ op: 'removeEdge', from: 'c', to: 'b' }))).toEqual([expect.stringMatching(/^edits\[0\]: 没有供应关系/)]);
    expect(fields(apply({ op: 'updateSegment', key: 'zz', set: { name: 'x' } }))).toEqual([expect.stringMatching(/^edits\[0\]\.key: 环节 zz 不存在/)]);
    expect(fields(apply({ op: 'addSegment', segment: { name: '重复', key: 'b', stage: 'upstream' } }))).toEqual([expect.stringMatching(/^edits\[0\]\.segment\.key: 环节编号 b 已被 乙（b） 使用/)]);
    expect(fields(apply({ op: 'addEdge', from: 'c', to: 'a.x' }))).toEqual([expect.stringMatching(/^edits\[0\]: 供应关系会成环：/)]);
  });

  it('a segment added and removed in one batch is neither added nor removed; a removed one takes its edges', () => {
    const o = apply({ op: 'addSegment', segment: { name: '临时', stage: 'upstream', key: 'tmp' } }, { op: 'removeSegment', key: 'tmp' }, { op: 'removeSegment', key: 'c' });
    expect(o.ok && { added: o.addedSegments, removed: o.removedSegments, edges: o.chain.edges.map((e) => `${e.from}>${e.to}`) }).toEqual({ added: [], removed: ['c'], edges: ['a.x>b'] });
  });
});
