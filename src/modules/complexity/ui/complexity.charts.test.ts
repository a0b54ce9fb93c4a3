import { describe, expect, it } from 'vitest';
import { aboveThreshold, formatTotal, rankingOption } from './complexity.charts.ts';

describe('formatTotal', () => {
  it('writes large totals with grouped digits and the units of each language, never as 1.21e12', () => {
    expect(formatTotal(1.21e12, 'zh-CN')).toBe('12,100亿');
    expect(formatTotal(1.21e12, 'en')).toBe('1,210 billion');
    expect(formatTotal(3.456e8, 'zh-CN')).toBe('3.46亿');
    expect(formatTotal(2.5e9, 'en')).toBe('2.5 billion');
    expect(formatTotal(4.2e7, 'en')).toBe('42 million');
    expect(formatTotal(4.2e7, 'zh-CN')).toBe('4,200万');
    expect(formatTotal(35000, 'zh-CN')).toBe('35,000');
    expect(formatTotal(35000.5, 'en')).toBe('35,000.5');
  });
});

describe('aboveThreshold', () => {
  it('leaves out locations below the size threshold and ranks the others again', () => {
    const l = (location: string, rank: number | null, total: number) => ({ location, rank, total, eci: rank === null ? null : 1 / rank, coi: 0, diversity: 1 });
    const all = [l('Tiny isle', 1, 5e6), l('Japan', 2, 7e11), l('Atoll', 3, 1e6), l('Angola', 4, 4e10), l('Nowhere', null, 0)];
    const { kept, left } = aboveThreshold(all, 1e9);
    expect(kept.map((k) => [k.location, k.rank, k.eci])).toEqual([['Japan', 1, 1 / 2], ['Angola', 2, 1 / 4]]);
    expect(left).toBe(3);
    expect(aboveThreshold(all, null)).toEqual({ kept: all, left: 0 });
  });
});

describe('rankingOption', () => {
  it('names the bars by the label column where the analysis has one, and keeps the key as what a click picks', () => {
    const option = rankingOption([{ location: 'asxxb', label: 'Chinese Taipei', rank: 1, eci: 2, coi: 0, diversity: 3, total: 1 }, { location: 'afago', rank: 2, eci: -1, coi: 0, diversity: 1, total: 1 }], null);
    expect((option.yAxis as { data: string[] }).data).toEqual(['1. Chinese Taipei', '2. afago']);
    expect((option.series as { data: { name: string }[] }[])[0].data.map((d) => d.name)).toEqual(['asxxb', 'afago']);
  });
});
