/**
 * The task-division table engine (任务分工方案): read a table from .xlsx bytes, write the
 * official table as a streamed .xlsx, and lay a plan out as a 公文-style Word document.
 * Import from here; the files behind it are split by noun.
 */
export { readTaskTable, readTaskGrids } from './ledger.xlsx.import.ts';
export { writeTaskTable, type TaskTableExportTask, type TaskTablePlan, type WriteTaskTableOptions, type WriteTaskTableSummary } from './ledger.xlsx.export.ts';
export { writePlanDocx, type PlanDocx, type PlanDocxNode } from './ledger.docx.export.ts';
export { MAX_TABLE_BYTES, MAX_UNCOMPRESSED_BYTES } from './ledger.xlsx.guard.ts';
export {
  TableInputError,
  type ReadTaskTableOptions,
  type TableProblem,
  type TaskColumn,
  type TaskColumnRole,
  type TaskTableGroup,
  type TaskTableResult,
  type TaskTableRow,
} from './ledger.xlsx.types.ts';
