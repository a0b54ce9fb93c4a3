import { describe, expect, it } from 'vitest';
import { groupRows, isoDateOrNull } from './plans.format.ts';
import { fileNameFrom } from '../../../web/files.ts';

describe('groupRows', () => {
  const task = (id: string, ...path: string[]) => ({ id, group_path: path });
  const rows = (tasks: ReturnType<typeof task>[]) =>
    groupRows(tasks, (t) => t.group_path, (t) => t.id).map((r) => (r.type === 'group' ? `${'#'.repeat(r.depth)} ${r.text}` : r.task.id));

  it('puts a heading before the first task of each group', () => {
    expect(rows([task('1', '一、'), task('2', '一、'), task('3', '二、')])).toEqual(['# 一、', '1', '2', '# 二、', '3']);
  });

  it('repeats only the levels that changed', () => {
    expect(rows([task('1', '一、', '（一）'), task('2', '一、', '（二）'), task('3', '二、', '（一）'), task('4')])).toEqual([
      '# 一、',
      '## （一）',
      '1',
      '## （二）',
      '2',
      '# 二、',
      '## （一）',
      '3',
      '4',
    ]);
  });

  it('gives group rows unique keys even when a heading repeats', () => {
    const keys = groupRows([task('1', '一、'), task('2', '二、'), task('3', '一、')], (t) => t.group_path, (t) => t.id).map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('isoDateOrNull', () => {
  it('keeps real dates only', () => {
    expect(isoDateOrNull('2019-01-24')).toBe('2019-01-24');
    expect(isoDateOrNull(' 2019-01-24 ')).toBe('2019-01-24');
    expect(isoDateOrNull('2019年1月24日')).toBeNull();
    expect(isoDateOrNull('2019-13-45')).toBeNull();
    expect(isoDateOrNull('2019-02-30')).toBeNull();
    expect(isoDateOrNull('2020-02-29')).toBe('2020-02-29');
    expect(isoDateOrNull(null)).toBeNull();
  });
});

describe('fileNameFrom', () => {
  it('prefers the UTF-8 name and falls back to the plain one', () => {
    expect(fileNameFrom(`attachment; filename="_.xlsx"; filename*=UTF-8''${encodeURIComponent('决定-任务分工.xlsx')}`, 'x')).toBe('决定-任务分工.xlsx');
    expect(fileNameFrom('attachment; filename="plan.docx"', 'x')).toBe('plan.docx');
    expect(fileNameFrom(null, 'fallback.xlsx')).toBe('fallback.xlsx');
  });
});
