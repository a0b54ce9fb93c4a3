-- Atlas: one index of links by chain and segment (issue 8, "Speed and scale").

-- atlas_enterprise_segments_segment_idx (chain_id, segment_key), from 0013, is the leading part of 0034's
-- atlas_enterprise_segments_match_points_idx (chain_id, segment_key, match_points, lat, lng), which holds every link
-- too. Kept beside it, it misled the embedded database's planner (PGlite 0.5, PostgreSQL 18): at a million
-- enterprises PGlite read 成龙配套's outer rings (150–600 km, 600–2,500 km) through it, about 36,000 links and
-- 200 ms each, instead of a range of the points index, so some enterprises' matches took 400–1,000 ms (median of
-- 40 enterprises 66 → 39 ms, slowest 704 → 94 ms without it). On PostgreSQL the reads that filter links by chain
-- and segment (the segment's enterprises, gaps, chokepoints, coverage, 成龙配套) measured the same with or without
-- it. One index fewer to keep up on every link written.
DROP INDEX IF EXISTS atlas_enterprise_segments_segment_idx;
