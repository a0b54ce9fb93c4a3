// The module's manifest (routes, CLI, seed, audit names, Citus placement), listed in src/server/registry.ts.
export { trackingModule } from './tracking.module.ts';
/** The server's evidence size limit (LUOSHI_EVIDENCE_MAX_MB), set by app.ts. */
export { configureEvidenceLimit } from './tracking.evidence.service.ts';
/** Where reminders leave the app (LUOSHI_SMTP_URL, LUOSHI_SMTP_FROM, LUOSHI_WEBHOOK_HOSTS), set by app.ts. */
export { configureReminders } from './tracking.notify.config.ts';
