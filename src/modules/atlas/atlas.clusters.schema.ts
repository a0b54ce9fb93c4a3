import { Type, type Static } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';
import { STAGES } from './atlas.chain-format.domain.ts';
import { CLUSTER_INDICATOR_KEYS, CLUSTER_LEVEL_KEYS, ZONE_KIND_KEYS } from './atlas.clusters.domain.ts';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const Text = (description: string, maxLength = 200) => Type.String({ description, maxLength });

export const ZoneKind = StringEnum(ZONE_KIND_KEYS);
export const ClusterLevel = StringEnum(CLUSTER_LEVEL_KEYS);
export const ClusterIndicator = StringEnum(CLUSTER_INDICATOR_KEYS);

const Focus = Type.Object({ chainId: Type.String({ description: 'A chain’s id' }), segmentKeys: Type.Array(Type.String(), { maxItems: 500, description: 'Segment keys of its current version (none: the whole chain)' }) });

/** A carrier zone as written: ids and codes are strings, checked by the service so that it names what is wrong. */
export const ZoneBody = Type.Object({
  name: Text('载体名称, e.g. 天津滨海新区'),
  nameEn: Type.Optional(Nullable(Text('English name'))),
  kind: ZoneKind,
  regionCode: Type.String({ description: 'The 6-digit code of the region it lies in (its main district)' }),
  districtCodes: Type.Optional(Type.Array(Type.String(), { maxItems: 50, description: 'Further districts it spans' })),
  lat: Type.Optional(Nullable(Type.Number({ description: 'Centre, WGS-84 degrees' }))),
  lng: Type.Optional(Nullable(Type.Number())),
  radiusKm: Type.Optional(Nullable(Type.Number({ description: 'With a centre: only enterprises within this radius count' }))),
  focus: Type.Optional(Type.Array(Focus, { maxItems: 20 })),
  note: Type.Optional(Nullable(Text('Note', 2000))),
});
export type ZoneBody = Static<typeof ZoneBody>;

export const Zone = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  regionName: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  kind: ZoneKind,
  kindName: Bilingual,
  districtCodes: Type.Array(Type.String()),
  districts: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), { description: 'Every region the zone takes in (its own first)' }),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  radiusKm: Nullable(Type.Number()),
  focus: Type.Array(Type.Object({ chainId: Uuid, chainName: Type.String(), segments: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })) })),
  note: Nullable(Type.String()),
  clusters: Type.Array(Type.Object({ id: Uuid, name: Type.String() }), { description: 'The clusters that grow around it' }),
  updatedAt: DateTime,
  canEdit: Type.Boolean({ description: 'Whether the caller may edit or delete it' }),
});
export type Zone = Static<typeof Zone>;

const Leading = Type.Object({ uscc: Type.Optional(Nullable(Type.String({ description: '统一社会信用代码, when known' }))), name: Text('Enterprise name') });
const Target = Type.Object({
  indicator: ClusterIndicator,
  value: Type.Number({ description: 'The figure aimed at' }),
  unit: Type.Optional(Text('Unit; default the indicator’s usual one (亿元, 家, 件)', 20)),
  year: Type.Integer({ description: 'The year it is aimed for' }),
});

export const ClusterBody = Type.Object({
  name: Text('集群名称'),
  nameEn: Type.Optional(Nullable(Text('English name'))),
  regionCode: Type.String({ description: 'The 6-digit code of the region that keeps it' }),
  level: ClusterLevel,
  chainIds: Type.Array(Type.String(), { maxItems: 20, description: 'The chains it covers (at least one)' }),
  zoneIds: Type.Array(Type.String(), { maxItems: 50, description: 'The carrier zones it grows around (at least one)' }),
  leading: Type.Optional(Type.Array(Leading, { maxItems: 100, description: '链主 enterprises' })),
  targets: Type.Optional(Type.Array(Target, { maxItems: 50 })),
  description: Type.Optional(Nullable(Text('Description', 4000))),
  promotionBody: Type.Optional(Nullable(Text('The cluster development organisation (集群发展促进机构), when there is one', 200))),
});
export type ClusterBody = Static<typeof ClusterBody>;

const Counts = {
  enterprises: Type.Integer(),
  leading: Type.Integer({ description: '链主/龙头' }),
  specialised: Type.Integer({ description: '专精特新, 小巨人 included' }),
  littleGiants: Type.Integer({ description: '专精特新“小巨人”' }),
};

export const ClusterSummary = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  regionName: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  level: ClusterLevel,
  levelName: Bilingual,
  chains: Type.Array(Type.Object({ id: Uuid, name: Type.String(), covered: Type.Integer({ description: 'Leaf segments covered' }), segments: Type.Integer({ description: 'Leaf segments' }) })),
  zones: Type.Array(Type.Object({ id: Uuid, name: Type.String(), kind: ZoneKind })),
  leading: Type.Array(Type.Object({ uscc: Nullable(Type.String()), name: Type.String() })),
  targets: Type.Array(Type.Object({ indicator: ClusterIndicator, name: Bilingual, value: Type.Number(), unit: Type.String(), year: Type.Integer() })),
  description: Nullable(Type.String()),
  promotionBody: Nullable(Type.String({ description: '集群发展促进机构' })),
  totals: Type.Object(Counts),
  asOf: Nullable(Type.String({ description: 'The latest as-of date (YYYY-MM-DD) of the links counted' })),
  updatedAt: DateTime,
  canEdit: Type.Boolean(),
});
export type ClusterSummary = Static<typeof ClusterSummary>;

