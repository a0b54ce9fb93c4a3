-- Atlas, 成龙配套 at a million enterprises (issue 8, "Speed and scale").

-- 成龙配套 reads a side's links in parts (atlas.analysis.repo.ts matchCandidates): near links with many points first,
-- then only the links whose points could still reach the best found so far. With the points before the place in the
-- index, "these segments, at least so many points" is an index range; the place is checked in the index too. In the
-- bench's data (a million enterprises, most of them within 150 km of each other) a side had 23,000 links within the
-- usual radius, every one of them scored, where a few hundred can reach the first page.
CREATE INDEX atlas_enterprise_segments_match_points_idx ON atlas_enterprise_segments (chain_id, segment_key, match_points, lat, lng)
  INCLUDE (decision, region_code, enterprise_id);
-- The index by place alone (0028) served the same reads; nothing else uses it.
DROP INDEX atlas_enterprise_segments_match_idx;
