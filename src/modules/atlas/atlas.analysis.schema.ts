import { Type, type Static } from 'typebox';
import { Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';
import { STAGES } from './atlas.chain-format.domain.ts';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const IsoDate = Type.String({ description: 'YYYY-MM-DD' });

export const CoverageQuery = Type.Object({
  regions: Type.Optional(
    Type.String({ description: 'Comma-separated 6-digit region codes (a region takes in its descendants) or groups jjj (京津冀), yrd (长三角), gba (粤港澳大湾区); default jjj,110000,120000,130000,yrd,gba' }),
  ),
  confirmedOnly: Type.Optional(Type.Boolean({ description: 'Count confirmed links only (default: confirmed and uncertain; rejected never)' })),
});

export const RegionColumn = Type.Object({
  key: Type.String({ description: 'The code or group key as asked' }),
  name: Type.String(),
  nameEn: Type.String(),
  codes: Type.Array(Type.String(), { description: 'The codes it is made of (a group’s members)' }),
});

export const CoverageCell = Type.Object({
  region: Type.String({ description: 'The column’s key' }),
  enterprises: Type.Integer(),
  leading: Type.Integer({ description: '链主/龙头' }),
  specialised: Type.Integer({ description: '专精特新, 小巨人 included' }),
  littleGiants: Type.Integer({ description: '专精特新“小巨人”' }),
  points: Type.Number({ description: 'Strength points P' }),
  score: Type.Integer({ description: 'Strength score 0–100' }),
  level: StringEnum(['absent', 'weak', 'medium', 'strong'] as const),
  asOf: Nullable(IsoDate),
});

export const Coverage = Type.Object({
  chain: Type.Object({ id: Uuid, key: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), version: Type.Integer() }),
  regions: Type.Array(RegionColumn),
  decisions: Type.Array(StringEnum(['confirmed', 'uncertain', 'rejected'] as const), { description: 'The link decisions counted' }),
  confirmedOnly: Type.Boolean(),
  counted: Bilingual,
  formula: Bilingual,
  asOf: Nullable(Type.String({ description: 'The latest as-of date (YYYY-MM-DD) of the links counted' })),
  segments: Type.Array(
    Type.Object({
      key: Type.String(),
      parent: Nullable(Type.String()),
      stage: StringEnum(STAGES),
      name: Type.String(),
      nameEn: Nullable(Type.String()),
      cells: Type.Array(CoverageCell, { description: 'One per region column, in the order of `regions`' }),
    }),
  ),
});
export type Coverage = Static<typeof Coverage>;

/** Where a position comes from: the file's coordinates, or the centre of the district/city/province (bundled table). */
const Located = StringEnum(['coordinates', 'centroid_district', 'centroid_city', 'centroid_province', 'unknown'] as const);
const SizeBandSchema = Nullable(StringEnum(['large', 'medium', 'small', 'micro'] as const));
const EvidenceSchema = StringEnum(['strong', 'medium', 'weak'] as const);
const DecisionSchema = StringEnum(['confirmed', 'uncertain', 'rejected'] as const);

export const UsccParams = Type.Object({ uscc: Type.String({ description: '统一社会信用代码 (18 characters)' }) });
export const MatchQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Lines per side (default 50)' })) });

export const MatchLine = Type.Object({
  uscc: Nullable(Type.String()),
  name: Type.String(),
  regionCode: Type.String(),
  chain: Type.Object({ id: Uuid, name: Type.String() }),
  segment: Type.Object({ key: Type.String(), name: Type.String() }),
  km: Nullable(Type.Number({ description: 'Straight-line distance (haversine), km' })),
  located: Located,
  band: StringEnum(['same_district', 'same_city', 'jjj', 'elsewhere'] as const),
  withinRadius: Type.Boolean({ description: 'Within the 配套 radius (150 km)' }),
  sizeBand: SizeBandSchema,
  employees: Nullable(Type.Integer()),
  tags: Type.Array(Type.String()),
  evidence: EvidenceSchema,
  decision: DecisionSchema,
  asOf: Type.String({ description: 'The link’s as-of date' }),
  score: Type.Number(),
});
export type MatchLine = Static<typeof MatchLine>;

