-- Atlas, speed at a million enterprises (issue 8, "Speed and scale").

-- Search terms, one row per enterprise and term, in the order lists are shown. The GIN index on search_tokens finds
-- the matches but cannot hand them over in pinyin order: with a frequent term (天津: every eighth enterprise) the
-- planner either sorts every match or walks the pinyin index past all the names before 天津 (seconds either way),
-- and a capped count still reads ten thousand rows of the table. Here a term's rows are read in pinyin order from
-- one B-tree, and counted from it alone. Only terms a query can ask for are kept (src/lib/search-tokens.ts
-- queryTokens: one or two CJK characters, or a run of Latin letters and digits), not jieba's longer words.
-- Written with the enterprise (atlas.directory.repo.ts indexTerms); name_pinyin is the enterprise's, copied. No
-- foreign key: checking one per term would double a million-row import; enterprises are never deleted by the app.
CREATE TABLE atlas_enterprise_terms (
  region_code text NOT NULL,
  enterprise_id uuid NOT NULL,
  term text NOT NULL,
  name_pinyin text COLLATE "C"
);
INSERT INTO atlas_enterprise_terms (region_code, enterprise_id, term, name_pinyin)
  SELECT e.region_code, e.id, t.term, e.name_pinyin
  FROM atlas_enterprises e CROSS JOIN LATERAL unnest(e.search_tokens) WITH ORDINALITY AS t(term, n)
  WHERE (char_length(t.term) <= 2 OR t.term ~ '^[a-z0-9]+$') AND array_position(e.search_tokens, t.term) = t.n;
CREATE INDEX atlas_enterprise_terms_idx ON atlas_enterprise_terms (term, name_pinyin, region_code, enterprise_id);

-- The coverage matrix's cells, counted beforehand: for each chain, enterprise region and segment (its sub-segments
-- rolled up), the distinct enterprises linked, leading and 专精特新 ones, and the latest as-of date of the links
-- counted, once for confirmed links only and once for confirmed and uncertain ones. Counting them on demand joined
-- every link of the chain with its enterprise (14 s at a million enterprises). A region's cells of a chain are
-- counted again when a link there is added or decided (atlas.analysis.service.ts recountCoverage); the row with
-- region_code '*' says which version of the chain (its tree of segments) all cells were counted for, and a bulk
-- write of links removes it, so that the next reading counts everything again.
CREATE TABLE atlas_coverage_cells (
  region_code text NOT NULL,
  chain_id uuid NOT NULL,
  confirmed_only boolean NOT NULL,
  segment_key text NOT NULL,
  enterprises integer NOT NULL,
  leaders integer NOT NULL,
  specialised integer NOT NULL,
  little_giants integer NOT NULL,
  as_of date,
  -- On the '*' row only: the chain version counted.
  version integer,
  PRIMARY KEY (region_code, chain_id, confirmed_only, segment_key)
);
CREATE INDEX atlas_coverage_cells_chain_idx ON atlas_coverage_cells (chain_id, confirmed_only, region_code);
