-- Industry chain atlas (产业链图谱): versioned chain taxonomies and enterprises linked to their segments.
--
-- Citus placement (decisions/0003): a chain's definition is small, read by every region and joined with every
-- region's enterprises, so chains, their versions, segments and supply edges are reference tables (copied to every
-- node). Enterprises and their segment links are the large tables (a million rows and more): distributed by
-- `region_code`, the enterprise's own region, co-located with `plans`, with a link on the shard of its enterprise.
-- A link names its segment by chain and segment key (the key stays from one version of a chain to the next), so
-- importing a new version of a chain keeps every link.

CREATE TABLE atlas_chains (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The region that keeps this chain (its adaptation of a shared definition); '000000' for a definition shared by
  -- all (as the audit log marks what concerns no one region).
  region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
  -- The chain's id in the exchange format (docs/atlas-chain-format.md), stable across versions.
  key text NOT NULL CHECK (key ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
  name text NOT NULL CHECK (length(name) > 0),
  name_en text,
  current_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, key)
);

-- One imported version of a chain: what the file said of the chain itself, and what changed from the version before.
CREATE TABLE atlas_chain_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  chain_id uuid NOT NULL REFERENCES atlas_chains (id),
  version integer NOT NULL CHECK (version > 0),
  name text NOT NULL,
  name_en text,
  description text,
  -- The file's own label of its version ("2026.1"), if any.
  label text,
  -- [{ title, url?, note? }]: where the taxonomy comes from.
  sources jsonb NOT NULL DEFAULT '[]',
  -- The changes from the version before (null for the first): segments added/removed/renamed/moved/changed, edges added/removed.
  changes jsonb,
  segment_count integer NOT NULL,
  edge_count integer NOT NULL,
  imported_by uuid REFERENCES users (id),
  imported_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (chain_id, version)
);

-- A segment (环节) of one version: a tree by `parent_id`, each root in a stage (上游/中游/下游), children in their parent's.
CREATE TABLE atlas_segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version_id uuid NOT NULL REFERENCES atlas_chain_versions (id),
  key text NOT NULL,
  parent_id uuid REFERENCES atlas_segments (id),
  stage text NOT NULL CHECK (stage IN ('upstream', 'midstream', 'downstream')),
  name text NOT NULL CHECK (length(name) > 0),
  name_en text,
  description text,
  -- GB/T 4754-2017 industry codes (letter section or 2–4 digits).
  industry_codes text[] NOT NULL DEFAULT '{}',
  products text[] NOT NULL DEFAULT '{}',
  technologies text[] NOT NULL DEFAULT '{}',
  position integer NOT NULL,
  UNIQUE (version_id, key)
);
CREATE INDEX atlas_segments_parent_idx ON atlas_segments (parent_id);

-- A supply edge of one version: segment `from_id` supplies segment `to_id`.
CREATE TABLE atlas_segment_edges (
  version_id uuid NOT NULL REFERENCES atlas_chain_versions (id),
  from_id uuid NOT NULL REFERENCES atlas_segments (id),
  to_id uuid NOT NULL REFERENCES atlas_segments (id),
  note text,
  -- Its place in the file, so an export lists the edges as they were imported.
  position integer NOT NULL,
  PRIMARY KEY (version_id, from_id, to_id),
  CHECK (from_id <> to_id)
);
CREATE INDEX atlas_segment_edges_to_idx ON atlas_segment_edges (to_id);

-- An enterprise, in the region it is registered in.
CREATE TABLE atlas_enterprises (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL REFERENCES regions (code),
  -- 统一社会信用代码 (GB 32100-2015), checked when imported; national, so unique across regions (the import checks it:
  -- a unique index on a distributed table must hold the distribution column).
  uscc text CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
  name text NOT NULL CHECK (length(name) > 0),
  -- The name as duplicates are found: full-width folded, spaces and brackets' shape ignored (atlas.enterprise.domain.ts).
  name_norm text NOT NULL,
  address text,
  size_band text CHECK (size_band IN ('large', 'medium', 'small', 'micro')),
  employees integer CHECK (employees >= 0),
  tags text[] NOT NULL DEFAULT '{}',
  main_products text[] NOT NULL DEFAULT '{}',
  founded_on date,
  -- Name, products and tags as search tokens (jieba words and CJK bigrams, src/lib/search-tokens.ts).
  search_tokens text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id)
);
CREATE UNIQUE INDEX atlas_enterprises_uscc_idx ON atlas_enterprises (region_code, uscc);
CREATE UNIQUE INDEX atlas_enterprises_name_idx ON atlas_enterprises (region_code, name_norm);
CREATE INDEX atlas_enterprises_uscc_any_idx ON atlas_enterprises (uscc);
CREATE INDEX atlas_enterprises_tokens_idx ON atlas_enterprises USING gin (search_tokens);

-- An enterprise's link to a segment of a chain, as a record of its own: the evidence, its source and date, and the
-- decision local staff made (and may revisit).
CREATE TABLE atlas_enterprise_segments (
  region_code text NOT NULL,
  enterprise_id uuid NOT NULL,
  chain_id uuid NOT NULL REFERENCES atlas_chains (id),
  segment_key text NOT NULL,
  -- strong: patents, tenders, products; medium: business scope, industry code; weak: name, region.
  evidence text NOT NULL CHECK (evidence IN ('strong', 'medium', 'weak')),
  source text NOT NULL,
  as_of date NOT NULL,
  decision text NOT NULL DEFAULT 'uncertain' CHECK (decision IN ('confirmed', 'uncertain', 'rejected')),
  note text,
  decided_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, enterprise_id, chain_id, segment_key),
  FOREIGN KEY (region_code, enterprise_id) REFERENCES atlas_enterprises (region_code, id)
);
CREATE INDEX atlas_enterprise_segments_segment_idx ON atlas_enterprise_segments (chain_id, segment_key);
