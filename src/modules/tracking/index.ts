// The module's manifest (routes, CLI, seed, audit names, Citus placement), listed in src/server/registry.ts.
export { trackingModule } from './tracking.module.ts';
/** The server's evidence size limit (LUOSHI_EVIDENCE_MAX_MB), set by app.ts. */
export { configureEvidenceLimit } from './tracking.evidence.service.ts';
/** Escalation notices (督办单) each unit and lead leader received in a period, for the results record (实绩档案). */
export { countEscalationsReceived } from './tracking.escalations.service.ts';
