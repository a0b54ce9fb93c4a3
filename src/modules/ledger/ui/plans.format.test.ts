import { describe, expect, it } from 'vitest';
import { groupRows, guessPlanType, isoDateOrNull, nextStatuses } from './plans.format.ts';
import { fileNameFrom } from '../../../web/files.ts';

describe('guessPlanType', () => {
  it.each([
    ['中共天津市委关于推动京津冀产业链协同发展的决定', 'decision'],
    ['关于加强行政执法工作的指导意见', 'opinion'],
    ['第二批支持创新相关改革举措推广清单', 'task_list'],
    ['贯彻落实市委全会《决定》重点任务分工方案', 'task_list'],
    ['国家职业教育改革实施方案', 'plan'],
    ['国务院办公厅关于印发《关于落实〈决定〉的意见》的通知', 'opinion'],
    ['', 'plan'],
  ])('%s → %s', (title, type) => {
    expect(guessPlanType(title)).toBe(type);
  });
});

describe('nextStatuses', () => {
  it('follows the server’s flow: forward, or one step back', () => {
    expect(nextStatuses('draft')).toEqual(['consultation', 'adopted']);
    expect(nextStatuses('consultation')).toEqual(['draft', 'adopted']);
    expect(nextStatuses('adopted')).toEqual(['consultation', 'issued']);
    expect(nextStatuses('issued')).toEqual(['adopted']);
  });
});

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
