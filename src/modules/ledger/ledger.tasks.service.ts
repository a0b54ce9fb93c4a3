import { abilitiesOf, requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ConflictError, ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { announceTaskChange } from '../../server/registry.ts';
import { addUnitAlias, recordAudit } from '../org/index.ts';
import { parseDeadline, splitUnitList, type DocumentTable } from '../documents/index.ts';
import { CLOSING_GROUP, FULL_TEXT_COLUMN } from './ledger.task-columns.domain.ts';
import { ledgerPolicy, type PlanRef } from './ledger.policy.ts';
import * as plansRepo from './ledger.plans.repo.ts';
import * as repo from './ledger.tasks.repo.ts';
import { loadNameDirectory, type NameRef } from './ledger.names.ts';
import { visiblePlanOr404 } from './ledger.access.ts';

type PlanRow = NonNullable<Awaited<ReturnType<typeof plansRepo.findPlan>>>;
type TaskKind = 'one_off' | 'phased' | 'ongoing';

/** Fields of a key task as a caller gives them; names may be given as ids or as written (resolved later). */
export interface TaskInput {
  title: string;
  seq?: string;
  groupPath?: string[];
  kind?: TaskKind;
  deadlineText?: string;
  leaders?: NameRef[];
  leadUnit?: NameRef | null;
  coUnits?: NameRef[];
  milestones?: { title: string; dueText?: string }[];
  indicators?: { name: string; unitOfMeasure?: string; baseline?: number | null; target?: number | null; targetDate?: string | null }[];
  note?: string;
  nodeKeys?: string[];
  extra?: Record<string, string>;
  sourceRow?: number | null;
}

const ref = (p: PlanRow): PlanRef => ({ ownerUnitId: p.owner_unit_id, status: p.status, consultedUnitIds: p.consulted_unit_ids ?? [] });

// A plan the caller may not read is reported missing, its tasks with it.
const planOr404 = (ctx: ServiceContext, planId: string): Promise<PlanRow> => visiblePlanOr404(ctx, planId);

/** The year deadlines without a year refer to: the plan's issue year, else this year. */
function referenceYear(plan: PlanRow): number {
  return plan.issued_on ? Number(plan.issued_on.slice(0, 4)) : new Date().getFullYear();
}

/** Reads a deadline phrase into the task's date columns, keeping the phrase as written. */
export function deadlineColumns(text: string, year: number) {
  const d = parseDeadline(text ?? '', { referenceYear: year });
  const recurrence = d.recurrence === 'half-yearly' ? 'half_yearly' : (d.recurrence ?? null);
  return {
    deadline_text: text ?? '',
    due_date: d.dueDate ?? null,
    start_date: d.startDate ?? null,
    recurrence: recurrence as 'monthly' | 'quarterly' | 'half_yearly' | 'yearly' | null,
    ongoing: d.ongoing,
    deadline_understood: !text?.trim() || d.understood,
    milestones: d.milestones ?? [],
  };
}

/** 一次性 / 阶段性 / 长期坚持, from the deadline when the caller does not say. */
function inferKind(dl: ReturnType<typeof deadlineColumns>): TaskKind {
  if (dl.ongoing && !dl.due_date) return 'ongoing';
  if (dl.recurrence || dl.milestones.length > 1 || (dl.ongoing && dl.due_date)) return 'phased';
  return 'one_off';
}

function checkTask(input: TaskInput, field = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const f = (name: string) => (field ? `${field}.${name}` : name);
  if (!input.title?.trim()) issues.push({ field: f('title'), message: '任务内容不能为空 / the task text is required' });
  input.milestones?.forEach((m, i) => {
    if (!m.title?.trim()) issues.push({ field: f(`milestones[${i}].title`), message: '节点名称不能为空 / milestone title is required' });
  });
  input.indicators?.forEach((m, i) => {
    if (!m.name?.trim()) issues.push({ field: f(`indicators[${i}].name`), message: '指标名称不能为空 / indicator name is required' });
    for (const k of ['baseline', 'target'] as const) {
      const v = m[k];
      if (v !== undefined && v !== null && !Number.isFinite(v)) issues.push({ field: f(`indicators[${i}].${k}`), message: '应为数字 / must be a number' });
    }
  });
  return issues;
}

type Directory = Awaited<ReturnType<typeof loadNameDirectory>>;

/** The leader, unit, milestone and indicator rows of one task. */
function childRows(plan: PlanRow, taskId: string, t: TaskInput, directory: Directory, year: number) {
  const region_code = plan.region_code;
  const leaders = (t.leaders ?? []).map((l, p) => {
    const r = directory.person(l);
    return { region_code, task_id: taskId, position: p, raw_name: r.rawName, person_id: r.id };
  });
  const units = [
    ...(t.leadUnit ? [{ ...directory.unit(t.leadUnit), role: 'lead' as const, position: 0 }] : []),
    // A group word (各区人民政府) stands for the units it names, as in the table import (ledger.names.ts expand).
    ...(t.coUnits ?? [])
      .flatMap((u) => (u.id || !u.rawName ? [u] : directory.expand(u.rawName)))
      .map((u, p) => ({ ...directory.unit(u), role: 'co' as const, position: p })),
  ].map((u) => ({ region_code, task_id: taskId, role: u.role, position: u.position, raw_name: u.rawName, unit_id: u.id }));
  const ms = t.milestones ?? deadlineColumns(t.deadlineText ?? '', year).milestones.map((m) => ({ title: m.text, dueText: m.text }));
  const milestones = ms.map((m, p) => ({
    region_code,
    task_id: taskId,
    position: p,
    title: m.title.trim(),
    due_text: m.dueText ?? '',
    due_date: m.dueText ? deadlineColumns(m.dueText, year).due_date : null,
  }));
  const indicators = (t.indicators ?? []).map((m, p) => ({
    region_code,
    task_id: taskId,
    position: p,
    name: m.name.trim(),
    unit_of_measure: m.unitOfMeasure ?? '',
    baseline: m.baseline ?? null,
    target: m.target ?? null,
    target_date: m.targetDate ?? null,
  }));
  return { leaders, units, milestones, indicators };
}

/** Inserts the child rows of several tasks, batched per table. */
async function insertChildren(trx: Tx, all: ReturnType<typeof childRows>[]) {
  for (const table of ['leaders', 'units', 'milestones', 'indicators'] as const) {
    const rows: unknown[] = all.flatMap((c): unknown[] => c[table]);
    const name = `task_${table}` as const;
    for (let k = 0; k < rows.length; k += 1000) await trx.insertInto(name).values(rows.slice(k, k + 1000) as never).execute();
  }
}

/** Inserts tasks (batched) with their leaders, units, milestones and indicators; returns the new ids in order. */
async function insertTasks(trx: Tx, plan: PlanRow, inputs: TaskInput[], startPosition: number): Promise<string[]> {
  const directory = await loadNameDirectory(trx);
  const year = referenceYear(plan);
  const ids: string[] = [];
  for (let i = 0; i < inputs.length; i += 500) {
    const chunk = inputs.slice(i, i + 500);
    const rows = chunk.map((t, j) => {
      const dl = deadlineColumns(t.deadlineText ?? '', year);
      return {
        region_code: plan.region_code,
        plan_id: plan.id,
        position: startPosition + i + j,
        seq: t.seq ?? '',
        group_path: t.groupPath ?? [],
        title: t.title.trim(),
        task_kind: t.kind ?? inferKind(dl),
        deadline_text: dl.deadline_text,
        due_date: dl.due_date,
        start_date: dl.start_date,
        recurrence: dl.recurrence,
        ongoing: dl.ongoing,
        deadline_understood: dl.deadline_understood,
        note: t.note ?? '',
        extra: JSON.stringify(t.extra ?? {}),
        source_row: t.sourceRow ?? null,
        node_keys: t.nodeKeys ?? [],
      };
    });
    const inserted = await trx.insertInto('tasks').values(rows).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
    await insertChildren(
      trx,
      chunk.map((t, j) => childRows(plan, inserted[j].id, t, directory, year)),
    );
  }
  return ids;
}

const withTaskAbilities = (ctx: ServiceContext, plan: PlanRow) => {
  const abilities = abilitiesOf({ update: ledgerPolicy.plan.assignTasks, delete: ledgerPolicy.plan.assignTasks }, ctx.actor, ref(plan));
  return <T extends { leaders: { person_id: string | null }[]; leadUnit: { unit_id: string | null } | null; coUnits: { unit_id: string | null }[] }>(t: T) => ({
    ...t,
    unresolved: t.leaders.some((l) => !l.person_id) || (t.leadUnit !== null && !t.leadUnit.unit_id) || t.coUnits.some((u) => !u.unit_id),
    abilities,
  });
};

/** The key tasks of a plan with their assignments; each says whether names are still unresolved and what the caller may do. */
export async function listTasks(ctx: ServiceContext, planId: string) {
  const plan = await planOr404(ctx, planId);
  const tasks = (await repo.loadTasks(ctx.db, { regionCode: plan.region_code, planId })).map(withTaskAbilities(ctx, plan));
  return { tasks, canAssign: ledgerPolicy.plan.assignTasks(ctx.actor, ref(plan)) };
}

/** Adds key tasks to a plan (from nodes, typed, or imported), after the existing ones, in one transaction. */
export async function addTasks(ctx: ServiceContext, planId: string, inputs: TaskInput[], auditNote?: string) {
  const plan = await planOr404(ctx, planId);
  requireAbility(ledgerPolicy.plan.assignTasks, ctx.actor, ref(plan), 'add tasks');
  const issues = inputs.flatMap((t, i) => checkTask(t, `tasks[${i}]`));
  if (issues.length) throw new ValidationError('任务有误 / invalid tasks', issues);
  return inTransaction(ctx, async (trx) => {
    const last = await trx.selectFrom('tasks').select((eb) => eb.fn.max('position').as('p')).where('region_code', '=', plan.region_code).where('plan_id', '=', planId).executeTakeFirst();
    const start = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
    const ids = await insertTasks(trx, plan, inputs, start);
    await plansRepo.touchPlan(trx, plan);
    await recordAudit(trx, ctx.actor, {
      action: 'add_tasks',
      entity: 'plan',
      entityId: planId,
      regionCode: plan.region_code,
      summary: auditNote ?? `《${plan.title}》新增 ${ids.length} 项任务`,
      after: { taskIds: ids.slice(0, 1000), count: ids.length },
    });
    return ids;
  });
}

/** A closing paragraph (结束语) cited as a node: `closing-1` is its first paragraph. */
export const CLOSING_KEY = /^closing-([1-9][0-9]{0,2})$/;
export { CLOSING_GROUP, FULL_TEXT_COLUMN };

/** The lead sentence of a paragraph: up to and without the first 。 (or the whole paragraph). */
export function leadSentence(text: string): string {
  const at = text.indexOf('。');
  return (at < 0 ? text : text.slice(0, at)).trim();
}

/** The closing paragraphs (`closing-N`) a task was made from: its group is 结束语 and its full text is the paragraph's. */
export function closingKeysOf(task: { group_path: string[]; extra: Record<string, string> }, closing: string[]): string[] {
  if (task.group_path[0] !== CLOSING_GROUP) return [];
  const at = closing.indexOf(task.extra[FULL_TEXT_COLUMN] ?? '');
  return at < 0 ? [] : [`closing-${at + 1}`];
}

/**
 * Creates one task per node, or per closing paragraph (`closing-N`): named by the node's heading, else its lead
 * sentence, with the full text kept in the 条目原文 column, citing the node. Nodes that already have a task are skipped
 * unless `again` is set, so doing it twice makes no duplicates. Returns the new ids and the keys skipped.
 */
export async function createTasksFromNodes(ctx: ServiceContext, planId: string, items: { nodeKeys: string[]; title?: string }[], opts: { again?: boolean } = {}) {
  const plan = await planOr404(ctx, planId);
  const nodes = await plansRepo.loadNodes(ctx.db, plan, plan.current_version);
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const version = await ctx.db.selectFrom('plan_versions').select(['meta']).where('region_code', '=', plan.region_code).where('plan_id', '=', planId).where('number', '=', plan.current_version).executeTakeFirstOrThrow();
  const closing = (version.meta.closing ?? '').split('\n').map((p) => p.trim()).filter(Boolean);
  const issues: FieldIssue[] = [];
  const cite = (key: string) => {
    const node = byKey.get(key);
    if (node) return { heading: node.heading, body: node.body, marker: node.marker, parentKey: node.parentKey };
    const m = CLOSING_KEY.exec(key);
    const paragraph = m ? closing[Number(m[1]) - 1] : undefined;
    return paragraph === undefined ? undefined : { heading: '', body: paragraph, marker: '', parentKey: null, closing: true };
  };
  const existing = opts.again ? [] : await ctx.db.selectFrom('tasks').select(['node_keys', 'group_path', 'extra']).where('region_code', '=', plan.region_code).where('plan_id', '=', planId).execute();
  const cited = new Set(existing.flatMap((t) => [...t.node_keys, ...closingKeysOf(t, closing)]));
  const skipped: string[] = [];
  const inputs: TaskInput[] = [];
  items.forEach((item, i) => {
    const found = item.nodeKeys.map(cite);
    const first = found[0];
    if (item.nodeKeys.length === 0 || found.some((c) => !c) || !first) {
      issues.push({ field: `items[${i}].nodeKeys`, message: '条目不存在 / node not found in the current version' });
      return;
    }
    if (item.nodeKeys.some((k) => cited.has(k))) {
      skipped.push(...item.nodeKeys);
      return;
    }
    const group = first.parentKey ? byKey.get(first.parentKey) : undefined;
    const fullText = [first.heading, first.body].filter(Boolean).join(first.heading && !/[。：:；;！？]$/.test(first.heading) ? '。' : '');
    inputs.push({
      title: (item.title?.trim() || first.heading || leadSentence(first.body) || first.marker).slice(0, 2000),
      seq: first.marker.replace(/[、.．]$/, ''),
      groupPath: group ? [`${group.marker}${group.heading}`] : 'closing' in first ? [CLOSING_GROUP] : [],
      // node_keys holds nodes only; a closing paragraph is known by its group and its text (closingKeysOf).
      nodeKeys: item.nodeKeys.filter((k) => byKey.has(k)),
      extra: fullText ? { [FULL_TEXT_COLUMN]: fullText.slice(0, 20_000) } : {},
    });
  });
  if (issues.length) throw new ValidationError('条目有误 / invalid nodes', issues);
  const ids = inputs.length ? await addTasks(ctx, planId, inputs, `《${plan.title}》从 ${inputs.length} 个条目生成任务`) : [];
  return { ids, skipped };
}

const SEQ_HEADER = /^序\s*号$|^编号$/;
const UNIT_HEADER = /牵头|指导部门|责任单位|负责单位|主责|部门|单位/;
const DEADLINE_HEADER = /时限|时间|期限/;
const TEXT_HEADER = /举措|任务|事项|措施|内容|工作/;

/**
 * Makes one task per data row of an annex table (a 清单 of measures): the task is the row's measure (改革举措 / 任务
 * column), its lead unit the unit column (指导部门, 牵头单位 …; the first unit leads, the others are responsible), matched
 * against the unit directory; a group row (一、知识产权保护方面) is the tasks' group; every other column is kept under its
 * header. Rows already made into tasks (same group and text) are skipped unless `again` is set.
 */
export async function createTasksFromTable(ctx: ServiceContext, planId: string, tableIndex: number, opts: { again?: boolean } = {}) {
  const plan = await planOr404(ctx, planId);
  requireAbility(ledgerPolicy.plan.assignTasks, ctx.actor, ref(plan), 'add tasks');
  const version = await ctx.db.selectFrom('plan_versions').select(['tables']).where('region_code', '=', plan.region_code).where('plan_id', '=', planId).where('number', '=', plan.current_version).executeTakeFirstOrThrow();
  const table = (version.tables as DocumentTable[])[tableIndex];
  if (!table) throw new ValidationError(bilingual(`本规划没有第 ${tableIndex + 1} 个附件表格`, `the plan has no annex table ${tableIndex + 1}`), [{ field: 'table', message: 'not found' }]);
  const col = (re: RegExp, except: number[] = []) => table.headers.findIndex((h, i) => !except.includes(i) && re.test(h.trim()));
  const seq = col(SEQ_HEADER);
  const unit = col(UNIT_HEADER, [seq]);
  const deadline = col(DEADLINE_HEADER, [seq, unit]);
  const text = col(TEXT_HEADER, [seq, unit, deadline]) >= 0 ? col(TEXT_HEADER, [seq, unit, deadline]) : table.headers.findIndex((_, i) => ![seq, unit, deadline].includes(i));
  if (text < 0) throw new ValidationError(bilingual('附件表格没有任务列', 'the annex table has no column for the task'), [{ field: 'table', message: 'no task column' }]);
  const existing = opts.again ? [] : await ctx.db.selectFrom('tasks').select(['title', 'group_path']).where('region_code', '=', plan.region_code).where('plan_id', '=', planId).execute();
  const made = new Set(existing.map((t) => `${t.group_path.join('›')}|${t.title}`));
  const inputs: TaskInput[] = [];
  let group: string[] = [];
  let skipped = 0;
  for (const row of table.rows) {
    if (row.kind === 'group') {
      group = [row.text.trim()];
      continue;
    }
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '').trim() : '');
    const title = cell(text);
    if (!title) continue;
    if (made.has(`${group.join('›')}|${title}`)) {
      skipped++;
      continue;
    }
    const units = splitUnitList(cell(unit));
    const extra = Object.fromEntries(table.headers.flatMap((h, i) => ([seq, unit, deadline, text].includes(i) || !cell(i) ? [] : [[h.trim(), cell(i)]])));
    inputs.push({
      title,
      seq: cell(seq),
      groupPath: group,
      deadlineText: cell(deadline),
      leadUnit: units[0] ? { rawName: units[0] } : null,
      coUnits: units.slice(1).map((rawName) => ({ rawName })),
      extra,
      sourceRow: row.sourceLine || null,
    });
  }
  const ids = inputs.length ? await addTasks(ctx, planId, inputs, `《${plan.title}》从附件表格生成 ${inputs.length} 项任务`) : [];
  return { ids, skipped };
}