export const Match = Type.Object({
  enterprise: Type.Object({ uscc: Type.String(), name: Type.String(), regionCode: Type.String(), lat: Nullable(Type.Number()), lng: Nullable(Type.Number()), located: Located }),
  radiusKm: Type.Object({ min: Type.Number(), max: Type.Number() }, { description: 'The usual 配套 radius' }),
  counted: Bilingual,
  formula: Bilingual,
  centroidSource: Type.String(),
  suppliers: Type.Array(MatchLine, { description: 'Enterprises in the segments supplying the enterprise’s segments, best first' }),
  customers: Type.Array(MatchLine, { description: 'Enterprises in the segments the enterprise’s segments supply, best first' }),
});
export type Match = Static<typeof Match>;

const ChainRef = Type.Object({ id: Uuid, key: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), version: Type.Integer() });
const Reason = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });
const CellOut = Type.Omit(CoverageCell, ['region']);

export const GapsQuery = Type.Object({
  region: Type.Optional(Type.String({ description: 'The region examined: one code or group (default jjj, 京津冀)' })),
  benchmark: Type.Optional(Type.String({ description: 'The benchmark: one code or group (default yrd, 长三角)' })),
  confirmedOnly: Type.Optional(Type.Boolean()),
  candidates: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, description: 'Candidates per gap (default 5)' })),
});

export const Candidate = Type.Object({
  uscc: Nullable(Type.String()),
  name: Type.String(),
  regionCode: Type.String(),
  segment: Type.Object({ key: Type.String(), name: Type.String() }),
  sizeBand: SizeBandSchema,
  employees: Nullable(Type.Integer()),
  tags: Type.Array(Type.String()),
  mainProducts: Type.Array(Type.String()),
  evidence: EvidenceSchema,
  decision: DecisionSchema,
  asOf: Type.String(),
  score: Type.Number(),
  reasons: Type.Array(Reason),
  /** Where it stands when already a 招商 target of the chain in the region (not dropped): it is not made one twice. */
  target: Type.Optional(Nullable(StringEnum(['lead', 'contact', 'signed', 'landed', 'dropped'] as const))),
});
export type Candidate = Static<typeof Candidate>;

export const TargetStatusCounts = Type.Object({ lead: Type.Integer(), contact: Type.Integer(), signed: Type.Integer(), landed: Type.Integer(), dropped: Type.Integer() });

export const Gaps = Type.Object({
  chain: ChainRef,
  region: RegionColumn,
  benchmark: RegionColumn,
  decisions: Type.Array(DecisionSchema),
  counted: Bilingual,
  rule: Bilingual,
  formula: Bilingual,
  candidateFormula: Bilingual,
  asOf: Nullable(Type.String()),
  regionTotal: Type.Integer({ description: 'Distinct enterprises of the chain in the region' }),
  nationalTotal: Type.Integer(),
  gaps: Type.Array(
    Type.Object({
      segment: Type.Object({ key: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), stage: StringEnum(STAGES), parent: Nullable(Type.String()) }),
      reasons: Type.Array(Reason),
      local: CellOut,
      benchmark: CellOut,
      national: CellOut,
      localShare: Type.Number(),
      nationalShare: Type.Number(),
      shortfall: Type.Number(),
      targets: TargetStatusCounts,
      candidates: Type.Array(Candidate),
    }),
  ),
});
export type Gaps = Static<typeof Gaps>;

export const ChokepointsQuery = Type.Object({
  region: Type.Optional(Type.String({ description: 'Where joint-R&D leads are sought: one code or group (default jjj)' })),
  leads: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
});

export const ChokepointLead = Type.Object({
  uscc: Nullable(Type.String()),
  name: Type.String(),
  regionCode: Type.String(),
  sizeBand: SizeBandSchema,
  employees: Nullable(Type.Integer()),
  tags: Type.Array(Type.String()),
  evidence: EvidenceSchema,
  score: Type.Number(),
  reasons: Type.Array(Reason),
});
export type ChokepointLead = Static<typeof ChokepointLead>;

