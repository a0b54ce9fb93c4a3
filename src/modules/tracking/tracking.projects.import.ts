import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { findHeader, GridView, ledgerPolicy, loadTasks, planRef, visiblePlanOr404 } from '../ledger/index.ts';
import { gridsOf } from './tracking.import.service.ts';
import { trackingPolicy, type TaskRef } from './tracking.policy.ts';
import { parseAmount, parseProjectKind, parseProjectStage, parseTableDate, PROJECT_STAGES, type ProjectStage } from './tracking.projects.domain.ts';
import { insertProjects, projectFieldProblems, type ProjectFields } from './tracking.projects.service.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

/** Columns of a hand-kept project table, by what they mean. */
type ProjectColumn = 'taskSeq' | 'seq' | 'uscc' | 'signedOn' | 'startedOn' | 'producingOn' | 'fullOn' | 'amount' | 'kind' | 'name' | 'partner' | 'region' | 'segment' | 'stage';

/** Header words of a project table. Order matters: 签约日期 is a date before 签约 is a stage, 项目类别 a kind before 项目 a name. */
const PROJECT_WORDS: [ProjectColumn, RegExp][] = [
  ['taskSeq', /^(任务序号|任务编号|任务号|对应任务|所属任务|对应任务序号|所属任务序号)$/],
  ['seq', /^(序号|序|编号|No\.?)$/i],
  ['uscc', /信用代码|uscc/i],
  ['signedOn', /签约(日期|时间)/],
  ['startedOn', /开工(日期|时间)/],
  ['producingOn', /投产(日期|时间)/],
  ['fullOn', /达产(日期|时间)/],
  ['amount', /金额|投资额|总投资|投资规模|万元/],
  ['kind', /类别|类型|性质/],
  ['name', /项目名称|^项目$/],
  ['partner', /企业|合作方|签约方|投资方|合作单位/],
  ['region', /区域|地区|区划|所在地|属地|所在区/],
  ['segment', /环节|产业链/],
  ['stage', /阶段|状态|进展/],
];
const HEADER_ROWS = 20;
const DATE_COLUMN: Record<ProjectStage, ProjectColumn> = { signed: 'signedOn', started: 'startedOn', producing: 'producingOn', full: 'fullOn' };

function classify(label: string): ProjectColumn | null {
  const s = label.replace(/\s+/g, '');
  if (!s || s.length > 20) return null;
  for (const [kind, re] of PROJECT_WORDS) if (re.test(s)) return kind;
  return null;
}

type Columns = Partial<Record<ProjectColumn, number>>;
/** The header of a project table: the row the task tables' header finder (ledger) picks, else any early row naming a task number column and a project name column. */
function projectHeader(view: GridView): { row: number; columns: Columns } | null {
  const mapRow = (r: number) => {
    const columns: Columns = {};
    for (let c = 1; c <= view.colCount; c++) {
      const kind = classify(view.spread(r, c));
      if (kind && columns[kind] === undefined) columns[kind] = c;
    }
    return columns;
  };
  const usable = (c: Columns) => (c.taskSeq !== undefined || c.seq !== undefined) && c.name !== undefined;
  const found = findHeader(view);
  if (found) {
    const columns = mapRow(found.headerEndRow);
    if (usable(columns)) return { row: found.headerEndRow, columns };
  }
  for (let r = 1; r <= Math.min(HEADER_ROWS, view.rowCount); r++) {
    const columns = mapRow(r);
    if (usable(columns)) return { row: r, columns };
  }
  return null;
}

const normSeq = (s: string) => s.replace(/\s+/g, '').replace(/^[（(]?(.*?)[）)]?[、.．]?$/, '$1');

/** A project table row read and checked. */
export interface ImportedProject {
  row: number;
  seq: string;
  taskId: string;
  fields: ProjectFields;
}

/**
 * Reads a hand-kept project table (.xlsx or .csv) against a plan: the header found whatever its wording, rows matched
 * to the plan's tasks by task number, every bad row reported with its row number and field. With any error nothing is
 * saved; otherwise, unless `dryRun`, every row becomes a project of its task (source 'import', the file and row kept).
 * Supervisors import for any task; a unit's editors only for the tasks their unit leads.
 */
