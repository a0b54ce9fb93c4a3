import { describe, expect, it } from 'vitest';
import { formatTotal } from './complexity.charts.ts';

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
