-- Intermediaries (中介组织): associations and chambers of commerce (协会、商会), industry alliances (产业联盟), service
-- organisations (中介服务机构), public service platforms (公共服务平台) and new-type R&D institutes (新型研发机构), with
-- the chains and clusters they serve and their member enterprises (docs/atlas-intermediaries.md).
--
-- Citus placement: both tables are distributed by `region_code`, co-located with `plans`: an intermediary lies in the
-- region where it is registered, and its member rows carry the same region (the foreign key includes it). A member
-- enterprise may be registered in any region, so it is named by its 统一社会信用代码 (national), not by a key to
-- atlas_enterprises (another shard); the service checks that the directory holds it. Chains are reference tables and
-- clusters lie in their own regions: an intermediary names both by id, checked by the service, as clusters name zones.

CREATE TABLE atlas_intermediaries (
  region_code text NOT NULL REFERENCES regions (code),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) > 0),
  -- association 协会/商会, alliance 产业联盟, service 中介服务机构, platform 公共服务平台, research 新型研发机构.
  kind text NOT NULL CHECK (kind IN ('association', 'alliance', 'service', 'platform', 'research')),
  -- Its own code when it has one (a 社会团体's starts with 5, a company's with 9); checked by GB 32100 in the service.
  uscc text CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
  contact text,
  address text,
  website text,
  chain_ids uuid[] NOT NULL DEFAULT '{}',
  cluster_ids uuid[] NOT NULL DEFAULT '{}',
  note text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id)
);
CREATE INDEX atlas_intermediaries_id_idx ON atlas_intermediaries (id);
CREATE UNIQUE INDEX atlas_intermediaries_name_idx ON atlas_intermediaries (region_code, name);
CREATE UNIQUE INDEX atlas_intermediaries_uscc_idx ON atlas_intermediaries (region_code, uscc) WHERE uscc IS NOT NULL;
CREATE INDEX atlas_intermediaries_chains_idx ON atlas_intermediaries USING gin (chain_ids);
CREATE INDEX atlas_intermediaries_clusters_idx ON atlas_intermediaries USING gin (cluster_ids);

CREATE TABLE atlas_intermediary_members (
  -- The intermediary's region (not the member's).
  region_code text NOT NULL,
  intermediary_id uuid NOT NULL,
  uscc text NOT NULL CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
  -- president 会长/理事长, vice_president 副会长/副理事长, director 理事, member 会员/成员单位.
  role text NOT NULL CHECK (role IN ('president', 'vice_president', 'director', 'member')),
  since date,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, intermediary_id, uscc),
  FOREIGN KEY (region_code, intermediary_id) REFERENCES atlas_intermediaries (region_code, id) ON DELETE CASCADE
);
-- An enterprise's memberships, whatever region keeps the intermediary (the enterprise page).
CREATE INDEX atlas_intermediary_members_uscc_idx ON atlas_intermediary_members (uscc);
