// The module's manifest (CLI, status counts, audit names, Citus placement), listed in src/server/registry.ts.
export { atlasModule } from './atlas.module.ts';
/** The 统一社会信用代码 rule (GB 32100-2015), for modules that take codes from people (matchmaking events). */
export { usccProblem, normaliseUscc, withCheckChar, type UsccProblem } from './atlas.uscc.domain.ts';
/**
 * Lookups for matchmaking events: an enterprise by its code; the chains (names, segments with their names, supply edges)
 * a region uses; the current id of a segment (a ledger project's link to the segment it fills).
 */
export { findEnterpriseByUscc, chainGraphs, currentSegmentId } from './atlas.lookup.service.ts';
export type { ChainDefinition } from './atlas.chain.domain.ts';
/** An intermediary's members in the directory, for inviting them to a matchmaking event (routing an event through it). */
export { intermediaryInvitees } from './atlas.intermediaries.service.ts';
