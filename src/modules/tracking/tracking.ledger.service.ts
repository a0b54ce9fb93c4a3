import type { Writable } from 'node:stream';
import type { ServiceContext } from '../../server/service-context.ts';
import { exportShape, streamTasks, writeTaskTable, type TableTask, type TaskTableExportTask, type WriteTaskTableSummary } from '../ledger/index.ts';
import { readyPlan } from './tracking.dashboard.service.ts';
import { CLASS_NAMES, WARNING_NAMES, roundPercent, zhDate } from './tracking.progress.domain.ts';
import { ledgerFacts, planExtraKeys } from './tracking.views.repo.ts';

/** The columns the 台账 adds to the official task-division table, between 完成时限 and 备注, in this order. */
export const LEDGER_COLUMNS = ['进度分类', '预警等级', '应完成进度（%）', '实际完成进度（%）', '最新进展', '存在问题', '下步打算'] as const;

// Tasks per page read and per batch of standings and reports: one query each per 2,000 tasks (ledgerFacts).
const BATCH = 2000;

/** Checks that the caller may export the plan's 台账 and readies its standings (before any byte is sent); its file name. */
export async function progressLedgerTarget(ctx: ServiceContext, planId: string, asOf?: string): Promise<{ fileName: string; asOf: string }> {
  const ready = await readyPlan(ctx, planId, asOf);
  return { fileName: fileNameOf(ready.plan.title, ready.asOf), asOf: ready.asOf };
}

const fileNameOf = (title: string, asOf: string) => `${title}-工作台账-${asOf}.xlsx`;

/**
 * Streams a plan's 台账 (the official task-division table, one row per task, with its class, warning, expected and
 * accepted percent and the latest accepted report's progress, problems and next steps) as .xlsx to `out`, a batch of
 * tasks at a time, so 100,000 tasks never sit in memory together. The standings are the dashboard's of asOf
 * (today by default); for whoever may read the plan's progress. Checks come before the first byte is written.
 * @example await exportProgressLedger(ctx, planId, 'ledger.xlsx', { asOf: '2025-06-30' })
 */
export async function exportProgressLedger(
  ctx: ServiceContext,
  planId: string,
  out: string | Writable,
  opts: { asOf?: string; onProgress?: (n: number) => void } = {},
): Promise<{ fileName: string; asOf: string; summary: WriteTaskTableSummary }> {
  const { plan, asOf } = await readyPlan(ctx, planId, opts.asOf);
  const planExtra = await ledgerExtraColumns(ctx, plan);
  const ref = { id: plan.id, region_code: plan.region_code };
  // A batch's standings and latest accepted reports (one query), asked for as soon as the batch is read and awaited
  // only when its rows are written: the facts of one batch are read while the one before it is written and the next
  // page of tasks is read (streamTasks reads ahead), instead of waiting for each query in turn.
  const factsOf = (batch: TableTask[]) => {
    const facts = ledgerFacts(ctx.db, plan.region_code, batch.map((t) => t.id), asOf);
    // A batch read ahead and never awaited (the writer stopped) must not fail unobserved.
    facts.catch(() => {});
    return { batch, facts };
  };
  async function* written({ batch, facts }: ReturnType<typeof factsOf>): AsyncGenerator<TaskTableExportTask> {
    const F = new Map((await facts).map((f) => [f.task_id, f]));
    for (const t of batch) {
      const shaped = exportShape(t);
      // After an approved change (时限调整) the plan's wording is the old deadline: the 台账 gives the one in force.
      if (t.original_due_date && t.due_date && t.original_due_date !== t.due_date) shaped.deadlineText = `${zhDate(t.due_date)}前（经批准调整，原为${t.deadline_text || zhDate(t.original_due_date)}）`;
      const f = F.get(t.id);
      const p = f?.class ? { ...f, class: f.class } : null;
      const r = f?.report_id ? f : null;
      const problems = [r?.problems ?? '', r?.help_needed ? `需协调事项：${r.help_needed}` : ''].filter(Boolean).join('\n');
      shaped.extra = {
        ...shaped.extra,
        进度分类: p ? CLASS_NAMES[p.class].zh : '',
        预警等级: p?.warning ? WARNING_NAMES[p.warning].zh : '',
        // Numbers, as the header's (%) says: a sheet that sums or sorts them needs no conversion.
        '应完成进度（%）': p?.expected == null ? '' : roundPercent(Number(p.expected)),
        '实际完成进度（%）': p?.actual == null ? '' : roundPercent(Number(p.actual)),
        最新进展: r ? `${r.period}：${r.done_text}` : '',
        存在问题: problems,
        下步打算: r?.next_steps ?? '',
      };
      yield shaped;
    }
  }
  async function* rows(): AsyncGenerator<TaskTableExportTask> {
    let batch: TableTask[] = [];
    let pending: ReturnType<typeof factsOf> | null = null;
    for await (const t of streamTasks(ctx.db, ref, BATCH)) {
      batch.push(t);
      if (batch.length < BATCH) continue;
      const next = factsOf(batch);
      batch = [];
      if (pending) yield* written(pending);
      pending = next;
    }
    const last = batch.length ? factsOf(batch) : null;
    if (pending) yield* written(pending);
    if (last) yield* written(last);
  }
  const title = `${plan.title}工作台账（截至${zhDate(asOf)}）`;
  const summary = await writeTaskTable({ title, tasks: rows() }, out, { sheetName: '工作台账', extraColumns: [...planExtra, ...LEDGER_COLUMNS], onProgress: opts.onProgress });
  return { fileName: fileNameOf(plan.title, asOf), asOf, summary };
}

/** The plan's own extra columns (任务分解, 工作目标 …), kept before the 台账's. */
async function ledgerExtraColumns(ctx: ServiceContext, plan: { id: string; region_code: string }): Promise<string[]> {
  const keys = await planExtraKeys(ctx.db, plan.region_code, plan.id);
  return keys.filter((k) => !(LEDGER_COLUMNS as readonly string[]).includes(k));
}
