import { describe, expect, it } from 'vitest';
import { buildMap, initialCollapsed, shownAs, segmentTree, strengthColour } from './chain-map.ts';
import type { Segment } from './atlas.api.ts';

const seg = (key: string, stage: Segment['stage'], parent: string | null = null): Segment => ({
  key, parent, stage, name: key.toUpperCase(), nameEn: null, description: null, industryCodes: [], products: [], technologies: [],
});

/** A generated chain: `roots` top-level segments per stage, each with `kids` children with `kids` children. */
function bigChain(roots: number, kids: number) {
  const segments: Segment[] = [];
  for (const stage of ['upstream', 'midstream', 'downstream'] as const)
    for (let r = 0; r < roots; r++) {
      const root = `${stage}.${r}`;
      segments.push(seg(root, stage));
      for (let k = 0; k < kids; k++) {
        segments.push(seg(`${root}.${k}`, stage, root));
        for (let g = 0; g < kids; g++) segments.push(seg(`${root}.${k}.${g}`, stage, `${root}.${k}`));
      }
    }
  return segments;
}

describe('the chain map drawing', () => {
  it('opens a 500-segment chain with its sub-trees collapsed into the stage columns, edges merged onto what shows', () => {
    const segments = bigChain(8, 4).slice(0, 500);
    expect(segments.length).toBeGreaterThanOrEqual(500);
    const edges = [
      { from: 'upstream.0.1.2', to: 'midstream.0.0' },
      { from: 'upstream.0.3', to: 'midstream.0.2.1' },
      { from: 'upstream.0.1', to: 'upstream.0.2' },
    ];
    const collapsed = initialCollapsed(segments);
    const map = buildMap(segments, edges, new Map(), collapsed, (s) => s, (n) => `+${n}`);
    expect(map.nodes.map((n) => n.id)).toEqual(segments.filter((s) => !s.parent).map((s) => s.key));
    expect(map.nodes[0]!.style.labelText).toBe('UPSTREAM.0 +20');
    expect(new Set(map.nodes.map((n) => n.style.x))).toEqual(new Set([0, 380, 760]));
    // Two edges of hidden segments become one between their roots; the edge inside one root's tree disappears.
    expect(map.edges).toEqual([expect.objectContaining({ source: 'upstream.0', target: 'midstream.0', data: { count: 2 } })]);
    expect(map.combos.map((c) => c.id)).toEqual(['upstream', 'midstream', 'downstream']);
  });

  it('expands a sub-tree under its parent, indented, and sizes and colours by the figures', () => {
    const segments = [seg('a', 'upstream'), seg('a.1', 'upstream', 'a'), seg('a.2', 'upstream', 'a'), seg('b', 'midstream')];
    const figures = new Map([
      ['a', { total: 10, inRegion: 4 }],
      ['a.1', { total: 10, inRegion: 4 }],
      ['b', { total: 0, inRegion: 0 }],
    ]);
    const map = buildMap(segments, [{ from: 'a.1', to: 'b' }], figures, new Set(), (s) => s, (n) => `+${n}`);
    const at = (k: string) => map.nodes.find((n) => n.id === k)!.style;
    expect([at('a').y, at('a.1').y, at('a.2').y]).toEqual([0, 30, 60]);
    expect(at('a.1').x).toBeGreaterThan(at('a').x);
    expect(at('a').size).toBeGreaterThan(at('b').size);
    expect(at('b').fill).toBe('#d9d9d9');
    expect(at('a').fill).toBe(strengthColour(1));
    expect(map.edges.map((e) => [e.source, e.target])).toEqual([['a.1', 'b']]);
    const { parent } = segmentTree(segments);
    expect(shownAs('a.2', parent, new Set(['a']))).toBe('a');
  });
});
