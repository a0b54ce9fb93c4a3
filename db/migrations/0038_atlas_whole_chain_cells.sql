-- Atlas: the coverage cells also count each chain as a whole, by region (issue 8, 堵点).

-- 堵点 compare a region's share of a segment with the nation's, each a share of the chain's enterprises in that
-- region. Those totals (distinct enterprises linked to any segment of the chain, by region) were counted from every
-- link of the chain on each reading of the page: about 0.7–1.0 s of its 1 s at a million enterprises. They are now
-- cells of their own, segment key '*', counted with the others (atlas.analysis.repo.ts recountCoverage, WHOLE_CHAIN).
-- Cells counted before hold no such rows: forgetting the versions counted makes the next reading of each chain
-- count its cells again, once.
DELETE FROM atlas_coverage_cells WHERE region_code = '*';
