import { describe, expect, it } from 'vitest';
import { distinctLabels } from './distinct-labels.ts';

describe('distinctLabels', () => {
  it('qualifies only the names that repeat: a region’s adapted chain beside the shared one of the same name', () => {
    const chains = [
      { name: '集成电路（示例）', region: null },
      { name: '集成电路（示例）', region: '天津市' },
      { name: '氢能（示例）', region: null },
    ];
    const labels = distinctLabels(chains, (c) => c.name, (c) => c.region ?? '共享');
    expect(labels).toEqual(['集成电路（示例） · 共享', '集成电路（示例） · 天津市', '氢能（示例）']);
    expect(new Set(labels).size).toBe(chains.length);
  });
});
