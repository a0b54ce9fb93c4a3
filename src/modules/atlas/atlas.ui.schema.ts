import { Type, type Static } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';

const Region = Type.String({ pattern: '^[0-9]{6}$' });
const DateOnly = Type.String({ format: 'date' });
export const DECISIONS = ['confirmed', 'uncertain', 'rejected'] as const;
export const EVIDENCE = ['strong', 'medium', 'weak'] as const;

export const EnterpriseQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Name, product or tag; two Chinese characters are enough' })),
  region: Type.Optional(Region),
  tag: Type.Optional(Type.String({ maxLength: 50 })),
  chain: Type.Optional(Uuid),
  segment: Type.Optional(Type.String({ maxLength: 100, description: 'A segment key of `chain` (its sub-segments included)' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type EnterpriseQuery = Static<typeof EnterpriseQuery>;

export const EnterpriseItem = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  uscc: Nullable(Type.String()),
  name: Type.String(),
  address: Nullable(Type.String()),
  sizeBand: Nullable(Type.String()),
  employees: Nullable(Type.Integer()),
  tags: Type.Array(Type.String()),
  mainProducts: Type.Array(Type.String()),
  foundedOn: Nullable(DateOnly),
  updatedAt: DateTime,
});
export type EnterpriseItem = Static<typeof EnterpriseItem>;

export const EnterprisePage = Type.Object({
  items: Type.Array(EnterpriseItem),
  total: Type.Integer({ description: 'Matches, counted up to `totalCapped`' }),
  totalCapped: Type.Boolean({ description: 'More match than `total`' }),
  offset: Type.Integer(),
  limit: Type.Integer(),
});
export type EnterprisePage = Static<typeof EnterprisePage>;

export const EnterpriseParams = Type.Object({ region: Region, id: Uuid });
export const LinkParams = Type.Object({ region: Region, id: Uuid, chain: Uuid, segment: Type.String({ minLength: 1, maxLength: 100 }) });

export const LinkResponse = Type.Object({
  chainId: Uuid,
  chainName: Nullable(Type.String()),
  segmentKey: Type.String(),
  segmentName: Nullable(Type.String({ description: "Null when the chain's current version no longer has the segment" })),
  evidence: StringEnum(EVIDENCE),
  source: Type.String(),
  asOf: DateOnly,
  decision: StringEnum(DECISIONS),
  note: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  updatedAt: DateTime,
});
export type LinkResponse = Static<typeof LinkResponse>;

export const EnterpriseDetail = Type.Object({
  ...EnterpriseItem.properties,
  links: Type.Array(LinkResponse),
  abilities: Type.Object({ decide: Type.Boolean() }),
});
export type EnterpriseDetail = Static<typeof EnterpriseDetail>;

export const LinkDecisionBody = Type.Object({
  decision: StringEnum(DECISIONS),
  note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});

export const NewLinkBody = Type.Object({
  chainId: Uuid,
  segmentKey: Type.String({ minLength: 1, maxLength: 100 }),
  evidence: StringEnum(EVIDENCE),
  source: Type.String({ minLength: 1, maxLength: 500, description: 'Where the evidence comes from (专利检索, 招标公告, 现场走访 …)' }),
  asOf: DateOnly,
  decision: Type.Optional(StringEnum(DECISIONS)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});
export type NewLinkBody = Static<typeof NewLinkBody>;

export const RegionQuery = Type.Object({ region: Type.Optional(Region) });

export const SegmentCounts = Type.Object({
  region: Nullable(Type.String()),
  asOf: Nullable(DateOnly),
  counted: Type.Object({ zh: Type.String(), en: Type.String() }, { description: 'What the counts count, to show beside them' }),
  segments: Type.Array(
    Type.Object({
      key: Type.String(),
      total: Type.Integer({ description: 'Distinct enterprises linked anywhere by a confirmed or uncertain link (rejected links not counted), sub-segments included' }),
      inRegion: Type.Integer({ description: 'Of those, in the region and its descendants (everywhere when no region is given)' }),
      confirmed: Type.Integer({ description: 'Of those in the region, enterprises with a confirmed link' }),
    }),
  ),
});
export type SegmentCounts = Static<typeof SegmentCounts>;

export const SegmentParams = Type.Object({ id: Uuid, key: Type.String({ minLength: 1, maxLength: 100 }) });
export const SegmentEnterprisesQuery = Type.Object({ region: Type.Optional(Region), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) });
export const SegmentEnterprises = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      regionCode: Type.String(),
      regionName: Nullable(Type.String()),
      uscc: Nullable(Type.String()),
      name: Type.String(),
      tags: Type.Array(Type.String()),
      mainProducts: Type.Array(Type.String()),
      segmentKey: Type.String(),
      evidence: StringEnum(EVIDENCE),
      source: Type.String(),
      asOf: DateOnly,
      decision: StringEnum(DECISIONS),
      note: Nullable(Type.String()),
    }),
  ),
});
export type SegmentEnterprises = Static<typeof SegmentEnterprises>;

