import { describe, expect, it } from 'vitest';
import type { LinkableChain } from './atlas.enterprise-links.domain.ts';
import { MAX_PER_CHAIN, makeLinkProposer } from './atlas.link-proposals.domain.ts';

const tools: LinkableChain = {
  id: 'c1',
  dataId: 'c1',
  region_code: '000000',
  key: 'tools',
  name: '高端工业母机',
  segments: [
    { key: 'components', parent: null, name: '功能部件', terms: ['功能部件'] },
    { key: 'components.bearing', parent: 'components', name: '精密轴承' },
    { key: 'components.screw', parent: 'components', name: '丝杠导轨', terms: ['滚珠丝杠', '直线导轨'] },
    { key: 'machines', parent: null, name: '整机' },
    { key: 'machines.cutting', parent: 'machines', name: '金属切削机床（五轴加工中心）' },
    { key: 'apps', parent: null, name: '应用' },
    { key: 'apps.x', parent: 'apps', name: 'X' },
  ],
};
const robots: LinkableChain = {
  id: 'c2',
  dataId: 'c2',
  region_code: '000000',
  key: 'robots',
  name: '机器人',
  segments: [
    { key: 'parts', parent: null, name: '核心零部件', terms: ['精密减速器', '伺服电机'] },
    { key: 'parts.bearing', parent: 'parts', name: '机器人轴承' },
  ],
};

describe('links proposed from main products', () => {
  const proposer = makeLinkProposer([tools, robots]);

  it("proposes the segments whose product, technology or leaf name a product contains, in every chain, with the words that matched", () => {
    expect(proposer.propose(['高速精密轴承', '滚珠丝杠副'])).toEqual({
      links: [
        { chainId: 'c1', segmentKey: 'components.bearing' },
        { chainId: 'c1', segmentKey: 'components.screw' },
      ],
      words: ['精密轴承', '滚珠丝杠'],
    });
    // A leaf's name in parts; a technology of another chain.
    expect(proposer.propose(['立式五轴加工中心', 'RV精密减速器'])?.links).toEqual([
      { chainId: 'c1', segmentKey: 'machines.cutting' },
      { chainId: 'c2', segmentKey: 'parts' },
    ]);
  });

  it('proposes nothing from a group name, a word shorter than two characters, or products naming none', () => {
    expect(proposer.propose(['整机装配', '应用软件', 'X光机'])).toBeNull();
    expect(proposer.propose(['办公家具'])).toBeNull();
    expect(proposer.propose([])).toBeNull();
  });

  it('drops a segment for a sub-segment of it the same products name, and keeps at most a few per chain', () => {
    // 功能部件 (a group's own term) and 精密轴承 (its sub-segment): the sub-segment.
    expect(proposer.propose(['功能部件：精密轴承'])?.links).toEqual([{ chainId: 'c1', segmentKey: 'components.bearing' }]);
    const many = makeLinkProposer([
      { ...tools, segments: Array.from({ length: 6 }, (_, i) => ({ key: `s${i}`, parent: null, name: `部件${'甲乙丙丁戊己'[i]}` })) },
    ]);
    expect(many.propose(['部件甲、部件乙、部件丙、部件丁、部件戊'])?.links).toHaveLength(MAX_PER_CHAIN);
  });

  it("reads a shared chain once when the region's adaptation of it comes first", () => {
    const adapted: LinkableChain = { ...tools, id: 'a1', dataId: 'c1', region_code: '120000', segments: tools.segments.filter((s) => s.key !== 'components.screw') };
    const p = makeLinkProposer([adapted, tools]);
    expect(p.propose(['精密轴承'])?.links).toEqual([{ chainId: 'c1', segmentKey: 'components.bearing' }]);
    // The adaptation left the segment out: its words propose nothing.
    expect(p.propose(['滚珠丝杠'])).toBeNull();
  });
});
