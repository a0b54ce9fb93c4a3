-- Economic complexity analyses: an uploaded location × product table, the options it ran with, its status while the
-- engine runs in a worker, and its results per period.
-- Results are stored compactly: per-location and per-product vectors as arrays, location × product and
-- product × product matrices as little-endian Float64 (or, for presence, one byte per cell) in bytea. The matrices are
-- stored EXTERNAL (uncompressed: doubles do not compress, and trying costs more than the write), so that reading one
-- location's row with substring() touches only the TOAST chunks it needs.
-- region_code is the distribution key (decisions/0003); an analysis not tied to a region carries '000000', as the
-- audit log does. Results share the key with their analysis, so an analysis and its results live on one shard.

CREATE TABLE complexity_analyses (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  region_code text NOT NULL DEFAULT '000000',
  name text NOT NULL CHECK (length(name) > 0),
  source_name text NOT NULL,
  -- { columns: { loc, prod, val, time?, pop?, presence? }, threshold, asymmetric, continuous }
  options jsonb NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  -- 0…1 while running; updated_at doubles as the heartbeat of the process running it.
  progress real NOT NULL DEFAULT 0,
  error text,
  -- { rows, periods: [{ period, locations, products, … warnings }], warnings, timings }
  summary jsonb,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (region_code, id)
);
CREATE INDEX complexity_analyses_id_idx ON complexity_analyses (id);
CREATE INDEX complexity_analyses_created_idx ON complexity_analyses (created_at DESC);

-- One period of an analysis, in the engine's own shape: `complex_locations` / `complex_products` index the locations
-- and products complexity is defined on; eci and coi follow complex_locations, pci follows complex_products, density
-- and cog are complex_locations × complex_products, proximity complex_products × complex_products. val, rca, rpop and
-- mcp are locations × products. The product space's edges (indices into complex_products) are kept ready to draw.
CREATE TABLE complexity_results (
  region_code text NOT NULL,
  analysis_id uuid NOT NULL,
  period text NOT NULL,
  position integer NOT NULL,
  locations text[] NOT NULL,
  products text[] NOT NULL,
  diversity integer[] NOT NULL,
  ubiquity integer[] NOT NULL,
  complex_locations integer[] NOT NULL,
  complex_products integer[] NOT NULL,
  eci float8[] NOT NULL,
  coi float8[] NOT NULL,
  pci float8[] NOT NULL,
  location_totals float8[] NOT NULL,
  product_totals float8[] NOT NULL,
  val bytea NOT NULL,
  rca bytea NOT NULL,
  rpop bytea,
  mcp bytea NOT NULL,
  density bytea NOT NULL,
  cog bytea NOT NULL,
  proximity bytea NOT NULL,
  space_source integer[] NOT NULL,
  space_target integer[] NOT NULL,
  space_proximity float8[] NOT NULL,
  eigen jsonb NOT NULL,
  dropped jsonb NOT NULL,
  warnings jsonb NOT NULL,
  PRIMARY KEY (region_code, analysis_id, period),
  FOREIGN KEY (region_code, analysis_id) REFERENCES complexity_analyses (region_code, id) ON DELETE CASCADE
);
CREATE INDEX complexity_results_analysis_idx ON complexity_results (analysis_id, position);

ALTER TABLE complexity_results
  ALTER COLUMN val SET STORAGE EXTERNAL,
  ALTER COLUMN rca SET STORAGE EXTERNAL,
  ALTER COLUMN rpop SET STORAGE EXTERNAL,
  ALTER COLUMN density SET STORAGE EXTERNAL,
  ALTER COLUMN cog SET STORAGE EXTERNAL,
  ALTER COLUMN proximity SET STORAGE EXTERNAL;
