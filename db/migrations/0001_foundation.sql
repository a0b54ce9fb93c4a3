-- Foundation: regions, units, people, accounts, sessions, settings, audit log.
-- Runs on PGlite (PostgreSQL 18) and PostgreSQL 15. Tables that grow large carry region_code,
-- the key they would be distributed by under Citus (see docs/ARCHITECTURE.md).

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);

-- GB/T 2260 administrative divisions and carrier zones (a reference table under Citus).
CREATE TABLE regions (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name text NOT NULL,
  short_name text,
  level text NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'zone')),
  parent_code text REFERENCES regions (code),
  is_carrier_zone boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL DEFAULT 0
);
CREATE INDEX regions_parent_idx ON regions (parent_code);

CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code text NOT NULL REFERENCES regions (code),
  parent_id uuid REFERENCES units (id),
  name text NOT NULL,
  short_name text,
  aliases text[] NOT NULL DEFAULT '{}',
  kind text NOT NULL CHECK (kind IN ('party', 'government', 'commission', 'bureau', 'office',
    'district_government', 'association', 'enterprise', 'other')),
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  search_tokens text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (region_code, name)
);
CREATE INDEX units_parent_idx ON units (parent_id);
CREATE INDEX units_search_idx ON units USING gin (search_tokens);

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code text NOT NULL REFERENCES regions (code),
  name text NOT NULL,
  title text,
  unit_id uuid REFERENCES units (id),
  is_leader boolean NOT NULL DEFAULT false,
  phone text,
  email text,
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX people_unit_idx ON people (unit_id);

-- A leader's portfolio (分管): the units whose work the leader oversees.
CREATE TABLE leader_portfolios (
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  PRIMARY KEY (person_id, unit_id)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.@-]{2,64}$'),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  person_id uuid REFERENCES people (id),
  unit_id uuid REFERENCES units (id),
  locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en-US')),
  active boolean NOT NULL DEFAULT true,
  must_change_password boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);

-- Roles are granted per user, optionally scoped to a unit (unit editor / viewer of that unit).
CREATE TABLE user_roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'leader', 'unit_editor', 'unit_viewer')),
  unit_id uuid REFERENCES units (id),
  UNIQUE (user_id, role, unit_id)
);
CREATE INDEX user_roles_user_idx ON user_roles (user_id);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Append-only: the application only inserts; a trigger refuses updates and deletes.
CREATE TABLE audit_log (
  id bigserial,
  region_code text NOT NULL DEFAULT '000000',
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid,
  actor_name text NOT NULL,
  via text NOT NULL CHECK (via IN ('api', 'cli', 'job', 'system')),
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  summary text NOT NULL DEFAULT '',
  before jsonb,
  after jsonb,
  request_id text,
  PRIMARY KEY (region_code, id)
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
