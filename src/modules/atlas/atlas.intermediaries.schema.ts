import { Type, type Static } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../../lib/typebox.ts';
import { INTERMEDIARY_KIND_KEYS, MEMBER_ROLE_KEYS } from './atlas.intermediaries.domain.ts';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const Text = (description: string, maxLength = 200) => Type.String({ description, maxLength });

export const IntermediaryKind = StringEnum(INTERMEDIARY_KIND_KEYS);
export const MemberRole = StringEnum(MEMBER_ROLE_KEYS);

/** An intermediary as written: ids, codes and the USCC are strings, checked by the service so that it names what is wrong. */
export const IntermediaryBody = Type.Object({
  name: Text('名称, e.g. 天津市新能源汽车产业联盟'),
  kind: IntermediaryKind,
  regionCode: Type.String({ description: 'The 6-digit code of the region it is registered in' }),
  uscc: Type.Optional(Nullable(Type.String({ description: 'Its own 统一社会信用代码, when it has one (a 社会团体’s starts with 5)', maxLength: 40 }))),
  contact: Type.Optional(Nullable(Text('Contact: a person, a phone or an address to write to'))),
  address: Type.Optional(Nullable(Text('Address'))),
  website: Type.Optional(Nullable(Text('Website (http or https)'))),
  chainIds: Type.Optional(Type.Array(Type.String(), { maxItems: 30, description: 'The chains it serves' })),
  clusterIds: Type.Optional(Type.Array(Type.String(), { maxItems: 30, description: 'The clusters it serves' })),
  note: Type.Optional(Nullable(Text('Note', 2000))),
});
export type IntermediaryBody = Static<typeof IntermediaryBody>;

export const IntermediaryQuery = Type.Object({
  chain: Type.Optional(Type.String({ description: 'Serving this chain (by naming it or through a cluster it serves)' })),
  cluster: Type.Optional(Type.String({ description: 'Serving this cluster' })),
  kind: Type.Optional(IntermediaryKind),
  region: Type.Optional(Type.String({ description: 'Registered in this region or a region within it (6-digit code)' })),
  q: Type.Optional(Type.String({ description: 'Part of its name', maxLength: 100 })),
});
export type IntermediaryQuery = Static<typeof IntermediaryQuery>;

const Served = Type.Object({ id: Uuid, name: Type.String() });

export const IntermediarySummary = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  regionName: Type.String(),
  name: Type.String(),
  kind: IntermediaryKind,
  kindName: Bilingual,
  uscc: Nullable(Type.String()),
  contact: Nullable(Type.String()),
  address: Nullable(Type.String()),
  website: Nullable(Type.String()),
  chains: Type.Array(Served, { description: 'The chains it serves (current names)' }),
  clusters: Type.Array(Served, { description: 'The clusters it serves' }),
  note: Nullable(Type.String()),
  memberCount: Type.Integer(),
  updatedAt: DateTime,
  canEdit: Type.Boolean({ description: 'Whether the caller may edit it, its members, or delete it' }),
});
export type IntermediarySummary = Static<typeof IntermediarySummary>;

export const Member = Type.Object({
  uscc: Type.String(),
  role: MemberRole,
  roleName: Bilingual,
  since: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
  enterprise: Nullable(
    Type.Object({ id: Uuid, regionCode: Type.String(), regionName: Type.String(), name: Type.String(), tags: Type.Array(Type.String()) }, { description: 'The directory’s enterprise; null when it no longer holds the code' }),
  ),
});
export type Member = Static<typeof Member>;

export const IntermediaryDetail = Type.Object({
  ...IntermediarySummary.properties,
  members: Type.Array(Member, { description: 'By role (会长 first), then by name' }),
});
export type IntermediaryDetail = Static<typeof IntermediaryDetail>;

export const MemberBody = Type.Object({
  uscc: Type.String({ description: 'The member enterprise’s 统一社会信用代码 (it must be in the directory)', maxLength: 40 }),
  role: Type.Optional(MemberRole),
  since: Type.Optional(Nullable(Type.String({ description: 'Member since (YYYY-MM-DD)' }))),
});
export type MemberBody = Static<typeof MemberBody>;

/** Changes to a member: the role and date joined given replace its own. */
export const MemberPatch = Type.Object({
  role: Type.Optional(MemberRole),
  since: Type.Optional(Nullable(Type.String({ description: 'Member since (YYYY-MM-DD); null clears it' }))),
});
export type MemberPatch = Static<typeof MemberPatch>;

export const MemberParams = Type.Object({ id: Type.String({ description: 'The intermediary’s id' }), uscc: Type.String({ description: 'The member’s USCC' }) });

export const MemberImportQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ description: 'Check the file; write nothing' })),
  fileName: Type.Optional(Type.String({ description: 'The file’s name (.csv or .xlsx), for its type and the messages', maxLength: 200 })),
});
export const MemberImportResult = Type.Object({
  dryRun: Type.Boolean(),
  rows: Type.Integer({ description: 'Member rows read' }),
  added: Type.Integer(),
  updated: Type.Integer({ description: 'Members already there whose role or date the file sets' }),
});
export type MemberImportResult = Static<typeof MemberImportResult>;

export const MembershipQuery = Type.Object({ uscc: Type.String({ description: 'An enterprise’s USCC', maxLength: 40 }) });
export const Membership = Type.Object({
  intermediary: Type.Object({ id: Uuid, name: Type.String(), kind: IntermediaryKind, kindName: Bilingual, regionCode: Type.String(), regionName: Type.String() }),
  role: MemberRole,
  roleName: Bilingual,
  since: Nullable(Type.String()),
});
export type Membership = Static<typeof Membership>;

export const GapChannelsQuery = Type.Object({
  region: Type.Optional(Type.String({ description: 'Region code or group (jjj, yrd, gba); default jjj — as the 堵点 page' })),
  benchmark: Type.Optional(Type.String({ description: 'Benchmark region or group; default yrd' })),
  confirmedOnly: Type.Optional(Type.Boolean()),
  candidates: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, description: 'Candidates per gap considered (default 5, as the 堵点 page shows)' })),
});

export const GapChannels = Type.Object({
  chainId: Uuid,
  gaps: Type.Array(
    Type.Object({
      segmentKey: Type.String(),
      channels: Type.Array(
        Type.Object({
          intermediary: Type.Object({ id: Uuid, name: Type.String(), kind: IntermediaryKind, kindName: Bilingual, regionCode: Type.String(), regionName: Type.String(), contact: Nullable(Type.String()) }),
          members: Type.Array(Type.Object({ uscc: Type.String(), name: Type.String(), role: MemberRole, roleName: Bilingual }), { description: 'The gap’s candidates among its members' }),
        }),
      ),
    }),
    { description: 'Every gap of the 堵点 page, in its order, with the intermediaries (对接渠道) through which its candidates can be reached' },
  ),
});
export type GapChannels = Static<typeof GapChannels>;
