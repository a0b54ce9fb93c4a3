import { Type, type Static } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';
import { STAGES } from './atlas.chain-format.domain.ts';
import { ChainChangesSchema } from './atlas.chain-edit.schema.ts';

export const IdParams = Type.Object({ id: Uuid });
/** A chain export: the JSON exchange file (default) or an Excel workbook of it. */
export const ChainExportQuery = Type.Object({ format: Type.Optional(StringEnum(['json', 'xlsx'] as const)) });

/** A chain's fields as both its list row and its page carry them. */
const ChainFields = {
  id: Uuid,
  regionCode: Type.String({ description: "The region keeping the chain; '000000' for the shared definition" }),
  key: Type.String({ description: 'The chain id of the exchange format' }),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  version: Type.Integer(),
  segmentCount: Type.Integer(),
  edgeCount: Type.Integer(),
  updatedAt: DateTime,
};

/** A chain in the list: its current version's size, and its keeping region's name. */
export const ChainSummary = Type.Object({
  ...ChainFields,
  regionName: Nullable(Type.String({ description: 'The keeping region’s name (天津市), to tell a region’s adapted copy from the shared chain of the same name; null for the shared definition' })),
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
  ...ChainFields,
  label: Nullable(Type.String({ description: "The publisher's label of the version" })),
  description: Nullable(Type.String()),
  sources: Type.Array(Type.Object({ title: Type.String(), url: Type.Optional(Type.String()), note: Type.Optional(Type.String()) })),
  segments: Type.Array(SegmentResponse),
  edges: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), note: Nullable(Type.String()) })),
  canEdit: Type.Boolean({ description: 'Whether the caller may edit the chain (POST /api/atlas/chains/:id/edits)' }),
  adaptedFrom: Nullable(
    Type.Object(
      {
        chainId: Uuid,
        key: Type.String(),
        name: Type.String(),
        nameEn: Nullable(Type.String()),
        version: Type.Integer({ description: 'The shared version the adaptation was copied from or last reviewed against' }),
        currentVersion: Type.Integer({ description: 'The shared chain’s current version' }),
        changes: ChainChangesSchema,
      },
      { description: 'For a region’s adaptation: the shared chain it adapts, and what changed there since (empty when nothing did)' },
    ),
  ),
  adaptation: Nullable(Type.Object({ id: Uuid, version: Type.Integer() }, { description: 'For a shared chain: the caller’s region’s adaptation of it, if any' })),
  canAdapt: Type.Boolean({ description: 'Whether the caller may adapt this shared chain for their region now (POST /api/atlas/chains/:id/adapt)' }),
});
export type ChainDetail = Static<typeof ChainDetail>;

export const ChainAdaptResult = Type.Object({
  chainId: Uuid,
  regionCode: Type.String(),
  version: Type.Integer({ description: 'The adaptation’s version written' }),
  adaptedFrom: Type.Object({ chainId: Uuid, version: Type.Integer() }),
});
export type ChainAdaptResult = Static<typeof ChainAdaptResult>;

export const ChainReviewBody = Type.Object({
  sourceVersion: Type.Integer({ minimum: 1, description: 'The shared chain’s version reviewed (its current one); another makes this a 409' }),
});
