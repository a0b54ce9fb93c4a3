// The module's manifest (routes, CLI, seed, status counts, audit names), listed in src/server/registry.ts.
export { ledgerModule } from './ledger.module.ts';
/**
 * Plans and tasks as they stand, read with the caller's rights, for the tracking module; and the readers of hand-kept
 * tables (the header finder of task tables serves progress tables too).
 */
export { visiblePlanOr404, planRef } from './ledger.access.ts';
export { ledgerPolicy, type PlanRef } from './ledger.policy.ts';
export { loadTasks, findTaskPlan } from './ledger.tasks.repo.ts';
/** Tasks the caller may see, by number or title, for pickers in other modules (an event outcome's task). */
export { searchVisibleTasks } from './ledger.tasks.search.ts';
export { readSheetGrids } from './ledger.xlsx.import.ts';
export { findHeader, classifyHeader, type HeaderMatch } from './ledger.xlsx.header.ts';
export { GridView, type SheetGrid } from './ledger.xlsx.grid.ts';
export { TableInputError } from './ledger.xlsx.types.ts';
export type { ReportCycle } from './ledger.tables.ts';
/** What the tracking module's demo data uses to load a plan of its own. */
export { createPlan, setPlanStatus } from './ledger.plans.service.ts';
export { addTasks, type TaskInput } from './ledger.tasks.service.ts';
/**
 * The official task-division table (.xlsx, streaming) and the 公文 layout (.docx), for the tracking module's 台账 and
 * progress briefing: a plan's tasks streamed in table order in the writer's shape, and the writers themselves.
 */
export { writeTaskTable, type TaskTableExportTask, type WriteTaskTableSummary } from './ledger.xlsx.export.ts';
export { exportShape } from './ledger.export.service.ts';
export { streamTasks, type TableTask } from './ledger.tasks.repo.ts';
export { writePlanDocx, type PlanDocx, type PlanDocxNode } from './ledger.docx.export.ts';
