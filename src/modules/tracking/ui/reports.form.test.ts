import { describe, expect, it } from 'vitest';
import { firstInvalidField, hasDraft, percentOutOfRange, periodText, unitOptions } from './reports.form.ts';

const task = {
  units: [
    { unitId: 'u-lead', role: 'lead' as const, name: '市工业和信息化局' },
    { unitId: 'u-co', role: 'co' as const, name: '市商务局' },
  ],
} as Parameters<typeof unitOptions>[0]['task'];

describe('the report form’s 填报单位', () => {
  it('offers the units the caller writes for', () => {
    expect(unitOptions({ task, writableUnits: [{ unitId: 'u-lead', name: '市工业和信息化局' }] as never })).toEqual([{ value: 'u-lead', label: '市工业和信息化局' }]);
  });

  it('names the unit for a unit viewer, who writes for none, instead of showing its id', () => {
    const options = unitOptions({ task, writableUnits: [] });
    expect(options.find((o) => o.value === 'u-co')?.label).toBe('市商务局');
  });

  it('shows the reviewed report’s unit to a reviewer', () => {
    expect(unitOptions({ task, writableUnits: [] }, { unit_id: 'u-co', unit_name: '天津市商务局', unit_short_name: '市商务局' })).toEqual([{ value: 'u-co', label: '市商务局' }]);
  });
});

describe('a report’s period in the review queue and the workbench', () => {
  it('reads 办结报告 / Closing report with the month it was submitted for a closing report, the key for any other', () => {
    const closing = { kind: 'closing', period: 'closing', submitted_at: '2026-12-05T02:00:00.000Z' };
    expect(periodText(closing, 'zh-CN')).toBe('办结报告（2026年12月报送）');
    expect(periodText(closing, 'en-US')).toBe('Closing report (submitted 2026-12)');
    expect(periodText({ kind: 'progress', period: '2026-11', submitted_at: null }, 'en-US')).toBe('2026-11');
  });
});

describe('the report form’s checks', () => {
  it('refuses a percent above 100 or below 0 instead of clamping it, and lets an empty one or 0–100 through', () => {
    expect(percentOutOfRange(150)).toBe(true);
    expect(percentOutOfRange(-1)).toBe(true);
    expect(percentOutOfRange(100)).toBe(false);
    expect(percentOutOfRange(0)).toBe(false);
    expect(percentOutOfRange(null)).toBe(false);
  });

  it('finds the field a refused check names (to scroll to it), and nothing in a server’s error', () => {
    // What antd's validateFields rejects with when 本期工作进展 is empty.
    expect(firstInvalidField({ values: {}, errorFields: [{ name: ['doneText'], errors: ['请填写本期工作进展'], warnings: [] }], outOfDate: false })).toEqual(['doneText']);
    expect(firstInvalidField(new Error('出错了'))).toBeUndefined();
  });
});

describe('a unit’s 待报 list', () => {
  it('marks a line with a saved draft, and not one never touched or already submitted', () => {
    expect(hasDraft({ state: 'due', reportId: 'r1' })).toBe(true);
    expect(hasDraft({ state: 'overdue', reportId: 'r1' })).toBe(true);
    expect(hasDraft({ state: 'due', reportId: null })).toBe(false);
    expect(hasDraft({ state: 'submitted', reportId: 'r1' })).toBe(false);
  });
});
