// The module's manifest (routes, CLI, seed, status counts, audit names), listed in src/server/registry.ts.
export { complexityModule } from './complexity.module.ts';
/**
 * For the atlas (issue 8): an analysis from a table the atlas builds (a CSV with its source recorded), an analysis read
 * back, and a location's opportunities, which the atlas turns into 招商 targets.
 */
export { createAnalysis, getAnalysis, type AnalysisView } from './complexity.service.ts';
export { topOpportunities } from './complexity.results.service.ts';
export type { AtlasTableSource, AnalysisSource } from './complexity.tables.ts';
export { complexityPolicy } from './complexity.policy.ts';
export { AnalysisResponse as ComplexityAnalysisResponse } from './complexity.schema.ts';
