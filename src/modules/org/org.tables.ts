import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamptz column with a default. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The org module's tables, as Kysely sees them. */
export interface OrgTables {
  settings: { key: string; value: JSONColumnType<object> };
  schema_migrations: { version: number; name: string; applied_at: Timestamp };
  regions: {
    code: string;
    name: string;
    short_name: string | null;
    level: 'province' | 'prefecture' | 'county' | 'zone';
    parent_code: string | null;
    is_carrier_zone: Generated<boolean>;
    sort_order: Generated<number>;
  };
  units: {
    id: Generated<string>;
    region_code: string;
    parent_id: string | null;
    name: string;
    short_name: string | null;
    aliases: Generated<string[]>;
    kind: UnitKind;
    sort_order: Generated<number>;
    active: Generated<boolean>;
    search_tokens: Generated<string[]>;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
    version: Generated<number>;
  };
  people: {
    id: Generated<string>;
    region_code: string;
    name: string;
    title: string | null;
    unit_id: string | null;
    is_leader: Generated<boolean>;
    phone: string | null;
    email: string | null;
    sort_order: Generated<number>;
    active: Generated<boolean>;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
    version: Generated<number>;
  };
  leader_portfolios: { person_id: string; unit_id: string };
  users: {
    id: Generated<string>;
    username: string;
    display_name: string;
    password_hash: string;
    person_id: string | null;
    unit_id: string | null;
    locale: Generated<'zh-CN' | 'en-US'>;
    active: Generated<boolean>;
    must_change_password: Generated<boolean>;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
    password_changed_at: DefaultTimestamp;
    version: Generated<number>;
  };
  user_roles: { id: Generated<string>; user_id: string; role: Role; unit_id: string | null };
  sessions: {
    token_hash: string;
    user_id: string;
    csrf_token: string;
    created_at: DefaultTimestamp;
    last_seen_at: DefaultTimestamp;
    expires_at: Timestamp;
    ip: string | null;
    user_agent: string | null;
  };
  login_throttle: {
    key: string;
    failures: number;
    next_allowed_at: Timestamp;
    updated_at: DefaultTimestamp;
  };
  login_known_addresses: {
    user_id: string;
    address: string;
    last_success: DefaultTimestamp;
  };
  audit_log: {
    id: Generated<number>;
    region_code: Generated<string>;
    at: DefaultTimestamp;
    actor_user_id: string | null;
    actor_name: string;
    via: 'api' | 'cli' | 'job' | 'system';
    action: string;
    entity: string;
    entity_id: string;
    summary: Generated<string>;
    before: JSONColumnType<object> | null;
    after: JSONColumnType<object> | null;
    request_id: string | null;
  };
}

/** Kinds of unit in the directory. */
export type UnitKind =
  | 'party'
  | 'government'
  | 'commission'
  | 'bureau'
  | 'office'
  | 'district_government'
  | 'association'
  | 'enterprise'
  | 'other';

/** Roles a user can hold; unit roles are scoped to a unit and its sub-units. */
export type Role = 'admin' | 'supervisor' | 'leader' | 'unit_editor' | 'unit_viewer';
