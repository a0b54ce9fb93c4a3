import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from '../../lib/typebox.ts';
import { STAGES } from './atlas.chain-format.domain.ts';
import { CHAIN_FIELDS } from './atlas.chain-diff.domain.ts';

const Key = Type.String({ minLength: 1, maxLength: 100, description: 'A segment id of the chain' });
const List = Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 });
const Fields = {
  name: Type.Optional(Type.String({ maxLength: 200, description: 'Name in Chinese' })),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  industryCodes: Type.Optional(Type.Array(Type.String({ maxLength: 4 }), { maxItems: 50, description: 'GB/T 4754-2017 codes' })),
  products: Type.Optional(List),
  technologies: Type.Optional(List),
};

/** One change of the map's editor (atlas.chain-edit.domain.ts); a batch makes one new version of the chain. */
export const ChainEditSchema = Type.Union([
  Type.Object({
    op: Type.Literal('addSegment'),
    segment: Type.Object({
      ...Fields,
      name: Type.String({ maxLength: 200 }),
      key: Type.Optional(Type.String({ maxLength: 100, description: 'The new segment’s id (default: made from its parent’s or stage’s)' })),
      parent: Type.Optional(Nullable(Key)),
      stage: Type.Optional(StringEnum(STAGES)),
    }),
  }),
  Type.Object({ op: Type.Literal('updateSegment'), key: Key, set: Type.Object(Fields) }),
  Type.Object({ op: Type.Literal('moveSegment'), key: Key, parent: Nullable(Key), stage: Type.Optional(StringEnum(STAGES)) }),
  Type.Object({ op: Type.Literal('removeSegment'), key: Key }),
  Type.Object({ op: Type.Literal('addEdge'), from: Key, to: Key, note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) }),
  Type.Object({ op: Type.Literal('removeEdge'), from: Key, to: Key }),
]);

export const ChainEditBody = Type.Object({
  baseVersion: Type.Integer({ minimum: 1, description: 'The version the editor started from; another editor’s newer version makes this a 409' }),
  edits: Type.Array(ChainEditSchema, { minItems: 1, maxItems: 500 }),
});
export type ChainEditBody = Static<typeof ChainEditBody>;

const Pair = Type.Object({ from: Type.String(), to: Type.String(), fromName: Type.Optional(Type.String()), toName: Type.Optional(Type.String()) });
/** What changed from one version to the next (atlas.chain-diff.domain.ts). */
export const ChainChangesSchema = Type.Object({
  chainChanged: Type.Array(Type.Object({ field: StringEnum(CHAIN_FIELDS), from: Nullable(Type.String()), to: Nullable(Type.String()) })),
  segmentsAdded: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), parent: Nullable(Type.String()), stage: StringEnum(STAGES) })),
  segmentsRemoved: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
  segmentsRenamed: Type.Array(Type.Object({ key: Type.String(), from: Type.String(), to: Type.String() })),
  segmentsMoved: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      fromParent: Nullable(Type.String()),
      toParent: Nullable(Type.String()),
      fromParentName: Type.Optional(Nullable(Type.String())),
      toParentName: Type.Optional(Nullable(Type.String())),
      fromStage: StringEnum(STAGES),
      toStage: StringEnum(STAGES),
    }),
  ),
  segmentsChanged: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), fields: Type.Array(Type.String()) })),
  edgesAdded: Type.Array(Pair),
  edgesRemoved: Type.Array(Pair),
});

export const ChainEditResult = Type.Object({
  chainId: Type.String(),
  version: Type.Integer({ description: 'The new version' }),
  unchanged: Type.Boolean({ description: 'The edits changed nothing: no version written' }),
  addedSegments: Type.Array(Type.String(), { description: 'The ids of the segments added (made here when not given)' }),
  changes: ChainChangesSchema,
});
export type ChainEditResult = Static<typeof ChainEditResult>;