/** A task and its plan, when both exist and the caller may see the plan. */
async function taskOr404(ctx: ServiceContext, taskId: string) {
  const missing = () => bilingualNotFound(`任务 ${taskId} 不存在`, `Task ${taskId}`);
  const at = await repo.findTaskPlan(ctx.db, taskId);
  if (!at) throw missing();
  const plan = await visiblePlanOr404(ctx, { id: at.plan_id, region_code: at.region_code });
  const [before] = await repo.loadTasks(ctx.db, { regionCode: at.region_code, taskId });
  if (!before) throw missing();
  return { before, plan };
}

/** Changes a task: text, kind, deadline (re-read from the phrase), leaders, units, milestones, indicators, note. */
export async function updateTask(ctx: ServiceContext, taskId: string, patch: Partial<TaskInput> & { version?: number }) {
  const { before, plan } = await taskOr404(ctx, taskId);
  requireAbility(ledgerPolicy.plan.assignTasks, ctx.actor, ref(plan), 'update task');
  const merged: TaskInput = {
    title: patch.title ?? before.title,
    seq: patch.seq ?? before.seq,
    groupPath: patch.groupPath ?? before.group_path,
    // The kind follows a changed deadline (inferKind, the rule the table import uses too) unless given.
    kind: patch.kind ?? (patch.deadlineText !== undefined && patch.deadlineText.trim() !== before.deadline_text ? undefined : before.task_kind),
    deadlineText: patch.deadlineText ?? before.deadline_text,
    leaders: patch.leaders ?? before.leaders.map((l) => ({ id: l.person_id, rawName: l.raw_name })),
    leadUnit: patch.leadUnit !== undefined ? patch.leadUnit : before.leadUnit ? { id: before.leadUnit.unit_id, rawName: before.leadUnit.raw_name } : null,
    coUnits: patch.coUnits ?? before.coUnits.map((u) => ({ id: u.unit_id, rawName: u.raw_name })),
    milestones: patch.milestones ?? before.milestones.map((m) => ({ title: m.title, dueText: m.due_text })),
    indicators:
      patch.indicators ??
      before.indicators.map((m) => ({ name: m.name, unitOfMeasure: m.unit_of_measure, baseline: m.baseline, target: m.target, targetDate: m.target_date })),
    note: patch.note ?? before.note,
    nodeKeys: patch.nodeKeys ?? before.node_keys,
    extra: patch.extra ?? before.extra,
    sourceRow: before.source_row,
  };
  const issues = checkTask(merged);
  if (issues.length) throw new ValidationError('任务有误 / invalid task', issues);
  return inTransaction(ctx, async (trx) => {
    const dl = deadlineColumns(merged.deadlineText ?? '', referenceYear(plan));
    let update = trx
      .updateTable('tasks')
      .set((eb) => ({
        seq: merged.seq ?? '',
        group_path: merged.groupPath ?? [],
        title: merged.title.trim(),
        task_kind: merged.kind ?? inferKind(dl),
        deadline_text: dl.deadline_text,
        due_date: dl.due_date,
        start_date: dl.start_date,
        recurrence: dl.recurrence,
        ongoing: dl.ongoing,
        deadline_understood: dl.deadline_understood,
        note: merged.note ?? '',
        extra: JSON.stringify(merged.extra ?? {}),
        node_keys: merged.nodeKeys ?? [],
        updated_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('region_code', '=', plan.region_code)
      .where('id', '=', taskId);
    if (patch.version !== undefined) update = update.where('version', '=', patch.version);
    if (Number((await update.executeTakeFirst()).numUpdatedRows) === 0) throw new ConflictError('任务已被他人修改，请刷新 / the task was changed by someone else; reload');
    for (const table of ['task_leaders', 'task_units', 'task_milestones', 'task_indicators'] as const) {
      await trx.deleteFrom(table).where('region_code', '=', plan.region_code).where('task_id', '=', taskId).execute();
    }
    await insertChildren(trx, [childRows(plan, taskId, merged, await loadNameDirectory(trx), referenceYear(plan))]);
    // What other modules keep of the task (tracking's expected progress and warning) follows its new deadline now.
    await announceTaskChange(trx, { planId: plan.id, taskId });
    const [after] = await repo.loadTasks(trx, { regionCode: plan.region_code, taskId });
    await plansRepo.touchPlan(trx, plan);
    await recordAudit(trx, ctx.actor, {
      action: 'update',
      entity: 'task',
      entityId: taskId,
      regionCode: plan.region_code,
      summary: `修改任务 ${after.seq} ${after.title.slice(0, 40)}`,
      before,
      after,
    });
    return withTaskAbilities(ctx, plan)(after);
  });
}

/** Deletes a task. */
export async function deleteTask(ctx: ServiceContext, taskId: string) {
  const { before, plan } = await taskOr404(ctx, taskId);
  requireAbility(ledgerPolicy.plan.assignTasks, ctx.actor, ref(plan), 'delete task');
  await inTransaction(ctx, async (trx) => {
    await trx.deleteFrom('tasks').where('region_code', '=', plan.region_code).where('id', '=', taskId).execute();
    await plansRepo.touchPlan(trx, plan);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'task', entityId: taskId, regionCode: plan.region_code, summary: `删除任务 ${before.seq} ${before.title.slice(0, 40)}`, before });
  });
}

/** Names in a plan's tasks that are not yet matched to a unit or a person, with how often each occurs. */
export async function listUnresolvedNames(ctx: ServiceContext, planId: string) {
  const plan = await planOr404(ctx, planId);
  const units = await ctx.db
    .selectFrom('task_units as tu')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'tu.region_code').onRef('t.id', '=', 'tu.task_id'))
    .select(['tu.raw_name'])
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('t.region_code', '=', plan.region_code)
    .where('t.plan_id', '=', planId)
    .where('tu.unit_id', 'is', null)
    .groupBy('tu.raw_name')
    .orderBy('tu.raw_name')
    .execute();
  const leaders = await ctx.db
    .selectFrom('task_leaders as tl')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'tl.region_code').onRef('t.id', '=', 'tl.task_id'))
    .select(['tl.raw_name'])
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('t.region_code', '=', plan.region_code)
    .where('t.plan_id', '=', planId)
    .where('tl.person_id', 'is', null)
    .groupBy('tl.raw_name')
    .orderBy('tl.raw_name')
    .execute();
  const directory = await loadNameDirectory(ctx.db);
  return {
    units: units.map((u) => ({ rawName: u.raw_name, count: Number(u.count), suggestions: directory.suggestUnits(u.raw_name) })),
    leaders: leaders.map((l) => ({ rawName: l.raw_name, count: Number(l.count), suggestions: directory.suggestPeople(l.raw_name) })),
  };
}

