import { abilitiesOf, requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ConflictError, ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { recordAudit, type Actor } from '../org/index.ts';
import { visiblePlanOr404 } from '../ledger/index.ts';
import { trackingPolicy, type TaskRef } from './tracking.policy.ts';
import {
  checkStageMove,
  KIND_NAMES,
  LANDED_STAGES,
  normalizeUscc,
  PROJECT_KINDS,
  PROJECT_STAGES,
  STAGE_DATE_FIELD,
  STAGE_NAMES,
  stageDateProblems,
  stageIndex,
  usccProblem,
  type ProjectKind,
  type ProjectSourceKind,
  type ProjectStage,
} from './tracking.projects.domain.ts';
import * as repo from './tracking.projects.repo.ts';
import { trackedTask } from './tracking.reports.service.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

/** What a project holds, as a person or a table gives it (amount in 万元; dates YYYY-MM-DD). */
export interface ProjectFields {
  kind: ProjectKind;
  name: string;
  amount: number;
  /** Where the project is (GB/T 2260 code), within the plan's region. */
  regionCode?: string | null;
  partnerName?: string | null;
  /** The partner's 统一社会信用代码; its check character is verified. */
  partnerUscc?: string | null;
  /** The chain segment in words, until the atlas gives segments. */
  chainSegment?: string | null;
  /** The atlas's segment, once it exists. */
  segmentId?: string | null;
  /** The stage reached (default 签约), with the date of each stage reached. */
  stage?: ProjectStage;
  signedOn?: string | null;
  startedOn?: string | null;
  producingOn?: string | null;
  fullOn?: string | null;
}

/** Where a project came from: by hand, an import, the atlas or a matchmaking event (with its reference there). */
export interface ProjectSource {
  kind: ProjectSourceKind;
  ref?: string;
}

type Regions = Map<string, string | null>;
const loadRegions = async (db: ServiceContext['db'] | Tx): Promise<Regions> => new Map((await db.selectFrom('regions').select(['code', 'parent_code']).execute()).map((r) => [r.code, r.parent_code]));
/** Whether a region is the plan's region or lies within it. */
function withinRegion(regions: Regions, code: string, top: string): boolean {
  for (let c: string | null | undefined = code, i = 0; c && i < 10; c = regions.get(c), i++) if (c === top) return true;
  return false;
}

const dateOf = (f: ProjectFields, s: ProjectStage) => ({ signed: f.signedOn, started: f.startedOn, producing: f.producingOn, full: f.fullOn })[s] ?? null;

/**
 * Every problem with a project's fields, each naming its field: the name, kind and amount; the region (known, within
 * the plan's region); the partner's code (GB 32100-2015 check character); the stage and the date of each stage reached.
 */
export function projectFieldProblems(f: ProjectFields, env: { regions: Regions; planRegion: string; today: string }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, zh: string, en: string) => issues.push({ field, message: bilingual(zh, en) });
  if (!f.name?.trim()) add('name', '缺少项目名称', 'the project name is missing');
  else if (f.name.length > 500) add('name', '项目名称过长（最多 500 字）', 'the project name is too long (500 characters at most)');
  if (!PROJECT_KINDS.includes(f.kind)) add('kind', '项目类别应为投资、建设或合作', 'the kind must be investment, construction or cooperation');
  if (typeof f.amount !== 'number' || !Number.isFinite(f.amount) || f.amount < 0 || f.amount >= 1e13) add('amount', '金额（万元）应为不小于 0 的数', 'the amount (10k yuan) must be a number not below 0');
  if (f.regionCode) {
    if (!env.regions.has(f.regionCode)) add('regionCode', `没有代码为 ${f.regionCode} 的行政区划`, `no region has the code ${f.regionCode}`);
    else if (!withinRegion(env.regions, f.regionCode, env.planRegion)) add('regionCode', `区划 ${f.regionCode} 不在本规划的区域（${env.planRegion}）内`, `region ${f.regionCode} is outside the plan's region (${env.planRegion})`);
  }
  if (f.partnerUscc) {
    const problem = usccProblem(normalizeUscc(f.partnerUscc));
    if (problem) add('partnerUscc', problem.zh, problem.en);
  }
  const stage = f.stage ?? 'signed';
  if (!PROJECT_STAGES.includes(stage)) add('stage', '阶段应为签约、开工、投产或达产', 'the stage must be signed, started, producing or full');
  else {
    const dates = Object.fromEntries(PROJECT_STAGES.map((s) => [s, dateOf(f, s)]));
    for (const p of stageDateProblems(stage, dates, env.today)) add(p.field, p.zh, p.en);
  }
  return issues;
}

