import { Type, type Static } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';
import { STAGES } from './atlas.chain-format.domain.ts';

export const IdParams = Type.Object({ id: Uuid });

/** A chain in the list: its current version's size. */
export const ChainSummary = Type.Object({
  id: Uuid,
  regionCode: Type.String({ description: "The region keeping the chain; '000000' for the shared definition" }),
  key: Type.String({ description: 'The chain id of the exchange format' }),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  version: Type.Integer(),
  segmentCount: Type.Integer(),
  edgeCount: Type.Integer(),
  updatedAt: DateTime,
});
export type ChainSummary = Static<typeof ChainSummary>;

export const SegmentResponse = Type.Object({
  key: Type.String(),
  parent: Nullable(Type.String()),
  stage: StringEnum(STAGES),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  description: Nullable(Type.String()),
  industryCodes: Type.Array(Type.String()),
  products: Type.Array(Type.String()),
  technologies: Type.Array(Type.String()),
});

/** A chain's current version: its segments (parents first) and supply edges. */
export const ChainDetail = Type.Object({
  ...ChainSummary.properties,
  label: Nullable(Type.String({ description: "The publisher's label of the version" })),
  description: Nullable(Type.String()),
  sources: Type.Array(Type.Object({ title: Type.String(), url: Type.Optional(Type.String()), note: Type.Optional(Type.String()) })),
  segments: Type.Array(SegmentResponse),
  edges: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), note: Nullable(Type.String()) })),
  canEdit: Type.Boolean({ description: 'Whether the caller may edit the chain (POST /api/atlas/chains/:id/edits)' }),
});
export type ChainDetail = Static<typeof ChainDetail>;
