/**
 * What other modules may use of the ledger: plans and tasks as they stand, read with the caller's rights, and the
 * readers of hand-kept tables (the header finder of task tables serves progress tables too).
 */
export { visiblePlanOr404, planRef } from './ledger.access.ts';
export { ledgerPolicy, type PlanRef } from './ledger.policy.ts';
export { loadTasks } from './ledger.tasks.repo.ts';
export { findPlan } from './ledger.plans.repo.ts';
export { readSheetGrids } from './ledger.xlsx.import.ts';
export { findHeader, classifyHeader, type HeaderMatch } from './ledger.xlsx.header.ts';
export { GridView, type SheetGrid } from './ledger.xlsx.grid.ts';
export { TableInputError } from './ledger.xlsx.types.ts';
export type { ReportCycle } from './ledger.tables.ts';
