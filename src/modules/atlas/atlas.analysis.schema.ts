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
