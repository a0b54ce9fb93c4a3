-- Atlas analysis (docs/atlas-analysis.md): coordinates of enterprises for 成龙配套, chokepoints (卡点) and 招商 targets.

-- Where an enterprise is, when its file says (WGS-84 degrees); else the match uses its district's centroid from the
-- bundled table of administrative divisions (src/modules/atlas/atlas.centroids.data.ts).
ALTER TABLE atlas_enterprises ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90);
ALTER TABLE atlas_enterprises ADD COLUMN lng double precision CHECK (lng BETWEEN -180 AND 180);

-- A segment or technology of a chain marked as a chokepoint (卡点): shared like the chain itself (a reference table),
-- naming the segment by its key so that it stays from one version of the chain to the next.
CREATE TABLE atlas_chokepoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  chain_id uuid NOT NULL REFERENCES atlas_chains (id),
  segment_key text NOT NULL,
  -- The technology or product that is blocked, when narrower than the segment.
  technology text,
  -- Share of the national demand met by imports, in %.
  import_dependency numeric(5, 2) CHECK (import_dependency BETWEEN 0 AND 100),
  domestic_suppliers integer CHECK (domestic_suppliers >= 0),
  note text,
  source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (chain_id, segment_key, technology)
);

-- An enterprise elsewhere that a region means to attract (招商目标), followed 线索 → 对接 → 签约 → 落地. The tracking
-- project made for it (created with the task) keeps its own stages from 签约 on; the target's status keeps the two
-- stages before signing that projects do not have. Distributed with the attracting region's plans.
CREATE TABLE atlas_targets (
  region_code text NOT NULL REFERENCES regions (code),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  chain_id uuid NOT NULL REFERENCES atlas_chains (id),
  segment_key text NOT NULL,
  -- The enterprise, by its code (national) and name as they were when chosen (it lives in another region's shard).
  enterprise_uscc text,
  enterprise_name text NOT NULL,
  enterprise_region text NOT NULL,
  score numeric NOT NULL,
  reasons text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'contact', 'signed', 'landed', 'dropped')),
  task_id uuid,
  project_id uuid,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id)
);
CREATE INDEX atlas_targets_segment_idx ON atlas_targets (region_code, chain_id, segment_key);
