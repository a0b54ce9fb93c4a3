import { Type, type Static } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../../lib/typebox.ts';
import { actionNames } from '../../lib/abilities.ts';
import { complexityPolicy } from './complexity.policy.ts';
import type { AnalysisOptions, AnalysisSource, AnalysisSummary } from './complexity.tables.ts';
import { OPPORTUNITY_SORTS } from './complexity.opportunities.domain.ts';

const Column = Type.String({ minLength: 1, maxLength: 200 });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** POST /api/complexity/analyses: the CSV is the multipart body; what to do with it is in the query string. */
export const CreateQuery = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200, description: 'Display name; the file name when absent' })),
    loc: Type.String({ minLength: 1, maxLength: 200, description: 'Column of locations (regions, countries)' }),
    prod: Type.String({ minLength: 1, maxLength: 200, description: 'Column of products (industries, sections)' }),
    val: Type.String({ minLength: 1, maxLength: 200, description: 'Column of values (exports, output, employment)' }),
    time: Type.Optional(Type.String({ maxLength: 200, description: 'Column of periods; each period is computed on its own' })),
    pop: Type.Optional(Type.String({ maxLength: 200, description: 'Column of population: presence by RPOP instead of RCA' })),
    presence: Type.Optional(Type.String({ maxLength: 200, description: 'A 0/1 column giving presence directly' })),
    label: Type.Optional(Type.String({ maxLength: 200, description: 'Column of location names to show beside the key column `loc` (country name beside its code)' })),
    threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6, description: 'Presence where RCA (or RPOP) ≥ threshold; default 1' })),
    asymmetric: Type.Optional(Type.Boolean({ description: 'Proximity divided by the ubiquity of the first product only' })),
    continuous: Type.Optional(Type.Boolean({ description: 'Proximity from correlations of RCA, density weighted by RCA' })),
    wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 30_000, description: 'Milliseconds to wait for the result before answering 202' })),
  },
  { additionalProperties: false },
);

