-- Clusters (产业集群) and the carrier zones (载体: 园区、开发区、高新区、新区) they grow around (docs/atlas-clusters.md).
--
-- Citus placement: both are distributed by `region_code`, co-located with `plans`. A zone lies in the region of its
-- main district (a 新区 or 园区 is kept by the region it sits in); a cluster in its home region (the office that keeps
-- it). A cluster may grow around zones of several regions (京津冀), so it names its zones by id, not by a foreign key
-- (the two rows may sit on different shards); the service checks them. Chains are reference tables: a cluster names
-- them by id and the service checks them too.

CREATE TABLE atlas_zones (
  region_code text NOT NULL REFERENCES regions (code),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) > 0),
  name_en text,
  -- new_area 新区, development_zone 经济技术开发区, high_tech_zone 高新区, park 产业园区, free_trade_zone 自贸区, other.
  kind text NOT NULL CHECK (kind IN ('new_area', 'development_zone', 'high_tech_zone', 'park', 'free_trade_zone', 'other')),
  -- Further districts the zone spans besides its own region (GB/T 2260 codes); empty when it is its region alone.
  district_codes text[] NOT NULL DEFAULT '{}',
  -- An optional centre and radius: then only enterprises located within the radius count (their coordinates, else
  -- their district's centre).
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lng double precision CHECK (lng BETWEEN -180 AND 180),
  radius_km double precision CHECK (radius_km > 0 AND radius_km <= 500),
  CHECK ((lat IS NULL) = (lng IS NULL) AND (radius_km IS NULL OR lat IS NOT NULL)),
  -- The chains and segments the zone focuses on: [{"chainId": uuid, "segmentKeys": [text]}].
  focus jsonb NOT NULL DEFAULT '[]',
  note text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id)
);
CREATE INDEX atlas_zones_id_idx ON atlas_zones (id);
CREATE UNIQUE INDEX atlas_zones_name_idx ON atlas_zones (region_code, name);

CREATE TABLE atlas_clusters (
  region_code text NOT NULL REFERENCES regions (code),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) > 0),
  name_en text,
  -- national 国家级, national_sme 国家级中小企业特色产业集群, provincial 省级, municipal 市级, cross_regional 跨区域协同, cultivating 培育.
  level text NOT NULL CHECK (level IN ('national', 'national_sme', 'provincial', 'municipal', 'cross_regional', 'cultivating')),
  chain_ids uuid[] NOT NULL DEFAULT '{}',
  zone_ids uuid[] NOT NULL DEFAULT '{}',
  -- 链主 enterprises as named: [{"uscc": text|null, "name": text}].
  leading_enterprises jsonb NOT NULL DEFAULT '[]',
  -- Target figures: [{"indicator": "output"|"enterprises"|…, "value": number, "unit": text, "year": int}].
  targets jsonb NOT NULL DEFAULT '[]',
  description text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, id)
);
CREATE INDEX atlas_clusters_id_idx ON atlas_clusters (id);
CREATE UNIQUE INDEX atlas_clusters_name_idx ON atlas_clusters (region_code, name);
CREATE INDEX atlas_clusters_zones_idx ON atlas_clusters USING gin (zone_ids);
