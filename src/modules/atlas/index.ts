// The module's manifest (CLI, status counts, audit names, Citus placement), listed in src/server/registry.ts.
export { atlasModule } from './atlas.module.ts';