/**
 * A person resolves a written name for the whole plan: every task that names it gets the unit (or leader).
 * With `remember`, the name becomes an alias of the unit so later imports match it by themselves.
 */
export async function resolveName(ctx: ServiceContext, planId: string, input: { kind: 'unit' | 'leader'; rawName: string; targetId: string; remember?: boolean }) {
  const plan = await planOr404(ctx, planId);
  requireAbility(ledgerPolicy.plan.assignTasks, ctx.actor, ref(plan), 'resolve names');
  return inTransaction(ctx, async (trx) => {
    const taskIds = trx.selectFrom('tasks').select('id').where('region_code', '=', plan.region_code).where('plan_id', '=', planId);
    let count: number;
    if (input.kind === 'unit') {
      const unit = await trx.selectFrom('units').select(['id']).where('id', '=', input.targetId).executeTakeFirst();
      if (!unit) throw new ValidationError('单位不存在 / unit not found', [{ field: 'targetId', message: 'not found' }]);
      const r = await trx.updateTable('task_units').set({ unit_id: unit.id }).where('region_code', '=', plan.region_code).where('raw_name', '=', input.rawName).where('task_id', 'in', taskIds).executeTakeFirst();
      count = Number(r.numUpdatedRows);
      // Remembering the name changes the unit itself, which only those who may update that unit may do (org's rule).
      if (input.remember) await addUnitAlias({ ...ctx, db: trx as unknown as ServiceContext['db'] }, unit.id, input.rawName);
    } else {
      const person = await trx.selectFrom('people').select(['id', 'name']).where('id', '=', input.targetId).executeTakeFirst();
      if (!person) throw new ValidationError('人员不存在 / person not found', [{ field: 'targetId', message: 'not found' }]);
      const r = await trx.updateTable('task_leaders').set({ person_id: person.id }).where('region_code', '=', plan.region_code).where('raw_name', '=', input.rawName).where('task_id', 'in', taskIds).executeTakeFirst();
      count = Number(r.numUpdatedRows);
    }
    if (count === 0) throw new ValidationError(bilingual(`本规划没有未匹配的「${input.rawName}」`, `no unresolved "${input.rawName}" in this plan`), [{ field: 'rawName', message: 'not found' }]);
    await plansRepo.touchPlan(trx, plan);
    await recordAudit(trx, ctx.actor, {
      action: 'resolve_name',
      entity: 'plan',
      entityId: planId,
      regionCode: plan.region_code,
      summary: `《${plan.title}》将「${input.rawName}」匹配到 ${input.kind === 'unit' ? '单位' : '领导'}（${count} 处）`,
      after: input,
    });
    return { updated: count };
  });
}
