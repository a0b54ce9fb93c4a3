import { Type, type Static } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';
import { ChainChangesSchema } from './atlas.chain-edit.schema.ts';
import { VERSION_ORIGINS } from './atlas.chain-versions.domain.ts';

export const VersionParams = Type.Object({ id: Uuid, version: Type.Integer({ minimum: 1 }) });
export const VersionChangesQuery = Type.Object({
  against: Type.Optional(Type.Integer({ minimum: 1, description: 'The version to compare with; the one before by default' })),
});

/** How many of each kind of change a version made, against the version before. */
export const ChangeCounts = Type.Object({
  chainChanged: Type.Integer(),
  segmentsAdded: Type.Integer(),
  segmentsRemoved: Type.Integer(),
  segmentsRenamed: Type.Integer(),
  segmentsMoved: Type.Integer(),
  segmentsChanged: Type.Integer(),
  edgesAdded: Type.Integer(),
  edgesRemoved: Type.Integer(),
});

/** One version of a chain in its history. */
export const ChainVersionSummary = Type.Object({
  version: Type.Integer(),
  label: Nullable(Type.String({ description: "The publisher's label of the version" })),
  madeAt: DateTime,
  madeBy: Nullable(Type.String({ description: 'Who made it (the name in the audit log)' })),
  /** How it was made: a file import, the copy of a shared definition (adapt), an edit on the map, or a review of the shared definition's changes; null when the audit log does not say. */
  origin: Nullable(StringEnum(VERSION_ORIGINS)),
  segmentCount: Type.Integer(),
  edgeCount: Type.Integer(),
  /** Null for the first version. */
  changeCounts: Nullable(ChangeCounts),
});
export type ChainVersionSummary = Static<typeof ChainVersionSummary>;

/** The changes of one version against another (the one before by default). */
export const ChainVersionChanges = Type.Object({
  version: Type.Integer(),
  against: Nullable(Type.Integer({ description: 'Null for the first version: its changes are everything it holds' })),
  changes: ChainChangesSchema,
});
export type ChainVersionChanges = Static<typeof ChainVersionChanges>;