/** The row to insert for a project (fields already checked). */
function projectValues(f: ProjectFields, task: { id: string; region_code: string; plan_id: string }, source: ProjectSource, actor: Actor) {
  return {
    region_code: task.region_code,
    plan_id: task.plan_id,
    task_id: task.id,
    kind: f.kind,
    name: f.name.trim(),
    amount: f.amount,
    site_region_code: f.regionCode || null,
    partner_name: f.partnerName?.trim() || null,
    partner_uscc: f.partnerUscc ? normalizeUscc(f.partnerUscc) : null,
    chain_segment: f.chainSegment?.trim() || null,
    segment_id: f.segmentId ?? null,
    stage: f.stage ?? 'signed',
    signed_on: f.signedOn ?? null,
    started_on: f.startedOn ?? null,
    producing_on: f.producingOn ?? null,
    full_on: f.fullOn ?? null,
    source_kind: source.kind,
    source_ref: source.ref ?? null,
    created_by: actor.userId,
  };
}

/** Inserts checked projects with their 'create' step and one audit entry each (inside the caller's transaction). */
export async function insertProjects(trx: Tx, actor: Actor, items: { fields: ProjectFields; task: { id: string; region_code: string; plan_id: string; seq: string | null }; source: ProjectSource }[]) {
  const ids: string[] = [];
  for (let i = 0; i < items.length; i += 500) {
    const chunk = items.slice(i, i + 500);
    const rows = await trx
      .insertInto('task_projects')
      .values(chunk.map((x) => projectValues(x.fields, x.task, x.source, actor)))
      .returning(['id', 'region_code', 'task_id', 'stage', 'signed_on'])
      .execute();
    await trx
      .insertInto('project_events')
      .values(
        rows.map((r, j) => ({
          region_code: r.region_code,
          project_id: r.id,
          task_id: r.task_id,
          action: 'create' as const,
          to_stage: r.stage,
          on_date: dateOf(chunk[j].fields, r.stage) ?? r.signed_on,
          reason: chunk[j].source.kind === 'manual' ? null : `${chunk[j].source.kind}${chunk[j].source.ref ? `: ${chunk[j].source.ref}` : ''}`,
          actor_user_id: actor.userId,
          actor_name: actor.name,
        })),
      )
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

const withAbilities = (ctx: ServiceContext, ref: TaskRef) => (p: repo.ProjectRow) => ({ ...p, abilities: abilitiesOf(trackingPolicy.project, ctx.actor, ref) });

async function projectOr404(ctx: ServiceContext, projectId: string) {
  const missing = () => bilingualNotFound(`项目 ${projectId} 不存在`, `Project ${projectId}`);
  const key = await repo.findProjectById(ctx.db, projectId);
  if (!key) throw missing();
  const { task, plan, ref } = await trackedTask(ctx, key.task_id).catch(() => {
    throw missing();
  });
  const [project] = await repo.findProjects(ctx.db, { regionCode: key.region_code, id: projectId });
  if (!project) throw missing();
  return { project, task, plan, ref };
}

/**
 * Creates a project on a task: by hand from the task's page, or on behalf of the atlas or a matchmaking event
 * (`source`). The lead unit's editors and supervisors may; every field is checked and a bad one named.
 * @example createProject(ctx, { taskId, kind: 'investment', name: '新能源整车项目', amount: 52000, regionCode: '120116', partnerUscc: '91110000100017643K', source: { kind: 'event', ref: eventId } })
 */
export async function createProject(ctx: ServiceContext, input: ProjectFields & { taskId: string; source?: ProjectSource }, opts: { today?: string } = {}) {
  const { task, plan, ref } = await trackedTask(ctx, input.taskId);
  requireAbility(trackingPolicy.project.write, ctx.actor, ref, 'create project');
  const today = opts.today ?? chinaDay();
  const fields: ProjectFields = { ...input, stage: input.stage ?? 'signed' };
  if (fields.stage === 'signed' && !fields.signedOn) fields.signedOn = today;
  const issues = projectFieldProblems(fields, { regions: await loadRegions(ctx.db), planRegion: plan.region_code, today });
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join('；'), issues);
  const source = input.source ?? { kind: 'manual' as const };
  const id = await inTransaction(ctx, async (trx) => {
    const [id] = await insertProjects(trx, ctx.actor, [{ fields, task, source }]);
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'project',
      entityId: id,
      regionCode: task.region_code,
      summary: `任务 ${task.seq ?? ''} 新增${KIND_NAMES[fields.kind].zh}项目「${fields.name.trim()}」（${fields.amount} 万元，${STAGE_NAMES[fields.stage!].zh}）`,
      after: { ...fields, source },
    });
    return id;
  });
  const [row] = await repo.findProjects(ctx.db, { regionCode: task.region_code, id });
  return withAbilities(ctx, ref)(row);
}

