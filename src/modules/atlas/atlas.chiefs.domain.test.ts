import { describe, expect, it } from 'vitest';
import { atlasSheet, checkChiefItem, ledgerSheet, type ItemContext, type SheetItem } from './atlas.chiefs.domain.ts';
import { normaliseUscc, usccProblem } from './atlas.uscc.domain.ts';

const ctx: ItemContext = { segments: new Map([['a', 'A'], ['a.x', 'AX'], ['b', 'B']]), chokepoints: new Set(), usccProblem, normaliseUscc, today: '2026-12-04' };

describe('checkChiefItem', () => {
  it('keeps only the fields of the item’s list and defaults its status and as-of date', () => {
    const r = checkChiefItem({ list: 'gap', name: ' 补 A ', segmentKey: 'a.x', amount: 5, issuer: '某局' }, ctx);
    expect(r).toEqual({ values: expect.objectContaining({ list: 'gap', name: '补 A', segment_key: 'a.x', amount: null, issuer: null, status: 'open', as_of: '2026-12-04' }) });
  });
  it('names the fields a list needs', () => {
    const r = checkChiefItem({ list: 'project', name: '' }, ctx);
    expect('problems' in r && r.problems.map((p) => p.field)).toEqual(['name', 'amount']);
  });
});

const item = (over: Partial<SheetItem>): SheetItem => ({
  list: 'gap', name: 'x', segmentKey: null, segmentName: null, uscc: null, role: null, amount: null, stage: null, status: null, chokepoint: null,
  issuer: null, docNumber: null, issuedOn: null, link: null, note: null, asOf: '2026-01-01', updatedAt: '2026-01-02T00:00:00Z', updatedBy: null, ...over,
});

describe('the sheets', () => {
  it('图谱: segments by stage, an item counted on its segment and every ancestor, each count with its as-of date', () => {
    const segments = [{ key: 'b', parent: null, stage: 'downstream', name: 'B' }, { key: 'a', parent: null, stage: 'upstream', name: 'A' }, { key: 'a.x', parent: 'a', stage: null, name: 'AX' }];
    const counts = new Map([['a', { count: 3, asOf: '2026-09-30' }], ['a.x', { count: 2, asOf: '2026-06-30' }]]);
    const s = atlasSheet(segments, counts, [item({ name: '补AX', segmentKey: 'a.x' })], '2026-09-30');
    expect(s.header.at(-1)).toBe('截至日期');
    expect(s.rows.map((r) => [r[0], r[1], r[3], r[6], r[9]])).toEqual([['上游', 'A', 3, 1, '2026-09-30'], ['上游', '　AX', 2, 1, '2026-06-30'], ['下游', 'B', 0, 0, '2026-09-30']]);
  });
  it('台账: lists in their filing order', () => {
    const s = ledgerSheet([item({ list: 'policy', name: 'p' }), item({ list: 'leading', name: 'l' })]);
    expect(s.rows.map((r) => r[2])).toEqual(['l', 'p']);
  });
});
