/**
 * The readiness checklist of a cluster towards national status (申报准备度): about eight criteria, each with a
 * threshold, the cluster's value, whether it is met (met, unmet, unknown when a figure is missing) and a note saying
 * where the value comes from. The default thresholds are ILLUSTRATIVE, not the official criteria: the keepers set the
 * figures of the current 认定标准 per target level (atlas_readiness_thresholds); docs/atlas-clusters.md says so too.
 */
import { latestWholeFigure, yearFigure, type IndicatorValue, type YearFigure } from './atlas.cluster-indicators.domain.ts';

/** The national statuses a cluster may prepare for. */
export const READINESS_TARGETS = {
  national: { zh: '国家先进制造业集群', en: 'National advanced manufacturing cluster' },
  national_sme: { zh: '中小企业特色产业集群', en: 'SME specialty industrial cluster' },
} as const;
export type ReadinessTarget = keyof typeof READINESS_TARGETS;
export const READINESS_TARGET_KEYS = Object.keys(READINESS_TARGETS) as ReadinessTarget[];

/** The criteria, in the checklist's order, with their unit and illustrative default threshold per target. */
export const READINESS_CRITERIA = {
  output_scale: { zh: '产值规模', en: 'Output scale', unit: '亿元', defaults: { national: 1000, national_sme: 40 } },
  output_growth: { zh: '产值年均增速', en: 'Average annual output growth', unit: '%', defaults: { national: 8, national_sme: 10 } },
  leading: { zh: '链主（龙头）企业数', en: 'Leading enterprises', unit: '家', defaults: { national: 5, national_sme: 1 } },
  specialised: { zh: '专精特新企业数', en: '专精特新 enterprises', unit: '家', defaults: { national: 30, national_sme: 10 } },
  rd_intensity: { zh: '研发投入强度（研发投入/产值）', en: 'R&D intensity (R&D spending / output)', unit: '%', defaults: { national: 2.5, national_sme: 2 } },
  patents: { zh: '有效发明专利', en: 'Invention patents', unit: '件', defaults: { national: 1000, national_sme: 100 } },
  promotion_body: { zh: '集群发展促进机构', en: 'Cluster development organisation', unit: '', defaults: { national: 1, national_sme: 1 } },
  zones: { zh: '核心载体数', en: 'Carrier zones', unit: '个', defaults: { national: 2, national_sme: 1 } },
} as const;
export type ReadinessCriterion = keyof typeof READINESS_CRITERIA;
export const READINESS_CRITERION_KEYS = Object.keys(READINESS_CRITERIA) as ReadinessCriterion[];

/** Thresholds per criterion: the defaults, overridden by those the keepers set. */
export function thresholdsFor(target: ReadinessTarget, set: { criterion: string; threshold: number }[]): Record<ReadinessCriterion, { value: number; isDefault: boolean }> {
  const out = {} as Record<ReadinessCriterion, { value: number; isDefault: boolean }>;
  for (const k of READINESS_CRITERION_KEYS) {
    const s = set.find((x) => x.criterion === k);
    out[k] = s ? { value: s.threshold, isDefault: false } : { value: READINESS_CRITERIA[k].defaults[target], isDefault: true };
  }
  return out;
}

/** The target a cluster of a level prepares for: SME clusters (and those being cultivated) the SME list, others the national one. */
export function defaultTarget(level: string): ReadinessTarget {
  return level === 'municipal' || level === 'cultivating' ? 'national_sme' : 'national';
}

/** What the checklist is computed from. */
export interface ReadinessInput {
  target: ReadinessTarget;
  thresholds: Record<ReadinessCriterion, { value: number; isDefault: boolean }>;
  /** Values entered or imported: annual (quarter 0) and quarterly (year to date). */
  values: Pick<IndicatorValue, 'indicator' | 'year' | 'quarter' | 'value'>[];
  /** Counts from the directory (enterprises linked to the cluster's chains in its zones), with their as-of date. */
  computed: { leading: number; specialised: number; asOf: string | null };
  /** The 链主 enterprises named on the cluster. */
  namedLeading: number;
  promotionBody: string | null;
  zones: number;
}