/**
 * Where projects the other modules keep a link to stand now (stage, its date, task and plan), by id; a project that is
 * gone is left out. Each reference names the project's region, so that a distributed database reads one shard.
 * @example projectStages(ctx, [{ regionCode: '120000', id }]) // Map { id => { stage: 'started', stageOn: '2026-10-01', … } }
 */
export async function projectStages(ctx: ServiceContext, refs: { regionCode: string; id: string }[]) {
  const out = new Map<string, { id: string; stage: ProjectStage; stageOn: string | null; taskId: string; planId: string; taskSeq: string | null }>();
  for (const r of refs) {
    const [p] = await repo.findProjects(ctx.db, { regionCode: r.regionCode, id: r.id });
    if (!p) continue;
    const on = { signed: p.signed_on, started: p.started_on, producing: p.producing_on, full: p.full_on }[p.stage] ?? null;
    out.set(p.id, { id: p.id, stage: p.stage, stageOn: on, taskId: p.task_id, planId: p.plan_id, taskSeq: p.task_seq });
  }
  return out;
}

/** Changes a project's details (not its stage, which moves by {@link moveProjectStage}); `version` guards against a stale edit. */
export async function updateProject(ctx: ServiceContext, projectId: string, input: Partial<Omit<ProjectFields, 'stage' | 'signedOn' | 'startedOn' | 'producingOn' | 'fullOn'>> & { version?: number }) {
  const { project, plan, ref } = await projectOr404(ctx, projectId);
  requireAbility(trackingPolicy.project.write, ctx.actor, ref, 'edit project');
  if (input.version !== undefined && input.version !== project.version) throw new ConflictError(bilingual('项目已被他人修改，请刷新后再改', 'The project was changed meanwhile; reload and try again'));
  const merged: ProjectFields = {
    kind: input.kind ?? project.kind,
    name: input.name ?? project.name,
    amount: input.amount ?? project.amount,
    regionCode: input.regionCode !== undefined ? input.regionCode : project.site_region_code,
    partnerName: input.partnerName !== undefined ? input.partnerName : project.partner_name,
    partnerUscc: input.partnerUscc !== undefined ? input.partnerUscc : project.partner_uscc,
    chainSegment: input.chainSegment !== undefined ? input.chainSegment : project.chain_segment,
    segmentId: input.segmentId !== undefined ? input.segmentId : project.segment_id,
    stage: project.stage,
    signedOn: project.signed_on,
    startedOn: project.started_on,
    producingOn: project.producing_on,
    fullOn: project.full_on,
  };
  const issues = projectFieldProblems(merged, { regions: await loadRegions(ctx.db), planRegion: plan.region_code, today: '9999-12-31' });
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join('；'), issues);
  await inTransaction(ctx, async (trx) => {
    const done = await trx
      .updateTable('task_projects')
      .set({
        kind: merged.kind,
        name: merged.name.trim(),
        amount: merged.amount,
        site_region_code: merged.regionCode || null,
        partner_name: merged.partnerName?.trim() || null,
        partner_uscc: merged.partnerUscc ? normalizeUscc(merged.partnerUscc) : null,
        chain_segment: merged.chainSegment?.trim() || null,
        segment_id: merged.segmentId ?? null,
        updated_at: new Date(),
        version: project.version + 1,
      })
      .where('region_code', '=', project.region_code)
      .where('id', '=', projectId)
      .where('version', '=', project.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new ConflictError(bilingual('项目已被他人修改，请刷新后再改', 'The project was changed meanwhile; reload and try again'));
    await trx.insertInto('project_events').values({ region_code: project.region_code, project_id: projectId, task_id: project.task_id, action: 'edit', actor_user_id: ctx.actor.userId, actor_name: ctx.actor.name }).execute();
    await recordAudit(trx, ctx.actor, { action: 'edit', entity: 'project', entityId: projectId, regionCode: project.region_code, summary: `修改项目「${merged.name}」`, before: project, after: merged });
  });
  const [row] = await repo.findProjects(ctx.db, { regionCode: project.region_code, id: projectId });
  return withAbilities(ctx, ref)(row);
}

