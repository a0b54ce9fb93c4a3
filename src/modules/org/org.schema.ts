import { StringEnum } from '../../lib/typebox.ts';
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

// A nullable id for response schemas, as OpenAPI 3.0's `nullable`: fast-json-stringify writes it directly, where
// an anyOf (Type.Union with Type.Null) makes it run a validator per field on every response.
const NullableUuid = Type.Unsafe<string | null>({ type: 'string', format: 'uuid', nullable: true });

/** GET /api/auth/me: the signed-in account, its roles and abilities, what the UI may offer, and the CSRF token. */
export const MeResponse = Type.Object({
  id: Uuid,
  username: Type.String(),
  display_name: Type.String(),
  person_id: NullableUuid,
  unit_id: NullableUuid,
  locale: Type.String(),
  active: Type.Boolean(),
  must_change_password: Type.Boolean(),
  version: Type.Integer(),
  created_at: Type.Unsafe<Date>({ type: 'string', format: 'date-time' }),
  roles: Type.Array(Type.Object({ role: Type.String(), unitId: NullableUuid })),
  abilities: Type.Array(Type.String()),
  can: Type.Record(Type.String(), Type.Boolean()),
  csrfToken: Type.String(),
});