export const ClusterQuery = Type.Object({
  confirmedOnly: Type.Optional(Type.Boolean({ description: 'Count confirmed links only (default: confirmed and uncertain; rejected never)' })),
});

export const ClusterDetail = Type.Object({
  ...ClusterSummary.properties,
  counted: Bilingual,
  formula: Bilingual,
  confirmedOnly: Type.Boolean(),
  zoneFigures: Type.Array(Type.Object({ id: Uuid, name: Type.String(), kind: ZoneKind, regionCode: Type.String(), regionName: Type.String({ description: 'The region’s name (海淀区), its code when the regions table lacks it' }), ...Counts })),
  chainFigures: Type.Array(
    Type.Object({
      id: Uuid,
      key: Type.String(),
      name: Type.String(),
      version: Type.Integer(),
      share: Type.Number({ description: 'Share of the leaf segments covered (0–1)' }),
      ...Counts,
      segments: Type.Array(
        Type.Object({
          key: Type.String(),
          parent: Nullable(Type.String()),
          stage: StringEnum(STAGES),
          name: Type.String(),
          leaf: Type.Boolean(),
          covered: Type.Boolean(),
          focus: Type.Boolean({ description: 'A focus segment of one of the cluster’s zones' }),
          ...Counts,
          score: Type.Integer({ description: 'Strength score 0–100 (the coverage matrix’s formula)' }),
          level: StringEnum(['absent', 'weak', 'medium', 'strong'] as const),
          asOf: Nullable(Type.String()),
        }),
      ),
      covered: Type.Array(Type.Object({ key: Type.String(), name: Type.String() }), { description: 'Leaf segments with at least one enterprise' }),
      missing: Type.Array(Type.Object({ key: Type.String(), name: Type.String() }), { description: 'Leaf segments with none' }),
    }),
  ),
  enterprises: Type.Object({
    total: Type.Integer(),
    items: Type.Array(
      Type.Object({
        uscc: Nullable(Type.String()),
        name: Type.String(),
        regionCode: Type.String(),
        tags: Type.Array(Type.String()),
        zones: Type.Array(Type.String({ description: 'Zone names' })),
        segments: Type.Array(Type.Object({ chainId: Uuid, key: Type.String(), name: Type.String() })),
        asOf: Type.String(),
      }),
      { description: 'Leading enterprises first, then by name (pinyin); at most 500' },
    ),
  }),
});
export type ClusterDetail = Static<typeof ClusterDetail>;

/** The exchange file of clusters and zones (docs/atlas-clusters.md): chains by key, zones by name. */
export const ClusterFile = Type.Object({
  format: Type.Literal('luoshi-atlas-clusters'),
  formatVersion: Type.Literal(1),
  zones: Type.Array(
    Type.Object({
      name: Type.String(),
      nameEn: Type.Optional(Nullable(Type.String())),
      kind: Type.String(),
      regionCode: Type.String(),
      districtCodes: Type.Optional(Type.Array(Type.String())),
      lat: Type.Optional(Nullable(Type.Number())),
      lng: Type.Optional(Nullable(Type.Number())),
      radiusKm: Type.Optional(Nullable(Type.Number())),
      focus: Type.Optional(Type.Array(Type.Object({ chain: Type.String({ description: 'Chain key' }), segmentKeys: Type.Array(Type.String()) }))),
      note: Type.Optional(Nullable(Type.String())),
    }),
  ),
  clusters: Type.Array(
    Type.Object({
      name: Type.String(),
      nameEn: Type.Optional(Nullable(Type.String())),
      regionCode: Type.String(),
      level: Type.String(),
      chains: Type.Array(Type.String({ description: 'Chain keys' })),
      zones: Type.Array(Type.Object({ regionCode: Type.String(), name: Type.String() })),
      leading: Type.Optional(Type.Array(Leading)),
      targets: Type.Optional(Type.Array(Type.Object({ indicator: Type.String(), value: Type.Number(), unit: Type.Optional(Type.String()), year: Type.Integer() }))),
      description: Type.Optional(Nullable(Type.String())),
      promotionBody: Type.Optional(Nullable(Type.String())),
    }),
  ),
});
export type ClusterFile = Static<typeof ClusterFile>;

export const ClusterImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ description: 'Check the file; write nothing' })) });
export const ClusterImportResult = Type.Object({
  dryRun: Type.Boolean(),
  zones: Type.Object({ created: Type.Integer(), updated: Type.Integer() }),
  clusters: Type.Object({ created: Type.Integer(), updated: Type.Integer() }),
});
export type ClusterImportResult = Static<typeof ClusterImportResult>;
