-- Atlas, 成龙配套 at a million enterprises (issue 8, "Speed and scale").

-- A link carries where its enterprise is and the points of its match score that do not depend on who asks, so that
-- the suppliers and customers of an enterprise are scored, ranked and cut to the page in SQL from one covering index
-- (atlas.analysis.repo.ts matchCandidates) instead of loading every enterprise of the segments into the server:
--   lat, lng       the enterprise's coordinates, else its district's (city's, province's) centre from the bundled
--                  table (atlas.centroids.data.ts); null when neither is known;
--   match_points   evidence + tags + size points of the match score (atlas.analysis.domain.ts matchPoints);
--                  null until filled.
-- The centroids live in the application, not the database: rows are filled by the application
-- (atlas.link-places.ts fillLinkPlaces) when a link is written, after a bulk write of links, and, for rows written
-- before this migration or straight into the table, before a chain is matched (the partial index finds them).
-- Enterprises are not edited once imported (a later file's row for the same code is refused as a duplicate), so a
-- link's copy stays right; a writer that changes an enterprise's place, tags or size must clear match_points.
ALTER TABLE atlas_enterprise_segments ADD COLUMN lat double precision;
ALTER TABLE atlas_enterprise_segments ADD COLUMN lng double precision;
ALTER TABLE atlas_enterprise_segments ADD COLUMN match_points integer;

-- The candidates of a chain's segments in a latitude band (the bounding box of a radius), with all that scoring needs.
CREATE INDEX atlas_enterprise_segments_match_idx ON atlas_enterprise_segments (chain_id, segment_key, lat, lng)
  INCLUDE (decision, match_points, region_code, enterprise_id);
-- Links whose place and points are not filled yet.
CREATE INDEX atlas_enterprise_segments_unplaced_idx ON atlas_enterprise_segments (chain_id) WHERE match_points IS NULL;