export const PeriodQuery = Type.Object({ period: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

/** GET …/results.csv: the size threshold of the ranking page, so the export leaves out the same locations. */
export const ResultsQuery = Type.Object(
  { minTotal: Type.Optional(Type.Number({ minimum: 0, description: 'Size threshold: leave out the locations whose total value is below it (as the Atlas of Economic Complexity does)' })) },
  { additionalProperties: false },
);

export const LocationQuery = Type.Object({ period: Type.Optional(Type.String({ maxLength: 200 })), location: Column }, { additionalProperties: false });

export const SpaceQuery = Type.Object(
  { period: Type.Optional(Type.String({ maxLength: 200 })), location: Type.Optional(Column) },
  { additionalProperties: false },
);

export const OpportunitySortSchema = StringEnum(OPPORTUNITY_SORTS);

export const OpportunityQuery = Type.Object(
  {
    period: Type.Optional(Type.String({ maxLength: 200 })),
    location: Column,
    sort: Type.Optional(OpportunitySortSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    product: Type.Optional(Type.Array(Column, { maxItems: 1000, description: 'Only these products (repeat the parameter)' })),
  },
  { additionalProperties: false },
);

// ---- Responses. The web UI reads these shapes as types (Static<typeof …>); none is copied by hand. ----

const Num = Type.Number();
const NullableNum = Nullable(Type.Number());
/** A document kept as JSON and passed through whole, typed by its server-side interface. */
const Passed = <T>(description: string) => Type.Unsafe<T>({ type: 'object', additionalProperties: true, description });

export const AnalysisStatusSchema = StringEnum(['running', 'done', 'failed']);

/** An analysis with the caller's abilities on it; `progress` is 0…1 while running. */
export const AnalysisResponse = Type.Object({
  id: Type.String({ format: 'uuid' }),
  region_code: Type.String(),
  name: Type.String(),
  source_name: Type.String(),
  options: Passed<AnalysisOptions>('The columns read and how presence and proximity were computed'),
  status: AnalysisStatusSchema,
  progress: Num,
  error: Nullable(Type.String()),
  summary: Type.Unsafe<AnalysisSummary | null>({ type: 'object', additionalProperties: true, nullable: true, description: 'Rows, periods and their sizes, warnings and timings; null while running' }),
  source: Type.Unsafe<AnalysisSource | null>({ type: 'object', additionalProperties: true, nullable: true, description: 'Where the table came from: null for an uploaded file; {kind: "atlas", chain, by, measure, year, …} for one built from the industry-chain atlas' }),
  created_by: Nullable(Type.String({ format: 'uuid' })),
  created_at: DateTime,
  updated_at: DateTime,
  finished_at: Nullable(DateTime),
  periods: Type.Array(Type.String()),
  abilities: Type.Array(StringEnum(actionNames(complexityPolicy.analysis))),
});

/** How the opportunity score is computed, as the results say it. */
const Method = Type.Object({
  score: Type.String(),
  weights: Type.Object({ density: Num, pci: Num, cog: Num }),
  candidates: Type.String(),
  note: Type.String(),
});

export const RankedLocationResponse = Type.Object({ rank: Nullable(Type.Integer()), location: Type.String(), label: Type.Optional(Type.String({ description: 'The label column’s name for the location, when the analysis has one' })), eci: NullableNum, coi: NullableNum, diversity: Type.Integer(), total: Num });

/** GET …/ranking: locations by ECI, most complex first. */
export const RankingResponse = Type.Object({ analysisId: Type.String(), period: Type.String(), periods: Type.Array(Type.String()), locations: Type.Array(RankedLocationResponse) });

export const LocationSummaryResponse = Type.Object({
  location: Type.String(),
  eci: NullableNum,
  coi: NullableNum,
  rank: Nullable(Type.Integer()),
  of: Type.Integer(),
  diversity: Type.Integer(),
  total: Num,
});

const ProductFields = {
  product: Type.String(),
  value: Num,
  share: Num,
  rca: Num,
  mcp: Type.Unsafe<0 | 1>({ type: 'integer', enum: [0, 1] }),
  ubiquity: Type.Integer(),
  pci: NullableNum,
  density: NullableNum,
  cog: NullableNum,
  score: NullableNum,
  rank: Nullable(Type.Integer()),
};
export const ProfileProductResponse = Type.Object(ProductFields);

/** GET …/profile: one location and, per product, its value, share, RCA, presence, PCI, density, COG and score. */
export const ProfileResponse = Type.Object({
  analysisId: Type.String(),
  period: Type.String(),
  periods: Type.Array(Type.String()),
  location: LocationSummaryResponse,
  products: Type.Array(ProfileProductResponse),
  method: Method,
});

/** GET …/opportunities: a location's top opportunities, in the chosen order. */
export const OpportunitiesResponse = Type.Object({
  analysisId: Type.String(),
  period: Type.String(),
  location: LocationSummaryResponse,
  sort: OpportunitySortSchema,
  candidates: Type.Integer(),
  items: Type.Array(Type.Object({ ...ProductFields, position: Type.Integer() })),
  method: Method,
});

/** GET …/space: the product space, and with a location its presence, RCA and density per product. */
export const ProductSpaceResponse = Type.Object({
  analysisId: Type.String(),
  period: Type.String(),
  periods: Type.Array(Type.String()),
  location: Nullable(Type.String()),
  nodes: Type.Array(
    Type.Object({
      product: Type.String(),
      pci: Num,
      ubiquity: Type.Integer(),
      total: Num,
      mcp: Type.Optional(Type.Unsafe<0 | 1>({ type: 'integer', enum: [0, 1] })),
      rca: Type.Optional(Num),
      density: Type.Optional(NullableNum),
    }),
  ),
  edges: Type.Array(Type.Object({ source: Type.Integer(), target: Type.Integer(), proximity: Num })),
  threshold: NullableNum,
  averageDegree: Num,
});

export type AnalysisResponse = Static<typeof AnalysisResponse>;
export type RankingResponse = Static<typeof RankingResponse>;
export type LocationSummaryResponse = Static<typeof LocationSummaryResponse>;
export type ProfileProductResponse = Static<typeof ProfileProductResponse>;
export type ProfileResponse = Static<typeof ProfileResponse>;
export type OpportunitiesResponse = Static<typeof OpportunitiesResponse>;
export type ProductSpaceResponse = Static<typeof ProductSpaceResponse>;