/**
 * Moves a project's stage: forward to the next stage on the date it was reached, or back (a correction) with a
 * reason, which clears the dates of the stages no longer reached. Each move is dated, kept in the project's timeline
 * and audited.
 */
export async function moveProjectStage(ctx: ServiceContext, projectId: string, input: { stage: ProjectStage; date?: string | null; reason?: string | null; version?: number }, opts: { today?: string } = {}) {
  const { project, ref } = await projectOr404(ctx, projectId);
  requireAbility(trackingPolicy.project.write, ctx.actor, ref, 'move project stage');
  if (input.version !== undefined && input.version !== project.version) throw new ConflictError(bilingual('项目已被他人修改，请刷新后再改', 'The project was changed meanwhile; reload and try again'));
  const from = project.stage;
  const move = checkStageMove(from, input.stage, { date: input.date, currentDate: project[STAGE_DATE_FIELD[from]], reason: input.reason, today: opts.today ?? chinaDay() });
  if (!move.ok) throw new ValidationError(bilingual(move.zh, move.en), [{ field: move.zh.includes('理由') ? 'reason' : move.zh.includes('日期') ? 'date' : 'stage', message: bilingual(move.zh, move.en) }]);
  const step = move.direction === 'forward' ? ('stage' as const) : ('correct' as const);
  const cleared = Object.fromEntries(PROJECT_STAGES.filter((s) => stageIndex(s) > stageIndex(input.stage)).map((s) => [STAGE_DATE_FIELD[s], null]));
  await inTransaction(ctx, async (trx) => {
    const done = await trx
      .updateTable('task_projects')
      .set({ stage: input.stage, ...(move.direction === 'forward' ? { [STAGE_DATE_FIELD[input.stage]]: input.date } : cleared), updated_at: new Date(), version: project.version + 1 })
      .where('region_code', '=', project.region_code)
      .where('id', '=', projectId)
      .where('version', '=', project.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new ConflictError(bilingual('项目已被他人修改，请刷新后再改', 'The project was changed meanwhile; reload and try again'));
    await trx
      .insertInto('project_events')
      .values({
        region_code: project.region_code,
        project_id: projectId,
        task_id: project.task_id,
        action: step,
        from_stage: from,
        to_stage: input.stage,
        on_date: move.direction === 'forward' ? input.date : null,
        reason: move.direction === 'back' ? input.reason!.trim() : null,
        actor_user_id: ctx.actor.userId,
        actor_name: ctx.actor.name,
      })
      .execute();
    await recordAudit(trx, ctx.actor, {
      action: step,
      entity: 'project',
      entityId: projectId,
      regionCode: project.region_code,
      summary:
        move.direction === 'forward'
          ? `项目「${project.name}」${STAGE_NAMES[from].zh} → ${STAGE_NAMES[input.stage].zh}（${input.date}）`
          : `项目「${project.name}」阶段更正：${STAGE_NAMES[from].zh} → ${STAGE_NAMES[input.stage].zh}，理由：${input.reason!.trim()}`,
      before: { stage: from },
      after: { stage: input.stage, date: input.date ?? null, reason: input.reason ?? null },
    });
  });
  const [row] = await repo.findProjects(ctx.db, { regionCode: project.region_code, id: projectId });
  return withAbilities(ctx, ref)(row);
}

/** Adds a short dated progress note to a project, at its current stage unless another is named. */
export async function addProjectReport(ctx: ServiceContext, projectId: string, input: { date: string; body: string; stage?: ProjectStage }, opts: { today?: string } = {}) {
  const { project, ref } = await projectOr404(ctx, projectId);
  requireAbility(trackingPolicy.project.write, ctx.actor, ref, 'report on project');
  const issues: FieldIssue[] = [];
  if (!input.body?.trim()) issues.push({ field: 'body', message: bilingual('缺少进展内容', 'the note is empty') });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date ?? '') || input.date > (opts.today ?? chinaDay())) issues.push({ field: 'date', message: bilingual('日期应为不晚于今天的日期', 'the date must be a date not after today') });
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join('；'), issues);
  const stage = input.stage ?? project.stage;
  const id = await inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto('project_reports')
      .values({ region_code: project.region_code, project_id: projectId, task_id: project.task_id, report_date: input.date, stage, body: input.body.trim(), created_by: ctx.actor.userId, author_name: ctx.actor.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: 'report', entity: 'project', entityId: projectId, regionCode: project.region_code, summary: `项目「${project.name}」${input.date} 进展：${input.body.trim().slice(0, 80)}` });
    return row.id;
  });
  return { id, projectId, reportDate: input.date, stage, body: input.body.trim(), authorName: ctx.actor.name };
}

