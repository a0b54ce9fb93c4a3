/**
 * What other modules may use of org beyond its policy: use cases that change the directory on their behalf,
 * each checking org's own rules (a module never writes org's tables itself).
 */
export { addUnitAlias } from './org.service.ts';

// The module's manifest (routes, CLI, seed, status counts, audit names), listed in src/server/registry.ts.
export { orgModule } from './org.module.ts';
