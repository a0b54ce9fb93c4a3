// The module's manifest (routes, CLI, seed, audit names, Citus placement), listed in src/server/registry.ts.
export { trackingModule } from './tracking.module.ts';
/** The server's evidence size limit (LUOSHI_EVIDENCE_MAX_MB), set by app.ts. */
export { configureEvidenceLimit } from './tracking.evidence.service.ts';
/**
 * Projects (项目化) for the other modules: the atlas and matchmaking events create a task's project through
 * `createProject` (its `source` says which and where from); the results record (实绩档案) sums projects signed and
 * landed per lead unit and lead leader with `projectResults`.
 */
export { createProject, projectResults, projectStages, type ProjectFields, type ProjectSource, type ProjectResultLine, type ProjectTotal } from './tracking.projects.service.ts';
export type { ProjectKind, ProjectStage, ProjectSourceKind } from './tracking.projects.domain.ts';
/** Escalation notices (督办单) each unit and lead leader received in a period, for the results record (实绩档案). */
export { countEscalationsReceived } from './tracking.escalations.service.ts';
/** Where reminders leave the app (LUOSHI_SMTP_URL, LUOSHI_SMTP_FROM, LUOSHI_WEBHOOK_HOSTS), set by app.ts. */
export { configureReminders } from './tracking.notify.config.ts';
