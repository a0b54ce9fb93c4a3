import { describe, expect, it } from 'vitest';
import { searchTokens } from '../../lib/search-tokens.ts';
import { recommend, type RecChain, type RecItem } from './events.recommend.domain.ts';

const chain: RecChain = {
  segments: [
    { key: 'materials', parent: null, name: '正负极材料' },
    { key: 'cells', parent: null, name: '电芯' },
    { key: 'vehicles', parent: null, name: '整车' },
  ],
  edges: [
    { from: 'materials', to: 'cells' },
    { from: 'cells', to: 'vehicles' },
  ],
};
const item = (participant: string, kind: 'offer' | 'need', title: string, segment: string | null): RecItem => ({ participant, kind, title, chain: segment ? 'nev' : null, segment, tokens: searchTokens(title) });

describe('recommendations', () => {
  it('ranks a supplier of the very segment I need above a neighbouring one, and says why in both languages', () => {
    const items = [item('me', 'need', '采购动力电池电芯', 'cells'), item('same', 'offer', '方形磷酸铁锂电芯供应', 'cells'), item('next', 'offer', '高镍正极材料', 'materials'), item('far', 'offer', '办公家具', null)];
    const recs = recommend('me', items, new Map(), new Map([['nev', chain]]));
    expect(recs.map((r) => r.participant)).toEqual(['same', 'next']);
    expect(recs[0].reasons[0].zh).toContain('同属「电芯」环节');
    expect(recs[1].reasons[0].zh).toContain('相邻');
    expect(recs[1].reasons[0].en).toContain('next to');
  });

  it('finds partners by words alone when no segment is given, and adds the region as a reason', () => {
    const items = [item('me', 'offer', '氢燃料电池电堆', null), item('a', 'need', '寻找氢燃料电池电堆供应商', null), item('b', 'need', '食品包装机械', null)];
    const recs = recommend('me', items, new Map([['me', '120116'], ['a', '120116']]), new Map());
    expect(recs.map((r) => r.participant)).toEqual(['a']);
    expect(recs[0].reasons.map((r) => r.zh).join()).toMatch(/内容相近.*同在一个区县/);
  });
});
