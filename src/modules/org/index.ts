/**
 * What other modules may use of org beyond its policy: use cases that change the directory on their behalf,
 * each checking org's own rules (a module never writes org's tables itself).
 */
export { addUnitAlias, listPeople, listRegions, listUnits } from './org.service.ts';

// The module's manifest (routes, CLI, seed, status counts, audit names), listed in src/server/registry.ts.
export { orgModule } from './org.module.ts';
/** Who acts, and the role predicates other modules' policies are written with. */
export { systemActor, hasRole, isAdministrator, isSupervising, canSeeUnitData, type Actor } from './org.policy.ts';
/** Every module's changes are written to org's audit log, in the same transaction. */
export { recordAudit, actorRegion } from './org.audit.ts';
/** A module reads its own entities' audit entries (e.g. who made each version of a chain, and how), checking its own read rule. */
export { queryAudit } from './org.audit.ts';
/** Column types shared by every module's tables. */
export type { DefaultTimestamp, Timestamp } from './org.tables.ts';
