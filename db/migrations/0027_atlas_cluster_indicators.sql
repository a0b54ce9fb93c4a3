-- Indicators of clusters over time (docs/atlas-clusters.md, "Indicators and readiness"): values entered by hand or
-- imported from a table, one per cluster, indicator, year and quarter (0: the whole year), with their unit and source.
--
-- Citus placement: distributed by `region_code`, the cluster's keeping region, co-located with `atlas_clusters`. No
-- foreign key to the cluster (on a cluster already distributed, a new table could not take one before it is placed):
-- deleting a cluster deletes its values, and a cluster moved to another region (written anew there, same id) takes
-- its values along; the service does both in the same transaction.

CREATE TABLE atlas_cluster_indicators (
  region_code text NOT NULL,
  cluster_id uuid NOT NULL,
  -- output 产值, revenue 营业收入, enterprises 企业数, leading 链主企业数, leading_share 龙头企业产值占比, specialised
  -- 专精特新企业数, rd_spending 研发投入, patents 有效发明专利, exports 出口交货值 (atlas.clusters.domain.ts).
  indicator text NOT NULL CHECK (indicator ~ '^[a-z_]{1,40}$'),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  quarter smallint NOT NULL DEFAULT 0 CHECK (quarter BETWEEN 0 AND 4),
  value double precision NOT NULL,
  unit text NOT NULL,
  source text,
  entered_by uuid REFERENCES users (id),
  entered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, cluster_id, indicator, year, quarter)
);

-- The body that promotes the cluster (集群发展促进机构), named; null while there is none. A readiness criterion.
ALTER TABLE atlas_clusters ADD COLUMN promotion_body text;

-- Thresholds of the readiness checklist towards national status, per target level (national 国家先进制造业集群,
-- national_sme 中小企业特色产业集群) and criterion; a criterion with no row takes the illustrative default of
-- atlas.cluster-readiness.domain.ts. Small and read with every checklist: a reference table on Citus.
CREATE TABLE atlas_readiness_thresholds (
  target text NOT NULL CHECK (target IN ('national', 'national_sme')),
  criterion text NOT NULL CHECK (criterion ~ '^[a-z_]{1,40}$'),
  threshold double precision NOT NULL,
  note text,
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (target, criterion)
);