export const Chokepoints = Type.Object({
  chain: ChainRef,
  region: RegionColumn,
  counted: Bilingual,
  concentration: Bilingual,
  leadFormula: Bilingual,
  chokepoints: Type.Array(
    Type.Object({
      id: Uuid,
      segment: Type.Object({ key: Type.String(), name: Type.String(), stage: Nullable(StringEnum(STAGES)), inCurrentVersion: Type.Boolean() }),
      technology: Nullable(Type.String()),
      importDependency: Nullable(Type.Number({ description: '% of demand met by imports' })),
      domesticSuppliers: Nullable(Type.Integer()),
      note: Nullable(Type.String()),
      source: Type.String(),
      suppliers: Type.Integer({ description: 'Enterprises linked to the segment (all regions)' }),
      regionSuppliers: Type.Integer(),
      hhi: Type.Integer({ description: 'Herfindahl–Hirschman index, 0–10,000' }),
      concentration: StringEnum(['none', 'low', 'moderate', 'high'] as const),
      singleSupplier: Type.Boolean(),
      leads: Type.Array(ChokepointLead, { description: '联合攻关 leads in the region, best first' }),
    }),
  ),
});
export type Chokepoints = Static<typeof Chokepoints>;

export const ChokepointBody = Type.Object({
  segmentKey: Type.String({ minLength: 1 }),
  technology: Type.Optional(Nullable(Type.String())),
  importDependency: Type.Optional(Nullable(Type.Number())),
  domesticSuppliers: Type.Optional(Nullable(Type.Integer())),
  note: Type.Optional(Nullable(Type.String())),
  source: Type.String(),
});

const TargetStatusSchema = StringEnum(['lead', 'contact', 'signed', 'landed', 'dropped'] as const);
export const TargetsBody = Type.Object({
  planId: Uuid,
  title: Type.Optional(Type.String({ maxLength: 500, description: 'The task’s title (default: the chain and the segments)' })),
  targets: Type.Array(Type.Object({ uscc: Type.String(), segmentKey: Type.String() }), { description: 'The chosen candidates' }),
});
export const TargetsCreated = Type.Object({
  taskId: Uuid,
  targets: Type.Array(Type.Object({ id: Uuid, uscc: Type.String(), name: Type.String(), segmentKey: Type.String(), status: TargetStatusSchema })),
});
export const TargetMoveBody = Type.Object({
  regionCode: Type.String({ description: 'The region the target is kept under (its plan’s)' }),
  status: TargetStatusSchema,
  amount: Type.Optional(Type.Number({ minimum: 0, description: 'The project’s amount (万元), at 签约' })),
  signedOn: Type.Optional(Type.String({ description: 'YYYY-MM-DD (default today)' })),
});
export const TargetMoved = Type.Object({ id: Uuid, status: TargetStatusSchema, projectId: Nullable(Uuid) });

export const TargetsQuery = Type.Object({
  region: Type.Optional(Type.String({ description: 'Whose targets: one code or group (default jjj: the targets kept under any region in it)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, description: 'At most this many, newest first (default 500)' })),
});
export const ChainTargets = Type.Object({
  chain: Type.Object({ id: Uuid, name: Type.String() }),
  region: RegionColumn,
  statuses: Type.Object({ lead: Bilingual, contact: Bilingual, signed: Bilingual, landed: Bilingual, dropped: Bilingual }, { description: 'The names of the statuses' }),
  targets: Type.Array(
    Type.Object({
      id: Uuid,
      regionCode: Type.String({ description: 'The region it is kept under (its plan’s): send it back when moving it' }),
      segment: Type.Object({ key: Type.String(), name: Nullable(Type.String({ description: 'Null when the segment left the current version' })) }),
      uscc: Nullable(Type.String()),
      name: Type.String(),
      enterpriseRegion: Type.String(),
      score: Type.Number(),
      reasons: Type.Array(Type.String()),
      status: TargetStatusSchema,
      next: Type.Array(TargetStatusSchema, { description: 'The statuses it may move to' }),
      taskId: Nullable(Uuid),
      projectId: Nullable(Uuid),
      createdAt: Type.String(),
      updatedAt: Type.String(),
    }),
  ),
});
export type ChainTargets = Static<typeof ChainTargets>;
