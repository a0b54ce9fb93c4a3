import { orgModule } from '../modules/org/org.module.ts';
import { ledgerModule } from '../modules/ledger/ledger.module.ts';
import { complexityModule } from '../modules/complexity/complexity.module.ts';
import { trackingModule } from '../modules/tracking/tracking.module.ts';
import { atlasModule } from '../modules/atlas/atlas.module.ts';
import { eventsModule } from '../modules/events/events.module.ts';
import type { PagePreload } from './page-preloads.ts';
import type { AuditLabels, Capabilities, ControlHandler, DemoSeeder, ModuleManifest, ModuleRoutes, StatusCounter, TaskChange } from './module.ts';
import type { Tx } from './service-context.ts';

/**
 * Every module, in the order its routes are registered, its demo data seeded and its rows counted; org first.
 * Adding a module is its import and its entry here (see docs/ARCHITECTURE.md, "Adding a module"). The manifests are imported from
 * their light `<name>.module.ts` (re-exported by the module's index.ts), which loads no module code, so the CLI
 * can list commands from here without loading them. The documents module is a pure engine with no tables,
 * routes or commands of its own, so it has no manifest.
 */
export const modules = [orgModule, ledgerModule, complexityModule, trackingModule, atlasModule, eventsModule] as const;

const all: readonly ModuleManifest[] = modules;

/** Every module's route plugins, in registry order. */
export async function moduleRoutes(): Promise<ModuleRoutes[]> {
  return (await Promise.all(all.map((m) => m.routes?.() ?? []))).flat();
}

/** Every module's flags of GET /api/auth/me `can`, together. */
export async function moduleCapabilities(): Promise<Capabilities> {
  const each = (await Promise.all(all.map((m) => m.capabilities?.()))).filter((c) => c !== undefined);
  return (actor) => Object.assign({}, ...each.map((c) => c(actor))) as Record<string, boolean>;
}

/** Every module's demo loader, in registry order (org's directory is loaded before them, by seed.ts). */
export async function moduleDemoSeeders(): Promise<DemoSeeder[]> {
  return (await Promise.all(all.map((m) => m.seedDemo?.()))).filter((s) => s !== undefined);
}

/** Every module's row counter for `luoshi status`, in registry order. */
export async function moduleStatusCounts(): Promise<StatusCounter[]> {
  return (await Promise.all(all.map((m) => m.statusCounts?.()))).filter((s) => s !== undefined);
}

/** The control socket's handler of a module's `op`, loaded; undefined when no module answers it. */
export async function moduleControlHandler(op: string): Promise<ControlHandler | undefined> {
  const load = all.find((m) => m.control && Object.hasOwn(m.control, op))?.control?.[op];
  return load?.();
}

/** Every `op` the modules answer on the control socket. */
export function moduleControlOps(): string[] {
  return all.flatMap((m) => Object.keys(m.control ?? {}));
}

/**
 * Tells every module that keeps state per task that a task was edited, in the transaction that edited it (ledger calls
 * it; tracking recomputes the task's standing), in registry order.
 * @example await announceTaskChange(trx, { planId: plan.id, taskId })
 */
export async function announceTaskChange(trx: Tx, change: TaskChange): Promise<void> {
  for (const m of all) {
    const handler = await m.taskChanged?.();
    if (handler) await handler(trx, change);
  }
}

/** Every module's web pages with chunks to preload (src/server/page-preloads.ts). */
export function modulePagePreloads(): PagePreload[] {
  return all.flatMap((m) => m.pagePreloads ?? []);
}

/** The names of every audit entity and action the modules record, zh and en (GET /api/audit/labels). */
export function auditLabels(): AuditLabels {
  const labels: AuditLabels = { entities: {}, actions: {} };
  for (const m of all) {
    Object.assign(labels.entities, m.audit?.entities);
    Object.assign(labels.actions, m.audit?.actions);
  }
  return labels;
}
