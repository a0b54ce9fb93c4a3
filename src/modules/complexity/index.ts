// The module's manifest (routes, CLI, seed, status counts, audit names), listed in src/server/registry.ts.
export { complexityModule } from './complexity.module.ts';