/** One line of the checklist. */
export interface ReadinessItem {
  criterion: ReadinessCriterion;
  name: { zh: string; en: string };
  unit: string;
  threshold: number;
  thresholdIsDefault: boolean;
  value: number | null;
  status: 'met' | 'unmet' | 'unknown';
  note: { zh: string; en: string };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The latest whole-year figure of an indicator (annual value, fourth quarter, or a level's latest quarter). */
const latest = (values: ReadinessInput['values'], indicator: Parameters<typeof latestWholeFigure>[1]) => latestWholeFigure(values, indicator);

/**
 * The checklist: each criterion's value (entered figures first; counts from the directory where nothing was entered),
 * met when it reaches the threshold, unknown when a figure is missing. Growth is the compound annual rate between the
 * latest year's output and the output up to three years before it (the earliest of those entered).
 */
export function readinessChecklist(input: ReadinessInput): ReadinessItem[] {
  const v = input.values;
  const item = (criterion: ReadinessCriterion, value: number | null, note: { zh: string; en: string }): ReadinessItem => {
    const t = input.thresholds[criterion];
    return {
      criterion,
      name: { zh: READINESS_CRITERIA[criterion].zh, en: READINESS_CRITERIA[criterion].en },
      unit: READINESS_CRITERIA[criterion].unit,
      threshold: t.value,
      thresholdIsDefault: t.isDefault,
      value: value === null ? null : round(value),
      status: value === null ? 'unknown' : value >= t.value ? 'met' : 'unmet',
      note,
    };
  };
  const entered = (f: YearFigure) =>
    f.quarter === 0 ? { zh: `${f.year} 年填报值`, en: `entered for ${f.year}` } : { zh: `${f.year} 年第 ${f.quarter} 季度填报值（截至该季度）`, en: `entered for ${f.year} Q${f.quarter} (year to date)` };
  // A year's output or R&D spending: the annual value or the fourth quarter's (the year to date is the year).
  const whole = (indicator: 'output' | 'rd_spending', year: number) => {
    const f = yearFigure(v, indicator, year);
    return f?.whole ? f.value : null;
  };
  const yearsOf = (indicator: 'output' | 'rd_spending') => [...new Set(v.filter((x) => x.indicator === indicator).map((x) => x.year))].filter((y) => whole(indicator, y) !== null);
  const missing = (zh: string, en: string) => ({ zh: `缺少${zh}`, en: `no ${en} entered` });
  const asOf = input.computed.asOf ?? '—';
  const items: ReadinessItem[] = [];

  const output = latest(v, 'output');
  // A later year's output so far (Q1–Q3) is not a year's output: said beside the figure, not compared.
  const lastYear = Math.max(...v.filter((x) => x.indicator === 'output').map((x) => x.year));
  const partial = Number.isFinite(lastYear) ? yearFigure(v, 'output', lastYear) : null;
  const withPartial = (note: { zh: string; en: string }) =>
    partial && !partial.whole ? { zh: `${note.zh}；${partial.year} 年前 ${partial.quarter} 季度 ${partial.value} 亿元未满一年，未计入`, en: `${note.en}; ${partial.year} Q1–Q${partial.quarter} (${partial.value}) is part of a year, not counted` } : note;
  items.push(output ? item('output_scale', output.value, withPartial(entered(output))) : item('output_scale', null, withPartial(missing('产值', 'output value'))));

  let growth: ReadinessItem = item('output_growth', null, { zh: '需要至少两个年度的产值', en: 'needs the output of at least two years' });
  if (output) {
    const year = yearsOf('output').filter((y) => y < output.year && y >= output.year - 3).sort((a, b) => a - b)[0];
    const earlier = year === undefined ? undefined : { year, value: whole('output', year)! };
    if (earlier && earlier.value > 0) {
      const years = output.year - earlier.year;
      const rate = (Math.pow(output.value / earlier.value, 1 / years) - 1) * 100;
      growth = item('output_growth', rate, { zh: `${earlier.year}–${output.year} 年复合增速`, en: `compound rate ${earlier.year}–${output.year}` });
    }
  }
  items.push(growth);

  const leading = latest(v, 'leading');
  if (leading) items.push(item('leading', leading.value, entered(leading)));
  else {
    const n = Math.max(input.namedLeading, input.computed.leading);
    items.push(item('leading', n, { zh: `按目录计算（截至 ${asOf}）与集群列明的链主企业取大`, en: `computed from the directory (as of ${asOf}) or the named leading enterprises, the larger` }));
  }

  const specialised = latest(v, 'specialised');
  items.push(
    specialised
      ? item('specialised', specialised.value, entered(specialised))
      : item('specialised', input.computed.specialised, { zh: `按目录计算（截至 ${asOf}）`, en: `computed from the directory (as of ${asOf})` }),
  );

  const commonYear = yearsOf('rd_spending').filter((y) => (whole('output', y) ?? 0) > 0).sort((a, b) => b - a)[0];
  if (commonYear === undefined) items.push(item('rd_intensity', null, missing('同一年度的研发投入和产值', 'R&D spending and output of the same year')));
  else {
    const rd = whole('rd_spending', commonYear)!;
    const out = whole('output', commonYear)!;
    items.push(item('rd_intensity', (rd / out) * 100, { zh: `${commonYear} 年研发投入 ${rd} 亿元 / 产值 ${out} 亿元`, en: `${commonYear}: R&D ${rd} / output ${out} (亿元)` }));
  }

  const patents = latest(v, 'patents');
  items.push(patents ? item('patents', patents.value, entered(patents)) : item('patents', null, missing('有效发明专利数', 'invention patent count')));

  items.push(
    input.promotionBody
      ? item('promotion_body', 1, { zh: input.promotionBody, en: input.promotionBody })
      : item('promotion_body', 0, { zh: '集群信息中未填写促进机构', en: 'the cluster names no development organisation' }),
  );
  items.push(item('zones', input.zones, { zh: `集群依托 ${input.zones} 个载体`, en: `the cluster grows around ${input.zones} zone(s)` }));
  return items;
}
