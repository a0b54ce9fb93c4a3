import { describe, expect, it } from 'vitest';
import { periodText, unitOptions } from './reports.form.ts';

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