/** A project's timeline in the order things were recorded (a correction has no date of its own). */
const timelineOf = (tl: Awaited<ReturnType<typeof repo.projectTimeline>>, projectId: string) =>
  [
    ...tl.events.filter((e) => e.project_id === projectId).map((e) => ({ kind: e.action, at: e.at, date: e.on_date, fromStage: e.from_stage, toStage: e.to_stage, text: e.reason, who: e.actor_name })),
    ...tl.reports.filter((r) => r.project_id === projectId).map((r) => ({ kind: 'report' as const, at: r.created_at, date: r.report_date, fromStage: null, toStage: r.stage, text: r.body, who: r.author_name })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

/** A task's projects, each with its timeline (stage moves and progress notes) and what the caller may do. */
export async function taskProjects(ctx: ServiceContext, taskId: string) {
  const { task, ref } = await trackedTask(ctx, taskId);
  requireAbility(trackingPolicy.project.read, ctx.actor, ref, 'read projects');
  const rows = await repo.findProjects(ctx.db, { regionCode: task.region_code, taskId });
  const tl = await repo.projectTimeline(ctx.db, task.region_code, rows.map((r) => r.id));
  return {
    taskId,
    projects: rows.map((r) => ({ ...withAbilities(ctx, ref)(r), timeline: timelineOf(tl, r.id) })),
    abilities: abilitiesOf(trackingPolicy.project, ctx.actor, ref),
  };
}

/** Count and amount (万元) of a set of projects. */
export interface ProjectTotal {
  count: number;
  amount: number;
}
const sum = (rows: { amount: number }[]): ProjectTotal => ({ count: rows.length, amount: Math.round(rows.reduce((s, r) => s + Number(r.amount), 0) * 10_000) / 10_000 });

/**
 * A plan's projects, filtered by stage, kind, lead unit and region, with count and amount in all and by stage (the
 * totals leave out the stage filter). Every
 * project of a plan the caller may read is listed (projects are seen by whoever sees their task).
 */
export async function planProjects(ctx: ServiceContext, planId: string, filter: repo.ProjectFilter = {}) {
  const plan = await visiblePlanOr404(ctx, planId);
  const ref: TaskRef = { leadUnitId: null, coUnitIds: [], planReadable: true, closed: false };
  requireAbility(trackingPolicy.project.read, ctx.actor, ref, 'read projects');
  // The totals by stage follow every filter but the stage itself, so they still show the whole pipeline.
  const { stage: only, ...others } = filter;
  const pipeline = await repo.findProjects(ctx.db, { regionCode: plan.region_code, planId, ...others });
  return {
    plan: { id: plan.id, title: plan.title, regionCode: plan.region_code },
    projects: only ? pipeline.filter((r) => r.stage === only) : pipeline,
    totals: { all: sum(pipeline), byStage: PROJECT_STAGES.map((stage) => ({ stage, ...sum(pipeline.filter((r) => r.stage === stage)) })) },
    canImport: trackingPolicy.project.import(ctx.actor, ref),
  };
}

/** A plan's projects (with the same filters) as an xlsx workbook: one row per project, then the totals by stage. */
export async function exportPlanProjects(ctx: ServiceContext, planId: string, filter: repo.ProjectFilter = {}) {
  const data = await planProjects(ctx, planId, filter);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目清单');
  ws.columns = [
    { header: '序号', width: 6 },
    { header: '任务序号', width: 9 },
    { header: '重点任务', width: 36 },
    { header: '牵头单位', width: 16 },
    { header: '项目名称', width: 30 },
    { header: '项目类别', width: 9 },
    { header: '金额（万元）', width: 13 },
    { header: '所在区域', width: 12 },
    { header: '合作企业', width: 24 },
    { header: '统一社会信用代码', width: 22 },
    { header: '产业链环节', width: 14 },
    { header: '阶段', width: 8 },
    { header: '签约日期', width: 12 },
    { header: '开工日期', width: 12 },
    { header: '投产日期', width: 12 },
    { header: '达产日期', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  data.projects.forEach((p, i) =>
    ws.addRow([i + 1, p.task_seq, p.task_title, p.lead_unit_name, p.name, KIND_NAMES[p.kind].zh, Number(p.amount), p.site_region_name ?? p.site_region_code, p.partner_name, p.partner_uscc, p.chain_segment, STAGE_NAMES[p.stage].zh, p.signed_on, p.started_on, p.producing_on, p.full_on]),
  );
  ws.addRow([]);
  ws.addRow(['', '', '合计', '', `${data.totals.all.count} 个`, '', data.totals.all.amount]).font = { bold: true };
  for (const s of data.totals.byStage) ws.addRow(['', '', STAGE_NAMES[s.stage].zh, '', `${s.count} 个`, '', s.amount]);
  return { fileName: `${data.plan.title.slice(0, 60)}-项目清单.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/** Projects signed and landed (投产/达产) with amounts, for one lead unit or one lead leader. */
export interface ProjectResultLine {
  id: string | null;
  name: string;
  signed: ProjectTotal;
  landed: ProjectTotal;
}

/**
 * Projects signed and landed (reached 投产, 达产 included) within a period, with their amounts (万元), per lead unit and
 * per lead leader (the task's first leader): the results record's (实绩档案) project figures. A project counts as signed
 * when its 签约 date falls in the period, as landed when its 投产 date does. Only plans the caller may read count;
 * without `planIds`, every plan of the region.
 * @example projectResults(ctx, { regionCode: '120000', from: '2025-01-01', to: '2025-12-31' })
 */
export async function projectResults(ctx: ServiceContext, query: { regionCode: string; planIds?: string[]; from: string; to: string }) {
  const candidates = query.planIds ?? (await ctx.db.selectFrom('plans').select('id').where('region_code', '=', query.regionCode).execute()).map((p) => p.id);
  const readable: string[] = [];
  for (const id of candidates) {
    const plan = await visiblePlanOr404(ctx, { id, region_code: query.regionCode }).catch(() => null);
    if (plan) readable.push(plan.id);
  }
  requireAbility(trackingPolicy.project.read, ctx.actor, { leadUnitId: null, coUnitIds: [], planReadable: true, closed: false }, 'read projects');
  const rows = await repo.projectsWithLeads(ctx.db, query.regionCode, readable);
  const inPeriod = (d: string | null) => d !== null && d >= query.from && d <= query.to;
  const group = (key: (r: (typeof rows)[number]) => [string | null, string | null]) => {
    const by = new Map<string, { id: string | null; name: string; rows: typeof rows }>();
    for (const r of rows) {
      const [id, name] = key(r);
      if (!name) continue;
      const k = id ?? `name:${name}`;
      if (!by.has(k)) by.set(k, { id, name, rows: [] });
      by.get(k)!.rows.push(r);
    }
    return [...by.values()]
      .map((g): ProjectResultLine => ({ id: g.id, name: g.name, signed: sum(g.rows.filter((r) => inPeriod(r.signed_on))), landed: sum(g.rows.filter((r) => LANDED_STAGES.includes(r.stage) && inPeriod(r.producing_on))) }))
      .filter((l) => l.signed.count > 0 || l.landed.count > 0)
      .sort((a, b) => b.signed.amount + b.landed.amount - (a.signed.amount + a.landed.amount) || a.name.localeCompare(b.name, 'zh'));
  };
  return {
    from: query.from,
    to: query.to,
    byUnit: group((r) => [r.unit_id, r.unit_name]),
    byLeader: group((r) => [r.person_id, r.leader_name]),
  };
}
