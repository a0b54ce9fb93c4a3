import { Type, type Static } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../../lib/typebox.ts';
import { READINESS_CRITERION_KEYS, READINESS_TARGET_KEYS } from './atlas.cluster-readiness.domain.ts';
import { CLUSTER_INDICATOR_KEYS } from './atlas.clusters.domain.ts';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const Indicator = StringEnum(CLUSTER_INDICATOR_KEYS);
const Quarter = Type.Integer({ minimum: 0, maximum: 4, description: '1–4, or 0 (default) for the whole year' });

/** A cluster's series: every value entered, the indicators known, and the counts computed from the directory. */
export const IndicatorSeries = Type.Object({
  clusterId: Type.String(),
  clusterName: Type.String(),
  indicators: Type.Array(Type.Object({ key: Indicator, name: Bilingual, unit: Type.String() }), { description: 'Every indicator, in the table’s order' }),
  years: Type.Array(Type.Integer(), { description: 'The years with a value, ascending' }),
  values: Type.Array(
    Type.Object({
      indicator: Indicator,
      year: Type.Integer(),
      quarter: Type.Integer({ description: '0: the whole year' }),
      value: Type.Number(),
      unit: Type.String(),
      source: Nullable(Type.String()),
      enteredBy: Nullable(Type.String({ description: 'Display name of whoever entered it' })),
      enteredAt: DateTime,
    }),
  ),
  computed: Type.Array(
    Type.Object({ indicator: Indicator, value: Type.Number(), asOf: Nullable(Type.String({ description: 'The latest as-of date of the links counted' })) }),
    { description: 'Figures computed from the directory (enterprises, 链主, 专精特新 linked to the cluster’s chains in its zones), beside the entered ones' },
  ),
  canEdit: Type.Boolean(),
});
export type IndicatorSeries = Static<typeof IndicatorSeries>;

/** Values to set (a null value deletes it). */
export const IndicatorValuesBody = Type.Object({
  values: Type.Array(
    Type.Object({
      indicator: Type.String({ description: 'An indicator key (output, enterprises, rd_spending, patents …)' }),
      year: Type.Integer(),
      quarter: Type.Optional(Quarter),
      value: Nullable(Type.Number({ description: 'The value in the indicator’s unit; null deletes it' })),
      source: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'Where the figure comes from (统计局年报, 园区填报 …)' }))),
    }),
    { minItems: 1, maxItems: 1000 },
  ),
});
export type IndicatorValuesBody = Static<typeof IndicatorValuesBody>;

export const IndicatorImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ description: 'Read and check the table, list what would change, save nothing' })) });

/** What an import did (or, in a dry run, would do). */
export const IndicatorImportResult = Type.Object({
  dryRun: Type.Boolean(),
  fileName: Type.String(),
  headerRow: Type.Integer(),
  layout: StringEnum(['long', 'wide'] as const),
  added: Type.Integer(),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  changes: Type.Array(
    Type.Object({
      row: Type.Integer(),
      indicator: Indicator,
      name: Bilingual,
      year: Type.Integer(),
      quarter: Type.Integer(),
      before: Nullable(Type.Number()),
      after: Type.Number(),
      kind: StringEnum(['add', 'change', 'same'] as const),
    }),
  ),
});
export type IndicatorImportResult = Static<typeof IndicatorImportResult>;

export const ReadinessQuery = Type.Object({ target: Type.Optional(StringEnum(READINESS_TARGET_KEYS)) });

/** The readiness checklist towards a national status. */
export const Readiness = Type.Object({
  clusterId: Type.String(),
  target: StringEnum(READINESS_TARGET_KEYS),
  targetName: Bilingual,
  illustrative: Type.Boolean({ description: 'True while any threshold is still the illustrative default' }),
  met: Type.Integer(),
  unmet: Type.Integer(),
  unknown: Type.Integer(),
  items: Type.Array(
    Type.Object({
      criterion: StringEnum(READINESS_CRITERION_KEYS),
      name: Bilingual,
      unit: Type.String(),
      threshold: Type.Number(),
      thresholdIsDefault: Type.Boolean({ description: 'The illustrative default, not a figure the keepers set' }),
      thresholdNote: Nullable(Type.String({ description: 'Where a set threshold comes from (the 认定标准 and its year)' })),
      value: Nullable(Type.Number()),
      status: StringEnum(['met', 'unmet', 'unknown'] as const),
      note: Bilingual,
    }),
  ),
  canEdit: Type.Boolean({ description: 'Whether the caller may set the thresholds' }),
});
export type Readiness = Static<typeof Readiness>;

export const ThresholdsBody = Type.Object({
  target: StringEnum(READINESS_TARGET_KEYS),
  thresholds: Type.Array(
    Type.Object({
      criterion: StringEnum(READINESS_CRITERION_KEYS),
      threshold: Nullable(Type.Number({ description: 'null: back to the illustrative default' })),
      note: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'Where the figure comes from (the 认定标准 and its year)' }))),
    }),
    { minItems: 1, maxItems: 20 },
  ),
});
export type ThresholdsBody = Static<typeof ThresholdsBody>;
