import { describe, expect, it } from 'vitest';
import { clip, formatDateTime } from './format.ts';

describe('clip', () => {
  it('marks a cut title with an ellipsis, so a list does not show “…打通研发—” as if it were the whole task', () => {
    const title = '聚焦卡点联合攻关。围绕关键核心技术，组织企业、高校和科研院所联合攻关，打通研发—制造“握手”通道。';
    expect(clip(title, 40)).toBe(`${[...title].slice(0, 40).join('')}…`);
    expect(clip(title, 40).endsWith('—…')).toBe(true);
  });

  it('leaves a short text whole', () => {
    expect(clip('推动成龙配套。', 40)).toBe('推动成龙配套。');
    expect(clip('', 10)).toBe('');
  });
});

describe('formatDateTime', () => {
  it('shows China time, the clock of the day the pages say it is, in any browser time zone', () => {
    // 17:45 UTC on 4 December is 01:45 on 5 December in Tianjin, the day the workbench says it is.
    expect(formatDateTime('2026-12-04T17:45:14Z', 'zh-CN')).toBe('2026/12/5 01:45:14');
    expect(formatDateTime('2026-12-04T17:45:14Z', 'en-US')).toMatch(/^12\/5\/26,? 1:45:14\sAM$/);
    expect(formatDateTime(null, 'zh-CN')).toBe('');
  });
});
