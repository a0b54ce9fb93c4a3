import { DateTime, Nullable as OrNull, StringEnum, Uuid as UuidString } from '../../lib/typebox.ts';
import { actionNames } from '../../lib/abilities.ts';
import { orgPolicy } from './org.policy.ts';
import { Type, type Static } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });

export const UnitKindSchema = StringEnum(['party', 'government', 'commission', 'bureau', 'office', 'district_government', 'association', 'enterprise', 'other']);
export const RoleSchema = StringEnum(['admin', 'supervisor', 'leader', 'unit_editor', 'unit_viewer']);

/** Body of POST /api/units. */
export const UnitCreateBody = Type.Object(
  {
    regionCode: Type.String({ pattern: '^[0-9]{6}$' }),
    parentId: Type.Union([Uuid, Type.Null()]),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    shortName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    aliases: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
    kind: UnitKindSchema,
    sortOrder: Type.Optional(Type.Integer()),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/** Body of PATCH /api/units/:id. */
export const UnitPatchBody = Type.Partial(
  Type.Object({ ...UnitCreateBody.properties, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
);

/** Body of POST /api/people. */
export const PersonBody = Type.Object(
  {
    regionCode: Type.String({ pattern: '^[0-9]{6}$' }),
    name: Type.String({ minLength: 1, maxLength: 50 }),
    title: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    unitId: Type.Union([Uuid, Type.Null()]),
    isLeader: Type.Optional(Type.Boolean()),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    sortOrder: Type.Optional(Type.Integer()),
    portfolioUnitIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
  },
  { additionalProperties: false },
);

const RoleGrant = Type.Object({ role: RoleSchema, unitId: Type.Optional(Type.Union([Uuid, Type.Null()])) }, { additionalProperties: false });

/** Body of POST /api/users. */
export const UserCreateBody = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64 }),
    displayName: Type.String({ minLength: 1, maxLength: 50 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    personId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    unitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')])),
    roles: Type.Optional(Type.Array(RoleGrant, { maxItems: 50 })),
    mustChangePassword: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/** Body of PATCH /api/users/:id. */
export const UserPatchBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    personId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    unitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const RolesBody = Type.Object({ roles: Type.Array(RoleGrant, { maxItems: 50 }) }, { additionalProperties: false });
export const PasswordBody = Type.Object(
  { newPassword: Type.String({ minLength: 1, maxLength: 200 }), currentPassword: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const IdParams = Type.Object({ id: Uuid });
export const AuditQueryString = Type.Object(
  {
    entity: Type.Optional(Type.String({ maxLength: 50 })),
    entityId: Type.Optional(Type.String({ maxLength: 100 })),
    actorUserId: Type.Optional(Uuid),
    action: Type.Optional(Type.String({ maxLength: 50 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type AuditQueryString = Static<typeof AuditQueryString>;

// ---- Responses. The web UI reads these shapes as types (Static<typeof …>); none is copied by hand. ----

const NullableUuid = OrNull(UuidString);
export const LocaleSchema = StringEnum(['zh-CN', 'en-US']);

/** What the caller may do with a unit, a person, an account: the action names of the org policy. */
export const UnitAbilitySchema = StringEnum(actionNames(orgPolicy.unit));
export const PersonAbilitySchema = StringEnum(actionNames(orgPolicy.person));
export const UserAbilitySchema = StringEnum(actionNames(orgPolicy.user));

/** A region of GET /api/regions. */
export const RegionResponse = Type.Object({
  code: Type.String(),
  name: Type.String(),
  short_name: OrNull(Type.String()),
  level: StringEnum(['province', 'prefecture', 'county', 'zone']),
  parent_code: OrNull(Type.String()),
  is_carrier_zone: Type.Boolean(),
  sort_order: Type.Integer(),
});

/** A unit with the caller's abilities on it. */
export const UnitResponse = Type.Object({
  id: UuidString,
  region_code: Type.String(),
  parent_id: NullableUuid,
  name: Type.String(),
  short_name: OrNull(Type.String()),
  aliases: Type.Array(Type.String()),
  kind: UnitKindSchema,
  sort_order: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
  updated_at: DateTime,
  abilities: Type.Array(UnitAbilitySchema),
});

/** A unit of the tree, with its sub-units (recursive). */
export const UnitNodeResponse = Type.Cyclic(
  { UnitNode: Type.Object({ ...UnitResponse.properties, children: Type.Array(Type.Ref('UnitNode')) }) },
  'UnitNode',
);

/** GET /api/units: the flat list, the tree, and whether the caller may create units. */
export const UnitListResponse = Type.Object({ units: Type.Array(UnitResponse), tree: Type.Array(UnitNodeResponse), canCreate: Type.Boolean() });

/** A person; phone and email are null unless the caller may read the person's contacts. */
export const PersonResponse = Type.Object({
  id: UuidString,
  region_code: Type.String(),
  name: Type.String(),
  title: OrNull(Type.String()),
  unit_id: NullableUuid,
  is_leader: Type.Boolean(),
  phone: OrNull(Type.String()),
  email: OrNull(Type.String()),
  sort_order: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
  portfolio_unit_ids: Type.Array(UuidString),
  abilities: Type.Array(PersonAbilitySchema),
});

export const RoleGrantResponse = Type.Object({ role: RoleSchema, unitId: NullableUuid });

const AccountFields = {
  id: UuidString,
  username: Type.String(),
  display_name: Type.String(),
  person_id: NullableUuid,
  unit_id: NullableUuid,
  locale: LocaleSchema,
  active: Type.Boolean(),
  must_change_password: Type.Boolean(),
  version: Type.Integer(),
  created_at: DateTime,
  roles: Type.Array(RoleGrantResponse),
  abilities: Type.Array(UserAbilitySchema),
};

/** An account with its roles and the caller's abilities on it. */
export const UserResponse = Type.Object(AccountFields);

/** An entry of GET /api/audit; `before` and `after` are the record as it was and became. */
export const AuditEntryResponse = Type.Object({
  id: Type.Integer(),
  region_code: Type.String(),
  at: DateTime,
  actor_user_id: NullableUuid,
  actor_name: Type.String(),
  via: StringEnum(['api', 'cli', 'job', 'system']),
  action: Type.String(),
  entity: Type.String(),
  entity_id: Type.String(),
  summary: Type.String(),
  /** The summary's Chinese and English halves (summaries are stored as "中文 / English"). */
  summary_zh: Type.String(),
  summary_en: Type.String(),
  /** The actor's name in each language (a system actor's name is stored in both, e.g. 演示数据 / demo seed). */
  actor_name_zh: Type.String(),
  actor_name_en: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  request_id: OrNull(Type.String()),
});

/**
 * What the UI may offer the caller, by flag; menus and buttons read these. Org's flags and those modules add
 * (their policies answer them, see server/modules.ts).
 */
export const CapabilitiesResponse = Type.Object({
  manageUnits: Type.Boolean(),
  manageUsers: Type.Boolean(),
  readAudit: Type.Boolean(),
  createPlans: Type.Boolean(),
  runAnalyses: Type.Boolean(),
  reviewReports: Type.Boolean(),
  superviseEscalations: Type.Boolean(),
  remindUnits: Type.Boolean(),
  setNotifyChannels: Type.Boolean(),
  myPortfolio: Type.Boolean(),
  atlas: Type.Boolean({ description: 'Works with the industry chain atlas (its menu entry)' }),
  importAtlas: Type.Boolean({ description: 'Imports chains and enterprises into the atlas' }),
});
export type Capability = keyof Static<typeof CapabilitiesResponse>;

/** GET /api/auth/me: the signed-in account, its roles and abilities, what the UI may offer, and the CSRF token. */
export const MeResponse = Type.Object({ ...AccountFields, can: CapabilitiesResponse, csrfToken: Type.String() });

export const LoginResponse = Type.Object({ csrfToken: Type.String() });

export type RegionResponse = Static<typeof RegionResponse>;
export type UnitResponse = Static<typeof UnitResponse>;
export type UnitNodeResponse = UnitResponse & { children: UnitNodeResponse[] };
export type UnitListResponse = Static<typeof UnitListResponse>;
export type PersonResponse = Static<typeof PersonResponse>;
export type UserResponse = Static<typeof UserResponse>;
export type AuditEntryResponse = Static<typeof AuditEntryResponse>;
export type MeResponse = Static<typeof MeResponse>;
export type LoginResponse = Static<typeof LoginResponse>;
export type RoleGrantResponse = Static<typeof RoleGrantResponse>;

const BilingualName = Type.Object({ zh: Type.String(), en: Type.String() });

/** GET /api/audit/labels: what every module calls its audit entities and actions (from the module manifests). */
export const AuditLabelsResponse = Type.Object({
  entities: Type.Record(Type.String(), BilingualName),
  actions: Type.Record(Type.String(), BilingualName),
});
