import { describe, expect, it } from 'vitest';
import { locationOptions } from './location-options.ts';

describe('the location picker', () => {
  it('reads each location by its name with its code, so that a typed name finds it', () => {
    const options = locationOptions([
      { location: '110000', label: '北京市', rank: 1 },
      { location: '120000', label: '天津市', rank: 4 },
      { location: 'DEU', rank: null },
    ]);
    expect(options.map((o) => o.label)).toEqual(['1. 北京市 · 110000', '4. 天津市 · 120000', 'DEU']);
    // antd's search (optionFilterProp="label") matches the label: the name and the code both find the location.
    expect(options.filter((o) => o.label.includes('天津')).map((o) => o.value)).toEqual(['120000']);
    expect(options.filter((o) => o.label.includes('1100')).map((o) => o.value)).toEqual(['110000']);
  });
});
