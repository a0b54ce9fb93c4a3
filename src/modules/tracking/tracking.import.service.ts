import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { findHeader, GridView, readSheetGrids, visiblePlanOr404, ledgerPolicy, planRef, type SheetGrid } from '../ledger/index.ts';
import { trackingPolicy } from './tracking.policy.ts';
import { parsePercent, parsePeriodKey } from './tracking.reports.domain.ts';
import { onCitus, refreshReportSummaries } from './tracking.progress.repo.ts';

/** Columns of a hand-kept progress table, by what they mean. */
type ProgressColumn = 'seq' | 'period' | 'done' | 'percent' | 'problems' | 'help' | 'next';

/** Header words of a progress table (shown in the error when no header is found). Order matters: 下步计划 is next steps before it is anything else. */
const PROGRESS_WORDS: [ProgressColumn, RegExp][] = [
  ['seq', /^(序号|序|编号|任务编号|No\.?)$/i],
  ['next', /下一?步|下阶段|工作计划|工作打算/],
  ['help', /协调|需支持|帮助|支持事项|请求/],
  ['problems', /问题|困难|短板/],
  ['percent', /百分比|完成率|完成比例|进度[（(]?%|%|％|完成进度/],
  ['period', /报告期|报送期|所属期|期间|月份|年月|季度|报告月|填报时间|报送时间|时间/],
  ['done', /进展|完成情况|推进情况|落实情况|工作情况|成效|做了什么/],
];
const HEADER_ROWS = 20;

function classify(label: string): ProgressColumn | null {
  const s = label.replace(/\s+/g, '');
  if (!s || s.length > 20) return null;
  for (const [kind, re] of PROGRESS_WORDS) if (re.test(s)) return kind;
  return null;
}

/** A table row read into a report. */
export interface ImportedRow {
  row: number;
  seq: string;
  taskId: string;
  period: string;
  periodEnd: string;
  percent: number | null;
  doneText: string;
  problems: string;
  helpNeeded: string;
  nextSteps: string;
}

const normSeq = (s: string) => s.replace(/\s+/g, '').replace(/^[（(]?(.*?)[）)]?[、.．]?$/, '$1');

/** Decodes a CSV file: UTF-8 (with or without BOM), else GB18030 as Excel in China saves it. */
function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The sheets of an uploaded table: an .xlsx workbook, or a .csv file (UTF-8 or GB18030). */
export async function gridsOf(bytes: Uint8Array, fileName: string): Promise<SheetGrid[]> {
  if (/\.csv$/i.test(fileName)) {
    let rows: string[][];
    try {
      rows = parse(decodeCsv(bytes), { relax_column_count: true, bom: true, skip_empty_lines: false }) as string[][];
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new ValidationError(bilingual(`${fileName}：无法读取 CSV（${why.slice(0, 200)}）`, `${fileName}: the CSV cannot be read (${why.slice(0, 200)})`), [{ field: 'file', message: why }]);
    }
    return [{ name: fileName, rows, merges: [] }];
  }
  if (/\.xlsx$/i.test(fileName)) return readSheetGrids(bytes, fileName);
  throw new ValidationError(bilingual(`${fileName}：只能导入 .xlsx 或 .csv 文件`, `${fileName}: only .xlsx and .csv files can be imported`), [{ field: 'file', message: 'expected .xlsx or .csv' }]);
}

/**
 * Finds the header of a progress table: the task tables' header finder (ledger) first, which knows 序号 and 重点任务
 * whatever their wording; then any row among the first that names a number column and a progress column.
 */
function progressHeader(view: GridView): { row: number; endRow: number; columns: Partial<Record<ProgressColumn, number>> } | null {
  const mapRow = (r: number, end: number) => {
    const columns: Partial<Record<ProgressColumn, number>> = {};
    for (let c = 1; c <= view.colCount; c++) {
      const label = [view.spread(r, c), end > r ? view.spread(end, c) : ''].filter(Boolean).reverse().find((l) => classify(l)) ?? view.spread(r, c);
      const kind = classify(label);
      if (kind && columns[kind] === undefined) columns[kind] = c;
    }
    return columns;
  };
  const usable = (c: Partial<Record<ProgressColumn, number>>) => c.seq !== undefined && (c.done !== undefined || c.percent !== undefined);
  const found = findHeader(view);
  if (found) {
    const columns = mapRow(found.headerRow, found.headerEndRow);
    if (found.columns.seq) columns.seq = found.columns.seq.index;
    if (usable(columns)) return { row: found.headerRow, endRow: found.headerEndRow, columns };
  }
  for (let r = 1; r <= Math.min(HEADER_ROWS, view.rowCount); r++) {
    const columns = mapRow(r, r);
    if (usable(columns)) return { row: r, endRow: r, columns };
  }
  return null;
}

/**
 * Reads a progress table kept by hand (one row per task and period) against a plan: rows matched to the plan's tasks by
 * number, every unreadable or unmatched row reported with its row number and field. With errors, nothing is saved;
 * otherwise, unless `dryRun`, the rows become accepted reports of each task's lead unit, with the file as their source.
 */
export async function importReports(ctx: ServiceContext, bytes: Uint8Array, fileName: string, planId: string, opts: { dryRun?: boolean } = {}) {
  const plan = await visiblePlanOr404(ctx, planId);
  requireAbility(trackingPolicy.trackedTask.importReports, ctx.actor, { leadUnitId: null, coUnitIds: [], planReadable: ledgerPolicy.plan.read(ctx.actor, planRef(plan)), closed: false }, 'import reports');
  const grids = await gridsOf(bytes, fileName);
  let chosen: { view: GridView; header: NonNullable<ReturnType<typeof progressHeader>> } | null = null;
  for (const grid of grids.filter((g) => !g.hidden)) {
    const view = new GridView(grid);
    const header = progressHeader(view);
    if (header) {
      chosen = { view, header };
      break;
    }
  }
  if (!chosen) {
    const words = '序号/编号；报告期/月份/时间；工作进展/完成情况；完成百分比/进度；存在问题；需协调事项；下步计划';
    throw new ValidationError(
      bilingual(`${fileName}：前 ${HEADER_ROWS} 行中没有找到进展表的表头，应有序号列和进展或百分比列，可识别的列名有：${words}`, `${fileName}: no progress table header in the first ${HEADER_ROWS} rows; expected a number column and a progress or percent column among: ${words}`),
      [{ field: 'header', message: 'not found', row: 1 }],
    );
  }
  const { view, header } = chosen;
  const col = header.columns;
  if (col.period === undefined) {
    throw new ValidationError(bilingual(`${fileName}：表中没有报告期（月份）列`, `${fileName}: the table has no period (month) column`), [{ field: 'period', message: 'column not found', row: header.row }]);
  }
  // Only what matching needs: each task's number and matched lead unit (not the ledger's whole task with its people,
  // milestones and indicators: at 25,000 tasks that alone took most of an import).
  const tasks = (
    await ctx.db
      .selectFrom('tasks as t')
      .leftJoin('task_units as u', (j) => j.onRef('u.region_code', '=', 't.region_code').onRef('u.task_id', '=', 't.id').on('u.role', '=', 'lead'))
      .select(['t.id', 't.seq', 'u.unit_id'])
      .where('t.region_code', '=', plan.region_code)
      .where('t.plan_id', '=', planId)
      .orderBy('t.position')
      .execute()
  ).map((t) => ({ id: t.id, seq: t.seq, leadUnit: t.unit_id ? { unit_id: t.unit_id } : null }));
  const bySeq = new Map(tasks.map((t) => [normSeq(t.seq), t]));
  const cell = (r: number, c: number | undefined) => (c === undefined ? '' : view.filled(r, c).trim());
  // The reports already there, for the periods the file names only (not the plan's whole history).
  const periods = new Set<string>();
  for (let r = header.endRow + 1; r <= view.rowCount; r++) {
    const period = parsePeriodKey(cell(r, col.period), plan.report_due_day);
    if (period) periods.add(period.key);
  }
  const existing = new Set(
    periods.size === 0
      ? []
      : (
          await ctx.db
            .selectFrom('task_reports')
            .select(['task_id', 'period'])
            .where('region_code', '=', plan.region_code)
            .where('plan_id', '=', planId)
            .where('role', '=', 'lead')
            .where('kind', '=', 'progress')
            .where('period', 'in', [...periods])
            .execute()
        ).map((r) => `${r.task_id}|${r.period}`),
  );
  const issues: FieldIssue[] = [];
  const rows: ImportedRow[] = [];
  const seen = new Map<string, number>();
  for (let r = header.endRow + 1; r <= view.rowCount; r++) {
    const values = Object.values(col).map((c) => cell(r, c));
    if (values.every((v) => v === '')) continue;
    const problem = (field: string, zh: string, en: string) => issues.push({ row: r, field, message: bilingual(`第 ${r} 行：${zh}`, `row ${r}: ${en}`) });
    const seqText = cell(r, col.seq);
    const task = bySeq.get(normSeq(seqText));
    if (!seqText) problem('seq', '缺少任务序号', 'the task number is missing');
    else if (!task) problem('seq', `本规划没有序号为「${seqText}」的任务`, `no task numbered "${seqText}" in this plan`);
    else if (!task.leadUnit?.unit_id) problem('seq', `任务 ${seqText} 的牵头单位尚未认定`, `task ${seqText} has no matched lead unit`);
    const periodText = cell(r, col.period);
    const period = parsePeriodKey(periodText, plan.report_due_day);
    if (!period) problem('period', `无法识别的报告期「${periodText}」`, `unreadable period "${periodText}" (expected e.g. 2025-06, 2025年6月, 2025-Q2)`);
    const percentText = cell(r, col.percent);
    const percent = parsePercent(percentText);
    if (percent !== null && (Number.isNaN(percent) || percent < 0 || percent > 100)) problem('percent', `完成百分比「${percentText}」应为 0 到 100 的数`, `percent "${percentText}" must be a number from 0 to 100`);
    const doneText = cell(r, col.done);
    if (!doneText && percent === null) problem('done', '没有进展内容', 'no progress given');
    if (task && period) {
      const key = `${task.id}|${period.key}`;
      if (seen.has(key)) problem('period', `与第 ${seen.get(key)} 行重复（同一任务同一报告期）`, `repeats row ${seen.get(key)} (same task and period)`);
      else if (existing.has(key)) problem('period', `任务 ${seqText} 已有 ${period.key} 的报告`, `task ${seqText} already has a report for ${period.key}`);
      seen.set(key, r);
      rows.push({
        row: r,
        seq: seqText,
        taskId: task.id,
        period: period.key,
        periodEnd: period.end,
        percent: percent !== null && !Number.isNaN(percent) ? percent : null,
        doneText,
        problems: cell(r, col.problems),
        helpNeeded: cell(r, col.help),
        nextSteps: cell(r, col.next),
      });
    }
  }
  if (issues.length) {
    throw new ValidationError(bilingual(`${fileName}：${issues.length} 处错误，未导入任何内容`, `${fileName}: ${issues.length} errors; nothing was imported`), issues.slice(0, 500));
  }
  if (rows.length === 0) throw new ValidationError(bilingual(`${fileName}：没有可导入的行`, `${fileName}: no row to import`), [{ field: 'file', message: 'no rows' }]);
  const summary = { fileName, sheet: view.grid.name, headerRow: header.endRow, planId, reports: rows.length, tasks: new Set(rows.map((r) => r.taskId)).size, dryRun: Boolean(opts.dryRun) };
  if (opts.dryRun) return { ...summary, rows };
  const leadOf = new Map(tasks.map((t) => [t.id, t.leadUnit?.unit_id ?? null]));
  const citus = await onCitus(ctx.db);
  await inTransaction(ctx, async (trx) => {
    const now = new Date();
    // PostgreSQL and PGlite: each 5,000 rows in one statement, reports and their events together, the values passed
    // column by column (unnest), not as 22 parameters a row. Citus loses unnest's parameter types: VALUES there.
    for (let i = 0; !citus && i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      const col = <T>(f: (r: ImportedRow) => T) => chunk.map(f);
      await sql`
        with ins as (
          insert into task_reports (region_code, plan_id, task_id, unit_id, role, kind, period, period_end, status, done_text, percent, indicator_values,
            problems, help_needed, next_steps, source, source_name, source_row, submitted_at, reviewed_at, reviewed_by, created_by)
          select ${plan.region_code}::text, ${planId}::uuid, u.task_id, u.unit_id, 'lead', 'progress', u.period, u.period_end, 'accepted', u.done_text, u.percent, '[]'::jsonb,
            u.problems, u.help_needed, u.next_steps, 'import', ${fileName}::text, u.source_row, ${now}::timestamptz, ${now}::timestamptz, ${ctx.actor.userId}::uuid, ${ctx.actor.userId}::uuid
          from unnest(${col((r) => r.taskId)}::uuid[], ${col((r) => leadOf.get(r.taskId)!)}::uuid[], ${col((r) => r.period)}::text[], ${col((r) => r.periodEnd)}::date[],
            ${col((r) => r.doneText)}::text[], ${col((r) => r.percent)}::numeric[], ${col((r) => r.problems)}::text[], ${col((r) => r.helpNeeded)}::text[],
            ${col((r) => r.nextSteps)}::text[], ${col((r) => r.row)}::integer[])
            as u(task_id, unit_id, period, period_end, done_text, percent, problems, help_needed, next_steps, source_row)
          returning id, task_id, source_row
        )
        insert into report_events (region_code, report_id, task_id, action, from_status, to_status, reason, actor_user_id, actor_name)
        select ${plan.region_code}::text, ins.id, ins.task_id, 'import', null, 'accepted', ${fileName}::text || ' 第 ' || ins.source_row || ' 行', ${ctx.actor.userId}::uuid, ${ctx.actor.name}::text
        from ins`.execute(trx);
    }
    for (let i = 0; citus && i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const inserted = await trx
        .insertInto('task_reports')
        .values(
          chunk.map((r) => ({
            region_code: plan.region_code,
            plan_id: planId,
            task_id: r.taskId,
            unit_id: leadOf.get(r.taskId)!,
            role: 'lead' as const,
            kind: 'progress' as const,
            period: r.period,
            period_end: r.periodEnd,
            status: 'accepted' as const,
            done_text: r.doneText,
            percent: r.percent,
            indicator_values: '[]',
            problems: r.problems,
            help_needed: r.helpNeeded,
            next_steps: r.nextSteps,
            source: 'import' as const,
            source_name: fileName,
            source_row: r.row,
            submitted_at: now,
            reviewed_at: now,
            reviewed_by: ctx.actor.userId,
            created_by: ctx.actor.userId,
          })),
        )
        .returning(['id', 'task_id'])
        .execute();
      await trx
        .insertInto('report_events')
        .values(
          inserted.map((x, j) => ({
            region_code: plan.region_code,
            report_id: x.id,
            task_id: x.task_id,
            action: 'import' as const,
            from_status: null,
            to_status: 'accepted',
            reason: `${fileName} 第 ${chunk[j].row} 行`,
            actor_user_id: ctx.actor.userId,
            actor_name: ctx.actor.name,
          })),
        )
        .execute();
    }
    await refreshReportSummaries(trx, plan.region_code, rows.map((r) => r.taskId));
    await recordAudit(trx, ctx.actor, {
      action: 'import_reports',
      entity: 'plan',
      entityId: planId,
      regionCode: plan.region_code,
      summary: `从 ${fileName} 导入《${plan.title}》${rows.length} 份历史进展报告`,
      after: summary,
    });
  });
  return { ...summary, rows: [] as ImportedRow[] };
}
