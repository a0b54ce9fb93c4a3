import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { inTransaction } from '../../server/service-context.ts';
import { ledgerPolicy } from './ledger.policy.ts';
import { readTaskTable } from './ledger.xlsx.import.ts';
import type { SheetSummary, TableProblem } from './ledger.xlsx.types.ts';
import { loadNameDirectory, type NameRef } from './ledger.names.ts';
import { addTasks, deadlineColumns, type TaskInput } from './ledger.tasks.service.ts';
import { createPlan } from './ledger.plans.service.ts';
import { visiblePlanOr404 } from './ledger.access.ts';
import { consultedUnitIds } from './ledger.plans.repo.ts';
import type { PlanType } from './ledger.tables.ts';

/** One task as an import would create it: what was written and what it was understood as. */
export interface PreviewTask {
  row: number;
  seq: string;
  groupPath: string[];
  text: string;
  leaders: { raw: string; personId: string | null; name: string | null }[];
  leadUnit: { raw: string; unitId: string | null; name: string | null } | null;
  coUnits: { raw: string; unitId: string | null; name: string | null }[];
  deadlineText: string;
  deadline: { dueDate: string | null; startDate: string | null; recurrence: string | null; ongoing: boolean; understood: boolean };
  note: string;
  extra: Record<string, string>;
}

/** What an import of a task-division table would do; nothing is saved until `confirm`. */
export interface ImportPreview {
  fileName: string;
  /** The worksheet read. */
  sheet: string;
  /** Every worksheet, in order, and whether it looks like a task table: what a person may choose to read instead. */
  sheets: SheetSummary[];
  title: string;
  headerRow: number;
  columns: Record<string, string>;
  tasks: PreviewTask[];
  problems: TableProblem[];
  unmatched: { units: { raw: string; rows: number[]; suggestions: { unitId: string; name: string }[] }[]; leaders: { raw: string; rows: number[] }[] };
  notes: string[];
  /**
   * A plan the caller can see with the same title and the same tasks (an earlier import of this table), or null: the
   * page warns, and offers to update that plan instead of making a second one (`canUpdate`: the caller may).
   */
  samePlan: { id: string; title: string; taskCount: number; canUpdate: boolean } | null;
}

/** Which part of the workbook to read: `sheet` by name, else the sheet that looks most like a task table. */
export interface TableSource {
  sheet?: string;
  /** The year 年内/年底前 refer to, else the year in the table's title, else this year. */
  referenceYear?: number;
}

/**
 * Reads a task-division table and matches its names against the directory, changing nothing.
 * @example await previewTaskTable(ctx, bytes, '分工方案.xlsx', { sheet: '2025年' })
 */
export async function previewTaskTable(ctx: ServiceContext, bytes: Uint8Array, fileName: string, source: TableSource = {}): Promise<ImportPreview> {
  // Reading a table against the directory is the first step of creating a plan (or adding to one): the same people.
  requireAbility(ledgerPolicy.plan.create, ctx.actor, undefined, 'import tasks');
  const table = await readTaskTable(bytes, fileName, source);
  const referenceYear = table.referenceYear ?? new Date().getFullYear();
  const dir = await loadNameDirectory(ctx.db);
  const unitName = new Map(dir.units.map((u) => [u.id, u.short_name ?? u.name]));
  const personName = new Map(dir.people.map((p) => [p.id, p.name]));
  const unmatchedUnits = new Map<string, number[]>();
  const unmatchedLeaders = new Map<string, number[]>();
  const resolveUnit = (ref: NameRef, row: number) => {
    const r = dir.unit(ref);
    if (!r.id) unmatchedUnits.set(r.rawName, [...(unmatchedUnits.get(r.rawName) ?? []), row]);
    return { raw: r.rawName, unitId: r.id, name: r.id ? unitName.get(r.id)! : null };
  };
  const problems = [...table.problems];
  if (dir.units.length === 0) {
    problems.push({
      row: table.headerRow,
      field: 'units',
      severity: 'warning',
      message:
        '单位目录是空的，表中的单位都无法对应：请先建立单位目录（“单位”页面，或 luoshi seed --demo 载入演示地区） / ' +
        'the unit directory is empty, so no unit name can be matched: add the units first (the Units page, or luoshi seed --demo)',
    });
  }
  const tasks: PreviewTask[] = table.tasks.map((t) => {
    const leadRefs = t.leadUnits.flatMap((u) => dir.expand(u));
    const [lead, ...extraLeads] = leadRefs;
    if (extraLeads.length) {
      problems.push({ row: t.row, field: 'leadUnits', severity: 'warning', message: bilingual(`牵头单位有 ${leadRefs.length} 个，以「${lead.rawName}」为牵头，其余作为责任单位`, 'several lead units: the first leads, the others are co-units') });
    }
    const dl = deadlineColumns(t.deadlineText, referenceYear);
    return {
      row: t.row,
      seq: t.seq,
      groupPath: t.groupPath,
      text: t.text,
      leaders: t.leaders.map((raw) => {
        const r = dir.person({ rawName: raw });
        if (!r.id) unmatchedLeaders.set(raw, [...(unmatchedLeaders.get(raw) ?? []), t.row]);
        return { raw, personId: r.id, name: r.id ? personName.get(r.id)! : null };
      }),
      leadUnit: lead ? resolveUnit(lead, t.row) : null,
      coUnits: [...extraLeads, ...t.coUnits.flatMap((u) => dir.expand(u))].map((u) => resolveUnit(u, t.row)),
      deadlineText: t.deadlineText,
      deadline: { dueDate: dl.due_date, startDate: dl.start_date, recurrence: dl.recurrence, ongoing: dl.ongoing, understood: dl.deadline_understood },
      note: t.note,
      extra: t.extra,
    };
  });
  return {
    fileName,
    sheet: table.sheet,
    sheets: table.sheets,
    title: table.title,
    headerRow: table.headerRow,
    columns: Object.fromEntries(Object.entries(table.columns).map(([k, c]) => [k, c!.header])),
    tasks,
    problems: problems.sort((a, b) => a.row - b.row),
    unmatched: {
      units: [...unmatchedUnits].map(([raw, rows]) => ({ raw, rows, suggestions: dir.suggestUnits(raw).map((s) => ({ unitId: s.unitId, name: s.name })) })),
      leaders: [...unmatchedLeaders].map(([raw, rows]) => ({ raw, rows })),
    },
    notes: table.notes,
    samePlan: await findSamePlan(ctx, table.title, tasks.map((t) => t.text)),
  };
}

