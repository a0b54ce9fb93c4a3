// The module's manifest (routes, CLI, seed, status counts, audit names), listed in src/server/registry.ts.
export { ledgerModule } from './ledger.module.ts';
/**
 * Plans and tasks as they stand, read with the caller's rights, for the tracking module; and the readers of hand-kept
 * tables (the header finder of task tables serves progress tables too).
 */
export { visiblePlanOr404, planRef } from './ledger.access.ts';
export { ledgerPolicy, type PlanRef } from './ledger.policy.ts';
export { loadTasks, findTaskPlan } from './ledger.tasks.repo.ts';
export { readSheetGrids } from './ledger.xlsx.import.ts';
export { findHeader, classifyHeader, type HeaderMatch } from './ledger.xlsx.header.ts';
export { GridView, type SheetGrid } from './ledger.xlsx.grid.ts';
export { TableInputError } from './ledger.xlsx.types.ts';
export type { ReportCycle } from './ledger.tables.ts';
/** What the tracking module's demo data uses to load a plan of its own. */
export { createPlan, setPlanStatus } from './ledger.plans.service.ts';
export { addTasks, type TaskInput } from './ledger.tasks.service.ts';
/** Official-document (公文) Word layout, for the tracking module's escalation notices. */
export { writePlanDocx, type PlanDocx } from './ledger.docx.export.ts';