/** Enterprises whose main products hold a segment's words and that are not linked to it (atlas.segment-proposals.service.ts). */
export const SegmentProposals = Type.Object({
  /** The segment's words searched: its key products and technologies, and a leaf's name. */
  words: Type.Array(Type.String()),
  items: Type.Array(
    Type.Object({
      id: Uuid,
      regionCode: Type.String(),
      regionName: Nullable(Type.String()),
      name: Type.String(),
      mainProducts: Type.Array(Type.String()),
      tags: Type.Array(Type.String()),
      /** The words its products hold. */
      words: Type.Array(Type.String()),
    }),
  ),
  abilities: Type.Object({ link: Type.Boolean() }),
});
export type SegmentProposals = Static<typeof SegmentProposals>;
export const LinkProposalsBody = Type.Object({
  enterprises: Type.Array(Type.Object({ regionCode: Type.String({ pattern: '^[0-9]{6}$' }), id: Uuid }), { minItems: 1, maxItems: 200 }),
});
export type LinkProposalsBody = Static<typeof LinkProposalsBody>;
export const LinkProposalsResult = Type.Object({ linked: Type.Integer(), skipped: Type.Integer() });

export const DryRunQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false })) });

const Change = Type.Record(Type.String(), Type.Unknown());
export const ChainImportResponse = Type.Object({
  dryRun: Type.Boolean(),
  chain: Type.Object({ id: Type.String(), key: Type.String(), name: Type.String(), regionCode: Type.String() }),
  version: Type.Integer(),
  created: Type.Boolean(),
  unchanged: Type.Boolean(),
  segments: Type.Integer(),
  edges: Type.Integer(),
  changes: Nullable(
    Type.Object({
      chainChanged: Type.Array(Change),
      segmentsAdded: Type.Array(Change),
      segmentsRemoved: Type.Array(Change),
      segmentsRenamed: Type.Array(Change),
      segmentsMoved: Type.Array(Change),
      segmentsChanged: Type.Array(Change),
      edgesAdded: Type.Array(Change),
      edgesRemoved: Type.Array(Change),
    }),
  ),
});

export const ENTERPRISE_FILE_FIELDS = ['name', 'uscc', 'region', 'address', 'size', 'employees', 'tags', 'products', 'founded'] as const;

export const FilePreview = Type.Object({
  upload: Type.String({ description: 'The uploaded file, kept for the import that follows (an hour)' }),
  fileName: Type.String(),
  encoding: Nullable(Type.String()),
  headerRow: Type.Integer({ description: 'The row taken as the header (1-based); the first row when none was recognised' }),
  header: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Type.String()), { description: 'The first data rows' }),
  mapping: Type.Record(Type.String(), Type.Integer(), { description: 'Field → column index, as the header was recognised' }),
  fields: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String(), required: Type.Boolean(), place: Type.Boolean() })),
});
export type FilePreview = Static<typeof FilePreview>;

export const ImportStart = Type.Object({
  upload: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
  dryRun: Type.Boolean(),
  headerRow: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  mapping: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: 1000 }))),
  /** Propose links (uncertain) from the main products of rows that name no chain or segment. */
  proposeLinks: Type.Optional(Type.Boolean()),
});
export type ImportStart = Static<typeof ImportStart>;

export const ImportJob = Type.Object({
  id: Type.String(),
  status: StringEnum(['running', 'done', 'failed'] as const),
  dryRun: Type.Boolean(),
  fileName: Type.String(),
  bytes: Type.Integer(),
  totalBytes: Type.Integer(),
  rows: Type.Integer(),
  result: Nullable(Type.Object({ rows: Type.Integer(), imported: Type.Integer(), links: Type.Optional(Type.Integer()), headerRow: Type.Integer(), encoding: Nullable(Type.String()), columns: Type.Record(Type.String(), Type.String()),
    regions: Type.Optional(Type.Object({ fromUscc: Type.Integer(), fromAddress: Type.Integer(), within: Type.Integer() })),
    proposed: Type.Optional(Type.Object({ rows: Type.Integer(), links: Type.Integer() })) })),
  error: Nullable(Type.Object({ message: Type.String(), issues: Type.Array(Type.Object({ row: Type.Optional(Type.Integer()), field: Type.String(), message: Type.String() })) })),
});
export type ImportJob = Static<typeof ImportJob>;
export const JobParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