/** A visible plan titled so whose tasks are the same texts (in any order), or null. */
async function findSamePlan(ctx: ServiceContext, title: string, texts: string[]): Promise<ImportPreview['samePlan']> {
  if (!title.trim() || texts.length === 0) return null;
  const candidates = await ctx.db.selectFrom('plans').select(['id', 'title', 'region_code', 'owner_unit_id', 'status']).select(consultedUnitIds).where('title', '=', title.trim()).execute();
  const wanted = [...texts].map((t) => t.trim()).sort();
  for (const plan of candidates) {
    const ref = { ownerUnitId: plan.owner_unit_id, status: plan.status, consultedUnitIds: plan.consulted_unit_ids };
    if (!ledgerPolicy.plan.read(ctx.actor, ref)) continue;
    const stored = (await ctx.db.selectFrom('tasks').select('title').where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id).execute()).map((t) => t.title.trim()).sort();
    if (stored.length === wanted.length && stored.every((t, i) => t === wanted[i])) {
      return { id: plan.id, title: plan.title, taskCount: stored.length, canUpdate: ledgerPolicy.plan.assignTasks(ctx.actor, ref) };
    }
  }
  return null;
}

/** Where imported tasks go: into an existing plan (after or instead of its tasks), or into a new task list. */
export type ImportTarget =
  | { planId: string; mode?: 'append' | 'replace' }
  | { newPlan: { title?: string; regionCode: string; planType?: PlanType; ownerUnitId?: string | null; issuedDate?: string | null } };

const toInput = (t: PreviewTask): TaskInput => ({
  title: t.text,
  seq: t.seq,
  groupPath: t.groupPath,
  deadlineText: t.deadlineText,
  leaders: t.leaders.map((l) => ({ id: l.personId, rawName: l.raw })),
  leadUnit: t.leadUnit ? { id: t.leadUnit.unitId, rawName: t.leadUnit.raw } : null,
  coUnits: t.coUnits.map((u) => ({ id: u.unitId, rawName: u.raw })),
  note: t.note,
  extra: t.extra,
  sourceRow: t.row,
});

/**
 * Imports a task-division table after the person has seen the preview and confirmed: all tasks land in one
 * transaction (with the new plan, when one is made) or none do. Unmatched names are kept as written, to be resolved.
 * Pass the `sheet` the preview showed, so what is saved is what was seen.
 */
export async function importTaskTable(ctx: ServiceContext, bytes: Uint8Array, fileName: string, target: ImportTarget, source: { sheet?: string } = {}) {
  let referenceYear: number | undefined;
  let regionCode = '';
  if ('planId' in target) {
    const plan = await visiblePlanOr404(ctx, target.planId);
    regionCode = plan.region_code;
    requireAbility(ledgerPolicy.plan.assignTasks, ctx.actor, { ownerUnitId: plan.owner_unit_id, status: plan.status, consultedUnitIds: plan.consulted_unit_ids }, 'import tasks');
    if (plan.issued_on) referenceYear = Number(plan.issued_on.slice(0, 4));
  } else {
    requireAbility(ledgerPolicy.plan.create, ctx.actor, undefined as never, 'import tasks as a new plan');
  }
  const preview = await previewTaskTable(ctx, bytes, fileName, { sheet: source.sheet, referenceYear });
  // In a workbook of several sheets the plan records which one it came from.
  const from = preview.sheets.length > 1 ? `${fileName}「${preview.sheet}」` : fileName;
  if (preview.tasks.length === 0) {
    throw new ValidationError(bilingual(`${fileName}：没有可导入的任务`, `${fileName}: no task could be read`), preview.problems.map((p) => ({ field: p.field, row: p.row, message: p.message })));
  }
  return inTransaction(ctx, async (trx) => {
    const tctx = { ...ctx, db: trx as unknown as ServiceContext['db'] };
    let planId: string;
    if ('planId' in target) {
      planId = target.planId;
      if (target.mode === 'replace') await trx.deleteFrom('tasks').where('region_code', '=', regionCode).where('plan_id', '=', planId).execute();
    } else {
      const title = target.newPlan.title?.trim() || preview.title || fileName.replace(/\.xlsx$/i, '');
      planId = (await createPlan(tctx, { title, planType: target.newPlan.planType ?? 'task_list', regionCode: target.newPlan.regionCode, ownerUnitId: target.newPlan.ownerUnitId, issuedDate: target.newPlan.issuedDate, sourceName: fileName, note: `导入 ${from}` })).id;
    }
    const ids = await addTasks(tctx, planId, preview.tasks.map(toInput), `从 ${from} 导入 ${preview.tasks.length} 项任务`);
    return { planId, sheet: preview.sheet, created: ids.length, problems: preview.problems, unmatched: preview.unmatched };
  });
}
