import { describe, expect, it } from 'vitest';
import { clip } from './format.ts';

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
