import { describe, expect, it } from 'vitest';
import { draftChanges, indicatorOf, latestWholeFigure, plannedChanges, quarterOf, readIndicatorTable, yearFigure } from './atlas.cluster-indicators.domain.ts';
import { READINESS_CRITERION_KEYS, readinessChecklist, thresholdsFor } from './atlas.cluster-readiness.domain.ts';

describe('reading a table of cluster indicators', () => {
  it('knows indicators by key, name and usual wording, a unit in brackets ignored', () => {
    expect(['output', '工业总产值（亿元）', 'R&D经费', '有效发明专利数', '专精特新', '出口额', '龙头企业占比'].map(indicatorOf)).toEqual([
      'output',
      'output',
      'rd_spending',
      'patents',
      'specialised',
      'exports',
      'leading_share',
    ]);
    expect(indicatorOf('市值')).toBeNull();
    expect(['', '全年', 'Q3', '第2季度', '一季度', '5'].map(quarterOf)).toEqual([0, 0, 3, 2, 1, NaN]);
  });

  it('finds the header below a title, reads quarters, and names a wrong unit by row', () => {
    const t = readIndicatorTable([['某集群指标（示例）'], [], ['指标', '年份', '季度', '数值', '单位'], ['产值', '2025', 'Q1', '300', '亿元'], ['企业数', '2025年', '', '120', '个']])!;
    expect(t).toMatchObject({ headerRow: 3, layout: 'long' });
    expect(t.values.map((v) => [v.indicator, v.year, v.quarter, v.value])).toEqual([
      ['output', 2025, 1, 300],
      ['enterprises', 2025, 0, 120],
    ]);
    expect(t.issues).toEqual([{ row: 5, field: 'unit', zh: '企业数的单位应为「家」，表中为「个」', en: 'the unit of Enterprises is "家", the table says "个"' }]);
    expect(readIndicatorTable([['名称', '2024']])).toBeNull();
  });

  it('reads years as columns, leaving empty cells alone and naming a bad cell by its year', () => {
    const t = readIndicatorTable([['指标', '2023年', '2024年'], ['产值', '100', ''], ['发明专利', '1,200', 'n/a']])!;
    expect(t.layout).toBe('wide');
    expect(t.values.map((v) => [v.indicator, v.year, v.value])).toEqual([
      ['output', 2023, 100],
      ['patents', 2023, 1200],
    ]);
    expect(t.issues.map((i) => [i.row, i.field])).toEqual([[3, '2024']]);
    expect(plannedChanges([{ indicator: 'output', year: 2023, quarter: 0, value: 90 }], t.values).map((c) => c.kind)).toEqual(['change', 'add']);
  });
});