export async function importProjects(ctx: ServiceContext, bytes: Uint8Array, fileName: string, planId: string, opts: { dryRun?: boolean; today?: string } = {}) {
  const plan = await visiblePlanOr404(ctx, planId);
  const planReadable = ledgerPolicy.plan.read(ctx.actor, planRef(plan));
  requireAbility(trackingPolicy.project.import, ctx.actor, { leadUnitId: null, coUnitIds: [], planReadable, closed: false }, 'import projects');
  const grids = await gridsOf(bytes, fileName);
  let chosen: { view: GridView; header: NonNullable<ReturnType<typeof projectHeader>> } | null = null;
  for (const grid of grids.filter((g) => !g.hidden)) {
    const view = new GridView(grid);
    const header = projectHeader(view);
    if (header) {
      chosen = { view, header };
      break;
    }
  }
  if (!chosen) {
    const words = '任务序号/序号；项目名称；项目类别；金额（万元）；所在区域；合作企业；统一社会信用代码；产业链环节；阶段；签约/开工/投产/达产日期';
    throw new ValidationError(
      bilingual(`${fileName}：前 ${HEADER_ROWS} 行中没有找到项目表的表头，应有任务序号列和项目名称列，可识别的列名有：${words}`, `${fileName}: no project table header in the first ${HEADER_ROWS} rows; expected a task number column and a project name column among: ${words}`),
      [{ field: 'header', message: 'not found', row: 1 }],
    );
  }
  const { view, header } = chosen;
  const col = header.columns;
  const seqCol = col.taskSeq ?? col.seq;
  const today = opts.today ?? chinaDay();
  const tasks = await loadTasks(ctx.db, { regionCode: plan.region_code, planId });
  const bySeq = new Map(tasks.map((t) => [normSeq(t.seq ?? ''), t]));
  const regionRows = await ctx.db.selectFrom('regions').select(['code', 'parent_code', 'name', 'short_name']).execute();
  const regions = new Map(regionRows.map((r) => [r.code, r.parent_code]));
  const regionByName = new Map(regionRows.flatMap((r) => [[r.name, r.code], ...(r.short_name ? [[r.short_name, r.code] as [string, string]] : [])]));
  const existing = new Set(
    (await ctx.db.selectFrom('task_projects').select(['task_id', 'name']).where('region_code', '=', plan.region_code).where('plan_id', '=', planId).execute()).map((p) => `${p.task_id}|${p.name}`),
  );

  const cell = (r: number, c: number | undefined) => (c === undefined ? '' : view.filled(r, c).trim());
  const issues: FieldIssue[] = [];
  const rows: ImportedProject[] = [];
  const seen = new Map<string, number>();
  for (let r = header.row + 1; r <= view.rowCount; r++) {
    const values = Object.values(col).map((c) => cell(r, c));
    if (values.every((v) => v === '')) continue;
    const problem = (field: string, zh: string, en: string) => issues.push({ row: r, field, message: bilingual(`第 ${r} 行：${zh}`, `row ${r}: ${en}`) });
    const seqText = cell(r, seqCol);
    const task = bySeq.get(normSeq(seqText));
    if (!seqText) problem('seq', '缺少任务序号', 'the task number is missing');
    else if (!task) problem('seq', `本规划没有序号为「${seqText}」的任务`, `no task numbered "${seqText}" in this plan`);
    else {
      const ref: TaskRef = { leadUnitId: task.leadUnit?.unit_id ?? null, coUnitIds: [], planReadable, closed: task.closed_at !== null };
      if (!trackingPolicy.project.write(ctx.actor, ref)) problem('seq', `无权为任务 ${seqText} 录入项目（只有牵头单位和督查室可以）`, `you may not add projects to task ${seqText} (its lead unit and supervisors may)`);
    }
    const kindText = cell(r, col.kind);
    const kind = parseProjectKind(kindText);
    if (!kind) problem('kind', kindText ? `无法识别的项目类别「${kindText}」（应为投资、建设或合作）` : '缺少项目类别', kindText ? `unreadable kind "${kindText}" (investment, construction or cooperation)` : 'the kind is missing');
    const amountText = cell(r, col.amount);
    const amount = parseAmount(amountText);
    if (amount === null) problem('amount', '缺少金额（万元）', 'the amount (10k yuan) is missing');
    else if (Number.isNaN(amount)) problem('amount', `金额「${amountText}」不是数`, `the amount "${amountText}" is not a number`);
    const regionText = cell(r, col.region);
    let regionCode: string | null = null;
    if (regionText) {
      regionCode = /^\d{6}$/.test(regionText) ? regionText : (regionByName.get(regionText) ?? null);
      if (!regionCode) problem('regionCode', `无法识别的区域「${regionText}」`, `unknown region "${regionText}"`);
    }
    const dates: Partial<Record<ProjectStage, string | null>> = {};
    for (const s of PROJECT_STAGES) {
      const text = cell(r, col[DATE_COLUMN[s]]);
      const d = parseTableDate(text);
      if (d === '') problem(`${s}On`, `无法识别的日期「${text}」`, `unreadable date "${text}"`);
      dates[s] = d || null;
    }
    const stageText = cell(r, col.stage);
    let stage: ProjectStage | null = stageText ? parseProjectStage(stageText) : ([...PROJECT_STAGES].reverse().find((s) => dates[s]) ?? 'signed');
    if (!stage) {
      problem('stage', `无法识别的阶段「${stageText}」（应为签约、开工、投产或达产）`, `unreadable stage "${stageText}" (signed, started, producing or full)`);
      stage = null;
    }
    const name = cell(r, col.name);
    if (!task || !kind || amount === null || Number.isNaN(amount) || !stage || (regionText && !regionCode)) {
      if (!name) problem('name', '缺少项目名称', 'the project name is missing');
      continue;
    }
    const fields: ProjectFields = {
      kind,
      name,
      amount,
      regionCode,
      partnerName: cell(r, col.partner) || null,
      partnerUscc: cell(r, col.uscc) || null,
      chainSegment: cell(r, col.segment) || null,
      stage,
      signedOn: dates.signed,
      startedOn: dates.started,
      producingOn: dates.producing,
      fullOn: dates.full,
    };
    for (const i of projectFieldProblems(fields, { regions, planRegion: plan.region_code, today })) issues.push({ ...i, row: r, message: bilingual(`第 ${r} 行：${i.message.split(' / ')[0]}`, `row ${r}: ${i.message.split(' / ')[1] ?? i.message}`) });
    const key = `${task.id}|${name}`;
    if (seen.has(key)) problem('name', `与第 ${seen.get(key)} 行重复（同一任务同名项目）`, `repeats row ${seen.get(key)} (same task, same project name)`);
    else if (existing.has(key)) problem('name', `任务 ${seqText} 已有项目「${name}」`, `task ${seqText} already has a project "${name}"`);
    seen.set(key, r);
    rows.push({ row: r, seq: seqText, taskId: task.id, fields });
  }
  if (issues.length) {
    throw new ValidationError(bilingual(`${fileName}：${issues.length} 处错误，未导入任何内容`, `${fileName}: ${issues.length} errors; nothing was imported`), issues.slice(0, 500));
  }
  if (rows.length === 0) throw new ValidationError(bilingual(`${fileName}：没有可导入的行`, `${fileName}: no row to import`), [{ field: 'file', message: 'no rows' }]);
  const summary = { fileName, sheet: view.grid.name, headerRow: header.row, planId, projects: rows.length, tasks: new Set(rows.map((r) => r.taskId)).size, amount: rows.reduce((s, r) => s + r.fields.amount, 0), dryRun: Boolean(opts.dryRun) };
  if (opts.dryRun) return { ...summary, rows };
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  await inTransaction(ctx, async (trx) => {
    await insertProjects(
      trx,
      ctx.actor,
      rows.map((r) => ({ fields: r.fields, task: taskById.get(r.taskId)!, source: { kind: 'import' as const, ref: `${fileName} 第 ${r.row} 行` } })),
    );
    await recordAudit(trx, ctx.actor, {
      action: 'import_projects',
      entity: 'plan',
      entityId: planId,
      regionCode: plan.region_code,
      summary: `从 ${fileName} 导入《${plan.title}》${rows.length} 个项目`,
      after: summary,
    });
  });
  return { ...summary, rows: [] as ImportedProject[] };
}
