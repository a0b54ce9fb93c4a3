-- The chain map's segment sizes, counted beforehand (issue 8: the map page at a million enterprises). The map counted
-- them on every opening with a group-by of every link of the chain (a 538 ms parallel sequential scan of 1.3 million
-- links at a million enterprises), and summed links where it meant enterprises. Here, for each chain (its current
-- version), region and segment: the distinct enterprises linked to the segment or one of its sub-segments (confirmed
-- and uncertain links; rejected ones never count), how many of them by a confirmed link, and the latest as-of date of
-- the links counted. A region's row takes in its descendants (regions.parent_code); region_code '*' is everywhere.
-- Derived from the coverage cells (0020, atlas_coverage_cells: the same enterprises by the enterprise's own region,
-- which is one per enterprise, so a region's count is the sum of its regions' cells) and written with them, in the
-- same transaction (atlas.analysis.repo.ts recountCoverage → atlas.map-counts.repo.ts refreshMapCounts): valid while
-- the chain's cells are counted for its current version (their '*' row), as the map reads them.
CREATE TABLE atlas_map_counts (
  chain_id uuid NOT NULL,
  region_code text NOT NULL,
  segment_key text NOT NULL,
  enterprises integer NOT NULL,
  confirmed integer NOT NULL,
  as_of date,
  PRIMARY KEY (chain_id, region_code, segment_key)
);

-- The chains whose cells are counted get their map counts now; the others at their next reading, as their cells.
WITH RECURSIVE up(code, top) AS (
    SELECT DISTINCT region_code, region_code FROM atlas_coverage_cells WHERE region_code <> '*'
    UNION ALL SELECT up.code, r.parent_code FROM up JOIN regions r ON r.code = up.top WHERE r.parent_code IS NOT NULL
  ), tops(code, top) AS (SELECT code, top FROM up UNION ALL SELECT DISTINCT code, '*' FROM up)
INSERT INTO atlas_map_counts (chain_id, region_code, segment_key, enterprises, confirmed, as_of)
  SELECT c.chain_id, t.top, c.segment_key,
    coalesce(sum(c.enterprises) FILTER (WHERE NOT c.confirmed_only), 0),
    coalesce(sum(c.enterprises) FILTER (WHERE c.confirmed_only), 0),
    max(c.as_of) FILTER (WHERE NOT c.confirmed_only)
  FROM atlas_coverage_cells c JOIN tops t ON t.code = c.region_code
  WHERE c.region_code <> '*'
  GROUP BY c.chain_id, t.top, c.segment_key;
