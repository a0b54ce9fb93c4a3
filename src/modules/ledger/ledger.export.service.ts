import type { Writable } from 'node:stream';
import { sql } from 'kysely';
import type { ServiceContext } from '../../server/service-context.ts';
import { ledgerPolicy } from './ledger.policy.ts';
import { visiblePlanOr404 } from './ledger.access.ts';
import * as repo from './ledger.tasks.repo.ts';
import { writeTaskTable, type TaskTableExportTask, type WriteTaskTableSummary } from './ledger.xlsx.export.ts';

/** A stored task in the shape the table writer takes: matched names as the directory spells them, others as written. */
export function exportShape(t: repo.TableTask): TaskTableExportTask {
  return {
    seq: t.seq,
    groupPath: t.group_path,
    text: t.title,
    leaders: t.leaders,
    leadUnits: t.lead_units.slice(0, 1),
    coUnits: t.co_units,
    deadlineText: t.deadline_text,
    note: t.note,
    extra: t.extra,
  };
}

/** Checks that the caller may export the plan and returns it (before any byte of a download is sent). */
export async function exportablePlan(ctx: ServiceContext, planId: string) {
  return visiblePlanOr404(ctx, planId, ledgerPolicy.plan.export);
}

/**
 * Streams a plan's tasks as the official task-division table (.xlsx) to `out`, a page of tasks at a time.
 * Returns the file name to offer and, once written, what was written.
 */
export async function exportPlanXlsx(ctx: ServiceContext, planId: string, out: string | Writable, onProgress?: (n: number) => void): Promise<{ fileName: string; summary: WriteTaskTableSummary }> {
  const plan = await exportablePlan(ctx, planId);
  const extra = (await sql<{ key: string }>`select distinct jsonb_object_keys(extra) as key from tasks where region_code = ${plan.region_code} and plan_id = ${planId} order by 1`.execute(ctx.db)).rows.map((r) => r.key);
  async function* tasks() {
    for await (const t of repo.streamTasks(ctx.db, plan)) yield exportShape(t);
  }
  const summary = await writeTaskTable({ title: plan.title, tasks: tasks() }, out, { extraColumns: extra, onProgress });
  return { fileName: `${plan.title}.xlsx`, summary };
}