describe('the readiness checklist', () => {
  const base = { target: 'national_sme' as const, thresholds: thresholdsFor('national_sme', []), computed: { leading: 2, specialised: 12, asOf: '2026-06-30' }, namedLeading: 3, promotionBody: null, zones: 1 };

  it('grows output at the compound rate over up to three years, taking the earliest of them', () => {
    const values = [2019, 2022, 2023, 2025].map((year, i) => ({ indicator: 'output' as const, year, quarter: 0, value: [10, 40, 45, 50][i]! }));
    const growth = readinessChecklist({ ...base, values }).find((i) => i.criterion === 'output_growth')!;
    // 2022 → 2025: (50 / 40)^(1/3) − 1 = 7.72 %, below 10 %; 2019 is more than three years back.
    expect(growth).toMatchObject({ value: 7.72, status: 'unmet', note: { zh: '2022–2025 年复合增速' } });
  });

  it('falls back on the directory and the named 链主 where nothing was entered, and marks every default threshold', () => {
    const items = readinessChecklist({ ...base, values: [] });
    expect(items.map((i) => i.criterion)).toEqual(READINESS_CRITERION_KEYS);
    expect(items.find((i) => i.criterion === 'leading')).toMatchObject({ value: 3, status: 'met' });
    expect(items.find((i) => i.criterion === 'specialised')).toMatchObject({ value: 12, status: 'met', note: { zh: '按目录计算（截至 2026-06-30）' } });
    expect(items.every((i) => i.thresholdIsDefault)).toBe(true);
    const set = readinessChecklist({ ...base, values: [], thresholds: thresholdsFor('national_sme', [{ criterion: 'specialised', threshold: 20 }]) });
    expect(set.find((i) => i.criterion === 'specialised')).toMatchObject({ threshold: 20, thresholdIsDefault: false, status: 'unmet' });
  });

  it('reads quarterly values as the year so far: a fourth quarter is the year, a flow’s earlier quarter is only part of it, a level’s is its latest figure', () => {
    const q = (indicator: 'output' | 'rd_spending' | 'patents', year: number, quarter: number, value: number) => ({ indicator, year, quarter, value });
    const values = [q('output', 2024, 0, 40), q('output', 2025, 1, 11), q('output', 2025, 2, 23), q('output', 2025, 4, 50), q('output', 2026, 3, 44), q('rd_spending', 2025, 4, 1.5), q('patents', 2025, 0, 90), q('patents', 2026, 2, 120)];
    expect(yearFigure(values, 'output', 2025)).toEqual({ year: 2025, quarter: 4, value: 50, whole: true });
    expect(yearFigure(values, 'output', 2026)).toEqual({ year: 2026, quarter: 3, value: 44, whole: false });
    expect(latestWholeFigure(values, 'output')).toMatchObject({ year: 2025, value: 50 });
    expect(latestWholeFigure(values, 'patents')).toEqual({ year: 2026, quarter: 2, value: 120, whole: true });
    const by = Object.fromEntries(readinessChecklist({ ...base, values }).map((i) => [i.criterion, i]));
    // 2025's output is its fourth quarter (50); 2026 Q1–Q3 is said, not compared; growth 2024 → 2025 is 25 %.
    expect(by.output_scale).toMatchObject({ value: 50, status: 'met', note: { zh: '2025 年第 4 季度填报值（截至该季度）；2026 年前 3 季度 44 亿元未满一年，未计入' } });
    expect(by.output_growth).toMatchObject({ value: 25, note: { zh: '2024–2025 年复合增速' } });
    expect(by.rd_intensity).toMatchObject({ value: 3, note: { zh: '2025 年研发投入 1.5 亿元 / 产值 50 亿元' } });
    expect(by.patents).toMatchObject({ value: 120, status: 'met', note: { zh: '2026 年第 2 季度填报值（截至该季度）' } });
  });
});

describe('the values typed into the table', () => {
  const kept = new Map([['output|2024', 26], ['output|2025', 37]]);
  it('refuses a negative value and text that is no number, naming the indicator and year, and saves nothing', () => {
    const r = draftChanges(new Map([['output|2024', '-5'], ['output|2025', 'abc'], ['patents|2025', '3.5'], ['leading_share|2025', '120']]), kept);
    expect(r.problems.map((p) => p.zh)).toEqual(['产值 2024 年：「-5」不能为负数', '产值 2025 年：「abc」不是数字', '有效发明专利 2025 年：「3.5」应为整数', '龙头企业产值占比 2025 年：「120」占比应在 0–100 之间']);
    expect(r.problems.slice(0, 2).map((p) => p.en)).toEqual(['Output value 2024: "-5" must not be negative', 'Output value 2025: "abc" is not a number']);
  });
  it('sends what changed: a new number (thousands separators allowed), an emptied cell as a deletion, nothing for a cell as it was', () => {
    const r = draftChanges(new Map([['output|2024', '26'], ['output|2025', ''], ['rd_spending|2025', '1,234.5'], ['exports|2026', ' ']]), kept);
    expect(r).toEqual({ values: [{ indicator: 'output', year: 2025, value: null }, { indicator: 'rd_spending', year: 2025, value: 1234.5 }], problems: [] });
  });
});
