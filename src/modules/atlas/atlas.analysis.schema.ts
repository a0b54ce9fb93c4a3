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
