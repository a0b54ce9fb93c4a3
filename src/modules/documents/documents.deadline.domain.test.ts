import { describe, expect, it } from 'vitest';
import { type Deadline, parseDeadline } from './documents.deadline.domain.ts';

type Expect = Omit<Deadline, 'text'>;

const cases: [string, Expect, number?][] = [
  // single dates
  ['2024年底前', { dueDate: '2024-12-31', ongoing: false, understood: true }],
  ['2024年年底前', { dueDate: '2024-12-31', ongoing: false, understood: true }],
  ['2024年末', { dueDate: '2024-12-31', ongoing: false, understood: true }],
  ['到2025年', { dueDate: '2025-12-31', ongoing: false, understood: true }],
  ['2025年6月底前', { dueDate: '2025-06-30', ongoing: false, understood: true }],
  ['2024年2月底前', { dueDate: '2024-02-29', ongoing: false, understood: true }],
  ['2025年2月底前', { dueDate: '2025-02-28', ongoing: false, understood: true }],
  ['2024年12月31日前', { dueDate: '2024-12-31', ongoing: false, understood: true }],
  ['2024年9月30日', { dueDate: '2024-09-30', ongoing: false, understood: true }],
  ['2024年10月', { dueDate: '2024-10-31', ongoing: false, understood: true }],
  ['2024年10月中旬', { dueDate: '2024-10-20', ongoing: false, understood: true }],
  ['2024年10月上旬', { dueDate: '2024-10-10', ongoing: false, understood: true }],
  ['2025年上半年', { dueDate: '2025-06-30', ongoing: false, understood: true }],
  ['2025年下半年', { dueDate: '2025-12-31', ongoing: false, understood: true }],
  ['2025年第三季度', { dueDate: '2025-09-30', ongoing: false, understood: true }],
  ['2024年4季度', { dueDate: '2024-12-31', ongoing: false, understood: true }],
  ['2025年一季度末', { dueDate: '2025-03-31', ongoing: false, understood: true }],
  ['2025年前三季度', { dueDate: '2025-09-30', ongoing: false, understood: true }],
  ['二〇二四年十月底前', { dueDate: '2024-10-31', ongoing: false, understood: true }],
  ['２０２４年１２月底前', { dueDate: '2024-12-31', ongoing: false, understood: true }],
  ['2024 年 6 月底前', { dueDate: '2024-06-30', ongoing: false, understood: true }],
  // dates typed as numbers
  ['2024.12', { dueDate: '2024-12-31', ongoing: false, understood: true }],
  ['2024/6/30', { dueDate: '2024-06-30', ongoing: false, understood: true }],
  ['2024-12-31前', { dueDate: '2024-12-31', ongoing: false, understood: true }],
  ['2024.13', { ongoing: false, understood: false }],
  // ranges and starts
  ['2024—2026年', { startDate: '2024-01-01', dueDate: '2026-12-31', ongoing: false, understood: true }],
  ['2024-2026年', { startDate: '2024-01-01', dueDate: '2026-12-31', ongoing: false, understood: true }],
  ['2024年至2026年', { startDate: '2024-01-01', dueDate: '2026-12-31', ongoing: false, understood: true }],
  ['2024年3月至6月', { startDate: '2024-03-01', dueDate: '2024-06-30', ongoing: false, understood: true }],
  ['2024年1-6月', { startDate: '2024-01-01', dueDate: '2024-06-30', ongoing: false, understood: true }],
  ['2024年10月—2025年3月', { startDate: '2024-10-01', dueDate: '2025-03-31', ongoing: false, understood: true }],
  ['2024年10月起', { startDate: '2024-10-01', ongoing: true, understood: true }],
  ['自2024年起', { startDate: '2024-01-01', ongoing: true, understood: true }],
  // recurring and ongoing
  ['每季度', { recurrence: 'quarterly', ongoing: true, understood: true }],
  ['按季度报送', { recurrence: 'quarterly', ongoing: true, understood: true }],
  ['每月', { recurrence: 'monthly', ongoing: true, understood: true }],
  ['每月5日前报送进展', { recurrence: 'monthly', every: { day: 5 }, ongoing: true, understood: true }],
  ['每半年', { recurrence: 'half-yearly', ongoing: true, understood: true }],
  ['每年举办', { recurrence: 'yearly', ongoing: true, understood: true }],
  ['每年12月底前报送', { recurrence: 'yearly', every: { month: 12, day: 'end' }, ongoing: true, understood: true }],
  // a recurring deadline keeps its day and month (issue 12)
  ['每年1月31日前', { recurrence: 'yearly', every: { month: 1, day: 31 }, ongoing: true, understood: true }],
  ['每月底前报送', { recurrence: 'monthly', every: { day: 'end' }, ongoing: true, understood: true }],
  ['长期坚持', { ongoing: true, understood: true }],
  ['持续推进', { ongoing: true, understood: true }],
  ['常态化开展', { ongoing: true, understood: true }],
  // relative to the reference year
  ['年内', { dueDate: '2024-12-31', ongoing: false, understood: true }, 2024],
  ['年底前完成', { dueDate: '2024-12-31', ongoing: false, understood: true }, 2024],
  ['明年', { dueDate: '2025-12-31', ongoing: false, understood: true }, 2024],
  ['6月底前', { dueDate: '2024-06-30', ongoing: false, understood: true }, 2024],
  ['9月30日前', { dueDate: '2024-09-30', ongoing: false, understood: true }, 2024],
  ['三季度', { dueDate: '2024-09-30', ongoing: false, understood: true }, 2024],
  ['上半年', { dueDate: '2024-06-30', ongoing: false, understood: true }, 2024],
  ['年内', { ongoing: false, understood: false }],
  // combinations
  [
    '2024年6月底前、12月底前',
    { dueDate: '2024-12-31', ongoing: false, understood: true, milestones: [{ text: '2024年6月底', dueDate: '2024-06-30' }, { text: '12月底', dueDate: '2024-12-31' }] },
  ],
  ['2025年底前，形成评估报告', { dueDate: '2025-12-31', ongoing: false, understood: true }],
  ['2024年9月底前完成，长期坚持', { dueDate: '2024-09-30', ongoing: true, understood: true }],
  ['2024年底前建成，每年举办', { dueDate: '2024-12-31', recurrence: 'yearly', ongoing: true, understood: true }],
  ['2024—2026年，每季度报送进展', { startDate: '2024-01-01', dueDate: '2026-12-31', recurrence: 'quarterly', ongoing: true, understood: true }],
  [
    '2024年6月底前出台方案，2025年底前全面完成',
    { dueDate: '2025-12-31', ongoing: false, understood: true, milestones: [{ text: '2024年6月底', dueDate: '2024-06-30' }, { text: '2025年底', dueDate: '2025-12-31' }] },
  ],
  // a narrow cell wraps one date over two lines; two dates on two lines stay two
  ['2025年\n6月底前完成', { dueDate: '2025-06-30', ongoing: false, understood: true }],
  ['2024年12月\n底前', { dueDate: '2024-12-31', ongoing: false, understood: true }],
  [
    '2024年6月底前\n2025年底前',
    { dueDate: '2025-12-31', ongoing: false, understood: true, milestones: [{ text: '2024年6月底', dueDate: '2024-06-30' }, { text: '2025年底', dueDate: '2025-12-31' }] },
  ],
  // not understood: text kept, nothing invented
  ['按计划推进', { ongoing: false, understood: false }],
  ['根据国家部署', { ongoing: false, understood: false }],
  ['2024年2月30日前', { ongoing: false, understood: false }],
  ['2024年底前完成，视情况调整', { dueDate: '2024-12-31', ongoing: false, understood: false }],
  ['完成', { ongoing: false, understood: false }],
  ['', { ongoing: false, understood: false }],
];

describe('parseDeadline', () => {
  it.each(cases)('%s', (text, expected, referenceYear) => {
    expect(parseDeadline(text, referenceYear ? { referenceYear } : {})).toEqual({ text: text.trim(), ...expected });
  });

  it('keeps the phrase as written, including full-width digits and spaces', () => {
    expect(parseDeadline('  ２０２４年底前 ').text).toBe('２０２４年底前');
  });
});
