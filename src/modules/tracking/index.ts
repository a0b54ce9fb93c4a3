// The module's manifest (routes, CLI, seed, audit names, Citus placement), listed in src/server/registry.ts.
export { trackingModule } from './tracking.module.ts';
/** The server's evidence size limit (LUOSHI_EVIDENCE_MAX_MB), set by app.ts. */
export { configureEvidenceLimit } from './tracking.evidence.service.ts';
