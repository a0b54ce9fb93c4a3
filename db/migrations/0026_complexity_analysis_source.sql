-- Complexity analyses built from the atlas (issue 8): where an analysis's table came from. Null for an uploaded table;
-- for one built from the industry-chain atlas, {kind:'atlas', chainId, chainName, by:'segment'|'industry',
-- measure:'count'|'employees', year, confirmedOnly, scope, level, products: {product → segment key or GB/T 4754 code}}.
-- The enterprise directory holds no revenue or output, so those measures are not offered.
ALTER TABLE complexity_analyses ADD COLUMN source jsonb;
