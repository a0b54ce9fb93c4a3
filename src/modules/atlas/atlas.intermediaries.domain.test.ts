import { describe, expect, it } from 'vitest';
import { gapChannels, memberRole, servesChain } from './atlas.intermediaries.domain.ts';

describe('member roles as files write them', () => {
  it('reads the usual names of each role, an empty cell as an ordinary member, and nothing else', () => {
    expect(['会长', '理事长', '会长单位', 'President'].map(memberRole)).toEqual(['president', 'president', 'president', 'president']);
    expect(['副会长', '副理事长单位', 'vice_president'].map(memberRole)).toEqual(['vice_president', 'vice_president', 'vice_president']);
    expect(['理事', '常务理事', ' 成员单位 ', ''].map(memberRole)).toEqual(['director', 'director', 'member', 'member']);
    expect(memberRole('秘书长')).toBeNull();
  });
});

describe('对接渠道 of 堵点', () => {
  const clusters = new Map([['cluster-h2', ['h2']]]);
  const alliance = { id: 'alliance', chainIds: ['h2'], clusterIds: [], members: [{ uscc: 'A', role: 'member' as const }, { uscc: 'B', role: 'president' as const }, { uscc: 'Z', role: 'member' as const }] };
  const platform = { id: 'platform', chainIds: [], clusterIds: ['cluster-h2'], members: [{ uscc: 'C', role: 'member' as const }, { uscc: 'A', role: 'director' as const }] };
  const other = { id: 'other', chainIds: ['ic'], clusterIds: [], members: [{ uscc: 'A', role: 'president' as const }] };

  it('serves a chain by naming it or through a cluster that covers it', () => {
    expect([alliance, platform, other].map((i) => servesChain(i, 'h2', clusters))).toEqual([true, true, false]);
  });

  it('lists per gap the serving intermediaries with its candidates among their members, the one reaching most first', () => {
    const out = gapChannels(
      [
        { key: 'stack', candidates: ['A', 'B', null] },
        { key: 'membrane', candidates: ['A', 'C'] },
        { key: 'valve', candidates: ['Q'] },
      ],
      'h2',
      [platform, alliance, other],
      clusters,
    );
    expect(out.get('stack')).toEqual([{ intermediaryId: 'alliance', members: [{ uscc: 'B', role: 'president' }, { uscc: 'A', role: 'member' }] }, { intermediaryId: 'platform', members: [{ uscc: 'A', role: 'director' }] }]);
    // The platform reaches both candidates, the alliance one.
    expect(out.get('membrane')!.map((c) => c.intermediaryId)).toEqual(['platform', 'alliance']);
    // One candidate each: the more senior role held (理事 over 会员) first.
    expect(gapChannels([{ key: 'x', candidates: ['A'] }], 'h2', [alliance, platform], clusters).get('x')!.map((c) => c.intermediaryId)).toEqual(['platform', 'alliance']);
    expect(out.get('valve')).toEqual([]);
  });
});
