import { describe, expect, it } from 'vitest';
import { makeChainLookup, readEvidence, readRowLinks, type LinkableChain, type LinkProblem } from './atlas.enterprise-links.domain.ts';
import { headerColumns } from './atlas.enterprise.domain.ts';

const segments = [
  { key: 'h2', parent: null, name: '氢能制备' },
  { key: 'h2.pem', parent: 'h2', name: '电解槽' },
  { key: 'h2.pem.stack', parent: 'h2.pem', name: '膜电极' },
  { key: 'fc', parent: null, name: '燃料电池' },
  { key: 'fc.stack', parent: 'fc', name: '电堆' },
  { key: 'fc.stack.mea', parent: 'fc.stack', name: '膜电极' },
];
const shared: LinkableChain = { id: '00000000-0000-4000-8000-000000000001', dataId: '00000000-0000-4000-8000-000000000001', region_code: '000000', key: 'hydrogen', name: '氢能', segments };
// The district's adaptation renames a segment and keeps its links under the shared chain.
const adapted: LinkableChain = { ...shared, id: '00000000-0000-4000-8000-000000000002', region_code: '120116', segments: segments.map((s) => (s.key === 'fc' ? { ...s, name: '燃料电池系统' } : s)) };
const read = (chains: LinkableChain[], chain: string, cell: string) => {
  const problems: LinkProblem[] = [];
  const links = readRowLinks(makeChainLookup(chains), chain, cell, (p) => problems.push(p));
  return { links: links.map((l) => `${l.chainId.slice(-1)}:${l.segmentKey}`), problems: problems.map((p) => `${p.field}: ${p.en}`) };
};

describe('the 产业链 and 环节 columns of an enterprise file', () => {
  it('are found by their usual headers', () => {
    expect(headerColumns(['企业名称', '行政区划代码', '所属产业链', '细分环节', '证据强度', '数据日期'])).toMatchObject({ chain: 2, segments: 3, evidence: 4, asOf: 5 });
    expect(headerColumns(['name', 'region', 'chain', 'segments', 'evidence', 'as of'])).toMatchObject({ chain: 2, segments: 3, evidence: 4, asOf: 5 });
  });

  it('resolve segments by key, unique name and a path of names of any depth, once each, in the order given', () => {
    expect(read([shared], '氢能', 'fc.stack；电堆、电解槽|氢能制备/电解槽/膜电极, 燃料电池 / 电堆 / 膜电极')).toEqual({ links: ['1:fc.stack', '1:h2.pem', '1:h2.pem.stack', '1:fc.stack.mea'], problems: [] });
    expect(read([shared], 'hydrogen', '膜电极').problems).toEqual(['segments: "膜电极" is the name of 2 segments of the chain 氢能 (氢能制备/电解槽/膜电极, 燃料电池/电堆/膜电极); give the key or the "parent/name" path']);
    expect(read([shared], '氢能', '电堆/电解槽').problems).toEqual([expect.stringMatching(/^segments: "电堆\/电解槽" is not in the current version of the chain 氢能/)]);
  });

  it('name the region’s adaptation by key or name (its own segment names), the shared chain by its id; links are kept under the shared chain', () => {
    expect(read([adapted, shared], '氢能', '燃料电池系统/电堆')).toEqual({ links: ['1:fc.stack'], problems: [] });
    expect(read([adapted, shared], 'hydrogen', '燃料电池/电堆').problems).toHaveLength(1);
    expect(read([adapted, shared], shared.id, '燃料电池/电堆')).toEqual({ links: ['1:fc.stack'], problems: [] });
  });

  it('read evidence in both languages, blank as medium (a provider classifies by business scope or industry code)', () => {
    expect(['强', 'Strong', '中', '', '弱', 'weak', '很强'].map(readEvidence)).toEqual(['strong', 'strong', 'medium', 'medium', 'weak', 'weak', undefined]);
  });
});
