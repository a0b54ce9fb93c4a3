import { sql, type Updateable } from 'kysely';
import { isCalendarDate } from '../../lib/calendar-date.ts';
import { abilitiesOf, requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { AppError, ConflictError, ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import type { Database } from '../../server/database.ts';
import { recordAudit } from '../org/index.ts';
import type { DocumentNode, DocumentTable, ParsedDocument } from '../documents/index.ts';
import { ledgerPolicy, STATUS_FLOW, type PlanRef } from './ledger.policy.ts';
import type { PlanMeta, PlanStatus, PlanType, ReportCycle } from './ledger.tables.ts';

/** The reporting cycles a plan may have. */
export const REPORT_CYCLES: readonly ReportCycle[] = ['monthly', 'quarterly', 'per_task'];
import { buildTree, diffVersions, flattenTree, type PlanTreeNode } from './ledger.versions.domain.ts';
import * as repo from './ledger.plans.repo.ts';
import { visiblePlanOr404 } from './ledger.access.ts';

/** Plan statuses as the Chinese UI names them, for the Chinese half of a refused status change. */
const STATUS_ZH: Record<PlanStatus, string> = { draft: '讨论稿', consultation: '征求意见', adopted: '审议通过', issued: '印发' };

type PlanRow = NonNullable<Awaited<ReturnType<typeof repo.findPlan>>>;

const ref = (p: Pick<PlanRow, 'owner_unit_id' | 'status' | 'consulted_unit_ids'>): PlanRef => ({ ownerUnitId: p.owner_unit_id, status: p.status, consultedUnitIds: p.consulted_unit_ids ?? [] });

/** The statuses this caller may move a plan to next: the UI offers exactly these. */
const nextStatuses = (ctx: ServiceContext, p: PlanRow): PlanStatus[] => (ledgerPolicy.plan.setStatus(ctx.actor, ref(p)) ? STATUS_FLOW[p.status] : []);

const withAbilities = (ctx: ServiceContext) => (p: PlanRow) => ({ ...p, abilities: abilitiesOf(ledgerPolicy.plan, ctx.actor, ref(p)), next_statuses: nextStatuses(ctx, p) });

// Every use of a plan starts here: a plan the caller may not read is reported missing.
const planOr404 = (ctx: ServiceContext, id: string): Promise<PlanRow> => visiblePlanOr404(ctx, id);

/**
 * Guesses the kind of plan from its title: 清单/任务分工 a task list; a unit's 工作方案/实施方案/行动方案/工作要点 a
 * work plan; 决定 a decision and 意见 an opinion, the one named last winning (…执法决定…的指导意见 is an opinion,
 * 关于印发《…〈决定〉的意见》的通知 too); anything else a plan. The import page proposes what this says (parsePlanDocument).
 * @example planTypeFromTitle('国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见') // 'opinion'
 */
export function planTypeFromTitle(title: string): PlanType {
  if (/清单|任务分工|分工方案/.test(title)) return 'task_list';
  if (/工作方案|实施方案|行动方案|工作要点/.test(title) && /(区|局|委|办|厅|公司|协会)/.test(title.replace(/方案.*/, ''))) return 'work_plan';
  const decision = title.lastIndexOf('决定');
  const opinion = title.lastIndexOf('意见');
  if (decision < 0 && opinion < 0) return 'plan';
  return decision > opinion ? 'decision' : 'opinion';
}

/** Turns the parser's tree into the editable tree the ledger stores. */
export function treeFromDocument(nodes: DocumentNode[]): PlanTreeNode[] {
  return nodes.map((n) => ({
    kind: n.kind,
    marker: n.marker,
    heading: n.heading,
    text: n.text,
    ordinal: n.ordinal,
    sourceLine: n.sourceLine,
    children: treeFromDocument(n.children),
  }));
}

/** Fields a plan is created with; `document` carries a parsed text to start version 1 from. */
export interface PlanInput {
  title: string;
  planType: PlanType;
  regionCode: string;
  issuer?: string | null;
  docNumber?: string | null;
  issuedOn?: string | null;
  /** 印发日期; defaults to issuedOn (the document's date). */
  issuedDate?: string | null;
  reportCycle?: ReportCycle;
  ownerUnitId?: string | null;
  parentPlanId?: string | null;
  parentNodeKey?: string | null;
  nodes?: PlanTreeNode[];
  meta?: PlanMeta;
  tables?: DocumentTable[] | unknown[];
  sourceName?: string | null;
  sourceText?: string | null;
  note?: string;
}

const LONG_TEXT = 100_000;

// The route's schema checks the same; this holds for the CLI and the seed, which call the service directly. A date the
// calendar does not have (2019-02-30) passes the schema's pattern but would fail in the database.
function validatePlan(input: Pick<PlanInput, 'title' | 'issuedOn' | 'issuedDate' | 'reportCycle' | 'meta'>) {
  const issues: { field: string; message: string }[] = [];
  if (!input.title?.trim()) issues.push({ field: 'title', message: '标题不能为空 / title is required' });
  for (const field of ['issuedOn', 'issuedDate'] as const) {
    const value = input[field];
    if (value && !isCalendarDate(value)) issues.push({ field, message: '日期应为 YYYY-MM-DD 格式的有效日期 / expected a valid YYYY-MM-DD date' });
  }
  if (input.reportCycle !== undefined && !REPORT_CYCLES.includes(input.reportCycle)) {
    issues.push({ field: 'reportCycle', message: `应为 ${REPORT_CYCLES.join('、')} 之一 / expected one of ${REPORT_CYCLES.join(', ')}` });
  }
  if (input.meta?.date && !isCalendarDate(input.meta.date)) issues.push({ field: 'meta.date', message: '日期应为 YYYY-MM-DD 格式的有效日期 / expected a valid YYYY-MM-DD date' });
  for (const field of ['preamble', 'closing'] as const) {
    if ((input.meta?.[field]?.length ?? 0) > LONG_TEXT) issues.push({ field: `meta.${field}`, message: `不能超过 ${LONG_TEXT} 个字 / at most ${LONG_TEXT} characters` });
  }
  if (issues.length) throw new ValidationError('规划信息有误 / invalid plan', issues);
}

/** Creates a plan with version 1 (from a parsed document, a tree, or empty), in one transaction with its audit entry. */
export async function createPlan(ctx: ServiceContext, input: PlanInput) {
  requireAbility(ledgerPolicy.plan.create, ctx.actor, undefined as never, 'create plan');
  validatePlan(input);
  const ownerUnitId = input.ownerUnitId ?? (ctx.actor.kind === 'user' ? ctx.actor.unitId : null);
  if (ctx.actor.kind === 'user' && !ledgerPolicy.plan.edit(ctx.actor, { ownerUnitId, status: 'draft', consultedUnitIds: [] })) {
    throw new ValidationError('只能为本单位创建规划 / you can create plans for your own unit only', [{ field: 'ownerUnitId', message: 'not your unit' }]);
  }
  return inTransaction(ctx, async (trx) => {
    if (input.parentPlanId) {
      const parent = await repo.findPlanById(trx, input.parentPlanId);
      if (!parent) throw new ValidationError('上级规划不存在 / parent plan not found', [{ field: 'parentPlanId', message: 'not found' }]);
      if (input.parentNodeKey) {
        const node = await trx.selectFrom('plan_nodes').select('id').where('region_code', '=', parent.region_code).where('plan_id', '=', parent.id).where('node_key', '=', input.parentNodeKey).executeTakeFirst();
        if (!node) throw new ValidationError('上级规划中没有该条目 / node not found in the parent plan', [{ field: 'parentNodeKey', message: 'not found' }]);
      }
    }
    const row = await trx
      .insertInto('plans')
      .values({
        region_code: input.regionCode,
        title: input.title.trim(),
        plan_type: input.planType,
        issuer: input.issuer ?? null,
        doc_number: input.docNumber ?? null,
        issued_on: input.issuedOn ?? null,
        issued_date: input.issuedDate ?? input.issuedOn ?? null,
        ...(input.reportCycle ? { report_cycle: input.reportCycle } : {}),
        owner_unit_id: ownerUnitId,
        parent_plan_id: input.parentPlanId ?? null,
        parent_node_key: input.parentNodeKey ?? null,
        created_by: ctx.actor.userId,
      })
      .returning(['id', 'region_code'])
      .executeTakeFirstOrThrow();
    const nodes = flattenTree(input.nodes ?? [], repo.newNodeKey);
    await repo.insertVersion(trx, row, 1, {
      nodes,
      meta: input.meta ?? {},
      tables: input.tables ?? [],
      note: input.note ?? '初稿 / first draft',
      sourceName: input.sourceName,
      sourceText: input.sourceText,
      createdBy: ctx.actor.userId,
    });
    const plan = (await repo.findPlan(trx, row))!;
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'plan',
      entityId: row.id,
      regionCode: row.region_code,
      summary: `新建规划《${plan.title}》（${nodes.length} 个条目）`,
      after: plan,
    });
    return withAbilities(ctx)(plan);
  });
}

/** Creates a plan from a parsed official document, keeping its title, number, issuer, date, preamble, closing and tables. */
export function createPlanFromDocument(
  ctx: ServiceContext,
  doc: ParsedDocument,
  opts: { regionCode: string; planType?: PlanType; title?: string; ownerUnitId?: string | null; sourceName?: string; sourceText?: string; issuedDate?: string | null; reportCycle?: ReportCycle },
) {
  const title = opts.title ?? doc.embeddedTitle ?? doc.title ?? opts.sourceName ?? '未命名文件';
  return createPlan(ctx, {
    title,
    planType: opts.planType ?? planTypeFromTitle(title),
    regionCode: opts.regionCode,
    issuer: doc.issuer,
    docNumber: doc.docNumber,
    issuedOn: doc.date,
    issuedDate: opts.issuedDate,
    reportCycle: opts.reportCycle,
    ownerUnitId: opts.ownerUnitId,
    nodes: treeFromDocument(doc.nodes),
    meta: {
      title: doc.title,
      docNumber: doc.docNumber,
      issuer: doc.issuer,
      date: doc.date,
      dateText: doc.dateText,
      addressee: doc.addressee,
      preamble: doc.preamble,
      closing: doc.closing,
      coveringNotice: doc.coveringNotice,
      embeddedTitle: doc.embeddedTitle,
      warnings: doc.warnings,
    },
    tables: doc.tables,
    sourceName: opts.sourceName,
    sourceText: opts.sourceText,
    note: `导入 ${opts.sourceName ?? ''}`.trim(),
  });
}

/**
 * Reads an uploaded official document into a plan's tree without saving anything: the first step of creating a plan,
 * so only those who may create plans (`plan.create`) get this far, checked before a byte of the upload is read.
 * `suggestedTitle` and `suggestedPlanType` are what saving it as is would give (the same rule as {@link createPlanFromDocument}),
 * so the import page proposes exactly what the server would choose.
 */
export async function parsePlanDocument(ctx: ServiceContext, upload: (maxBytes: number) => Promise<{ fileName: string; bytes: Uint8Array }>) {
  requireAbility(ledgerPolicy.plan.create, ctx.actor, undefined, 'parse a document for a plan');
  // The document readers (mammoth, pdf.js) load on first use, not at start-up.
  const { parseUploadedDocument, MAX_UPLOAD_BYTES } = await import('./ledger.documents.ts');
  const { fileName, bytes } = await upload(MAX_UPLOAD_BYTES);
  const parsed = await parseUploadedDocument(bytes, fileName);
  const suggestedTitle = parsed.document.embeddedTitle ?? parsed.document.title ?? fileName.replace(/\.[^.]+$/, '');
  return { ...parsed, suggestedTitle, suggestedPlanType: planTypeFromTitle(suggestedTitle) };
}

/** Plans visible to the caller, newest first, with abilities and task counts. */
export async function listPlans(ctx: ServiceContext, opts: { q?: string; status?: PlanStatus; planType?: PlanType } = {}) {
  requireAbility(ledgerPolicy.plan.list, ctx.actor, undefined, 'list plans');
  let q = ctx.db
    .selectFrom('plans')
    .selectAll('plans')
    .select(repo.consultedUnitIds)
    .select((eb) => [
      eb.selectFrom('tasks').select((e) => e.fn.countAll<number>().as('n')).whereRef('tasks.region_code', '=', 'plans.region_code').whereRef('tasks.plan_id', '=', 'plans.id').as('task_count'),
      eb.selectFrom('plan_comments').select((e) => e.fn.countAll<number>().as('n')).whereRef('plan_comments.region_code', '=', 'plans.region_code').whereRef('plan_comments.plan_id', '=', 'plans.id').as('comment_count'),
    ]);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.planType) q = q.where('plan_type', '=', opts.planType);
  if (opts.q?.trim()) q = q.where('title', 'ilike', `%${opts.q.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  // Plans the caller may not read are left out (drafts of other units); the directory holds hundreds, not millions.
  const rows = (await q.orderBy('updated_at', 'desc').limit(5000).execute()).filter((r) => ledgerPolicy.plan.read(ctx.actor, ref(r))).slice(0, 500);
  return rows.map((r) => ({ ...withAbilities(ctx)(r), task_count: Number(r.task_count), comment_count: Number(r.comment_count) }));
}

/** A plan with one version's metadata and node tree, its versions, and the plans derived from it (and its parent). */
export async function getPlan(ctx: ServiceContext, id: string, opts: { version?: number } = {}) {
  const plan = await planOr404(ctx, id);
  const number = opts.version ?? plan.current_version;
  const version = await ctx.db.selectFrom('plan_versions').selectAll().where('region_code', '=', plan.region_code).where('plan_id', '=', id).where('number', '=', number).executeTakeFirst();
  if (!version) throw bilingualNotFound(`规划 ${id} 没有第 ${number} 版`, `Version ${number} of plan ${id}`);
  const versions = await ctx.db
    .selectFrom('plan_versions')
    .select(['number', 'note', 'created_at', 'created_by', 'source_name'])
    .where('region_code', '=', plan.region_code)
    .where('plan_id', '=', id)
    .orderBy('number', 'desc')
    .execute();
  const nodes = await repo.loadNodes(ctx.db, plan, number);
  const derived = await repo.derivedPlans(ctx.db, id);
  const parentRow = plan.parent_plan_id ? await repo.findPlanById(ctx.db, plan.parent_plan_id) : undefined;
  const parent = parentRow ? { id: parentRow.id, title: parentRow.title, plan_type: parentRow.plan_type, status: parentRow.status } : null;
  let parentNode: { marker: string; heading: string } | null = null;
  if (parentRow && plan.parent_node_key) {
    parentNode = (await ctx.db
      .selectFrom('plan_nodes')
      .select(['marker', 'heading'])
      .where('region_code', '=', parentRow.region_code)
      .where('plan_id', '=', parentRow.id)
      .where('node_key', '=', plan.parent_node_key)
      .orderBy('version_number', 'desc')
      .executeTakeFirst()) ?? null;
  }
  return {
    plan: withAbilities(ctx)(plan),
    version: { number: version.number, note: version.note, meta: version.meta, tables: version.tables as DocumentTable[], sourceName: version.source_name, createdAt: version.created_at },
    sourceText: version.source_text,
    tree: buildTree(nodes),
    versions,
    derived,
    parent: parent ? { ...parent, node: parentNode } : null,
    consulted_units: await repo.consultedUnits(ctx.db, plan),
  };
}

/**
 * Writes `set` to a plan, bumping its version and 更新时间; with `expectedVersion`, refuses (409) when someone changed
 * the plan since it was read. Returns the plan as stored now.
 */
async function updatePlanRow(trx: Tx, before: PlanRow, set: Updateable<Database['plans']>, expectedVersion: number | undefined): Promise<PlanRow> {
  let q = trx
    .updateTable('plans')
    .set((eb) => ({ ...set, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('region_code', '=', before.region_code)
    .where('id', '=', before.id);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  if (Number((await q.executeTakeFirst()).numUpdatedRows) === 0) throw new ConflictError('规划已被他人修改，请刷新 / the plan was changed by someone else; reload');
  return (await repo.findPlan(trx, before))!;
}

/** Changes a plan's title, type, issuer, number, date or owner unit. */
export async function updatePlan(
  ctx: ServiceContext,
  id: string,
  patch: { title?: string; planType?: PlanType; issuer?: string | null; docNumber?: string | null; issuedOn?: string | null; ownerUnitId?: string | null; version?: number },
) {
  const before = await planOr404(ctx, id);
  requireAbility(ledgerPolicy.plan.edit, ctx.actor, ref(before), 'edit plan');
  validatePlan({ title: patch.title ?? before.title, issuedOn: patch.issuedOn });
  if (patch.ownerUnitId !== undefined && patch.ownerUnitId !== before.owner_unit_id) {
    requireAbility(ledgerPolicy.plan.edit, ctx.actor, { ownerUnitId: patch.ownerUnitId, status: before.status, consultedUnitIds: before.consulted_unit_ids }, 'hand the plan to another unit');
  }
  return inTransaction(ctx, async (trx) => {
    const after = await updatePlanRow(
      trx,
      before,
      {
        title: patch.title?.trim() ?? before.title,
        plan_type: patch.planType ?? before.plan_type,
        issuer: patch.issuer === undefined ? before.issuer : patch.issuer,
        doc_number: patch.docNumber === undefined ? before.doc_number : patch.docNumber,
        issued_on: patch.issuedOn === undefined ? before.issued_on : patch.issuedOn,
        owner_unit_id: patch.ownerUnitId === undefined ? before.owner_unit_id : patch.ownerUnitId,
      },
      patch.version,
    );
    await recordAudit(trx, ctx.actor, { action: 'update', entity: 'plan', entityId: id, regionCode: after.region_code, summary: `修改规划《${after.title}》`, before, after });
    return withAbilities(ctx)(after);
  });
}

/**
 * Sets when a plan takes effect (印发日期) and how often units report on it. The drafting office may do this at any
 * stage, after issue too (`plan.setStatus`), since the effective date is usually known only when the plan is issued.
 */
export async function setPlanSchedule(ctx: ServiceContext, id: string, patch: { issuedDate?: string | null; reportCycle?: ReportCycle; version?: number }) {
  const before = await planOr404(ctx, id);
  requireAbility(ledgerPolicy.plan.setStatus, ctx.actor, ref(before), 'set the plan schedule');
  validatePlan({ title: before.title, issuedDate: patch.issuedDate, reportCycle: patch.reportCycle });
  return inTransaction(ctx, async (trx) => {
    const after = await updatePlanRow(
      trx,
      before,
      {
        issued_date: patch.issuedDate === undefined ? before.issued_date : (patch.issuedDate ?? before.issued_on),
        report_cycle: patch.reportCycle ?? before.report_cycle,
      },
      patch.version,
    );
    await recordAudit(trx, ctx.actor, {
      action: 'set_schedule',
      entity: 'plan',
      entityId: id,
      regionCode: after.region_code,
      summary: `《${after.title}》印发日期 ${after.issued_date ?? '-'}，报送周期 ${after.report_cycle}`,
      before: { issued_date: before.issued_date, report_cycle: before.report_cycle },
      after: { issued_date: after.issued_date, report_cycle: after.report_cycle },
    });
    return withAbilities(ctx)(after);
  });
}

/**
 * Saves an edited tree (after merging, splitting, moving or re-levelling nodes) as a new version; nodes keep their
 * keys so the versions can be compared node by node. `basedOn` must be the current version (else someone saved first).
 */
export async function savePlanVersion(ctx: ServiceContext, id: string, input: { nodes: PlanTreeNode[]; note?: string; basedOn: number; meta?: Partial<PlanMeta> }) {
  const plan = await planOr404(ctx, id);
  requireAbility(ledgerPolicy.plan.edit, ctx.actor, ref(plan), 'edit plan text');
  const issues = checkTree(input.nodes);
  if (issues.length) throw new ValidationError('条目有误 / invalid nodes', issues);
  return inTransaction(ctx, async (trx) => {
    const locked = await sql<{ current_version: number }>`select current_version from plans where region_code = ${plan.region_code} and id = ${id} for update`.execute(trx);
    const current = locked.rows[0].current_version;
    if (current !== input.basedOn) throw new ConflictError(`已有更新的版本 ${current}，请刷新后再保存 / version ${current} was saved meanwhile; reload`);
    const prev = await trx.selectFrom('plan_versions').selectAll().where('region_code', '=', plan.region_code).where('plan_id', '=', id).where('number', '=', current).executeTakeFirstOrThrow();
    const oldNodes = await repo.loadNodes(trx, plan, current);
    const nodes = flattenTree(input.nodes, repo.newNodeKey);
    const changes = diffVersions(oldNodes, nodes);
    await repo.insertVersion(trx, plan, current + 1, {
      nodes,
      meta: { ...prev.meta, ...input.meta },
      tables: prev.tables,
      note: input.note?.trim() || `第 ${current + 1} 版`,
      sourceName: prev.source_name,
      sourceText: prev.source_text,
      createdBy: ctx.actor.userId,
    });
    await recordAudit(trx, ctx.actor, {
      action: 'new_version',
      entity: 'plan',
      entityId: id,
      regionCode: plan.region_code,
      summary: `《${plan.title}》第 ${current + 1} 版：${summarise(changes)}`,
      before: { version: current },
      after: { version: current + 1, changes: changes.slice(0, 200), ...(input.meta ? { meta: input.meta } : {}) },
    });
    return { version: current + 1, changes };
  });
}

function summarise(changes: { change: string }[]): string {
  const count = (c: string) => changes.filter((x) => x.change === c).length;
  return `新增 ${count('added')}、删除 ${count('removed')}、修改 ${count('changed')}、移动 ${count('moved')}`;
}

function checkTree(nodes: PlanTreeNode[], path = 'nodes'): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  nodes.forEach((n, i) => {
    const p = `${path}[${i}]`;
    if (!n.marker?.trim() && !n.heading?.trim() && !n.text?.trim()) issues.push({ field: p, message: '空条目 / empty node' });
    issues.push(...checkTree(n.children ?? [], `${p}.children`));
  });
  return issues;
}

/** Compares two versions of a plan node by node. */
export async function diffPlanVersions(ctx: ServiceContext, id: string, from: number, to: number) {
  const plan = await planOr404(ctx, id);
  const [a, b] = await Promise.all([repo.loadNodes(ctx.db, plan, from), repo.loadNodes(ctx.db, plan, to)]);
  if (a.length === 0 && b.length === 0) {
    const exists = await ctx.db.selectFrom('plan_versions').select('number').where('region_code', '=', plan.region_code).where('plan_id', '=', id).where('number', 'in', [from, to]).execute();
    if (exists.length < (from === to ? 1 : 2)) throw bilingualNotFound(`规划 ${id} 没有第 ${from} 版或第 ${to} 版`, `Version ${from} or ${to} of plan ${id}`);
  }
  return { from, to, changes: diffVersions(a, b) };
}

/** The comments of a plan not yet decided, one field issue each naming where it is, which unit gave it and what it says. */
async function undecidedComments(ctx: ServiceContext, plan: PlanRow): Promise<FieldIssue[]> {
  const rows = await ctx.db
    .selectFrom('plan_comments as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin('plan_nodes as n', (j) =>
      j.onRef('n.region_code', '=', 'c.region_code').onRef('n.plan_id', '=', 'c.plan_id').onRef('n.node_key', '=', 'c.node_key').on('n.version_number', '=', plan.current_version),
    )
    .select(['c.node_key', 'c.body', 'n.marker', 'n.heading'])
    .select((eb) => eb.fn.coalesce('u.short_name', 'u.name').as('unit_name'))
    .where('c.region_code', '=', plan.region_code)
    .where('c.plan_id', '=', plan.id)
    .where('c.decision', '=', 'pending')
    .orderBy('n.position')
    .orderBy('c.created_at')
    .execute();
  // The comments on the whole plan first, as the consultation tab shows them, then node by node.
  rows.sort((a, b) => Number(a.node_key !== null) - Number(b.node_key !== null));
  return rows.map((r, i) => {
    const node = `${r.marker ?? ''}${r.heading ?? ''}`.trim();
    const [zh, en] = !r.node_key ? ['总体意见', 'on the whole plan'] : node ? [node, node] : ['（该条目已删除）', '(node deleted)'];
    const body = r.body.length > 80 ? `${r.body.slice(0, 80)}…` : r.body;
    return { field: `comments[${i}]`, message: bilingual(`${zh}｜${r.unit_name}：${body}`, `${en} | ${r.unit_name}: ${body}`) };
  });
}

/**
 * Moves a plan along 讨论稿 → 征求意见 → 审议通过 → 印发 (or one step back before issue). Adopting a plan whose
 * consultation left comments undecided is refused with the list of them (409 undecided_comments) unless `confirm`.
 */
export async function setPlanStatus(ctx: ServiceContext, id: string, status: PlanStatus, opts: { confirm?: boolean; consultedUnitIds?: string[] } = {}) {
  const before = await planOr404(ctx, id);
  requireAbility(ledgerPolicy.plan.setStatus, ctx.actor, ref(before), 'change plan status');
  // Sending a plan out for consultation names the units asked; only they (and the owner's side) read it then.
  const consulted = status === 'consultation' ? [...new Set(opts.consultedUnitIds ?? [])] : [];
  if (status === 'consultation' && before.status !== status) {
    if (consulted.length === 0) {
      throw new ValidationError(bilingual('征求意见须选择征求意见的单位', 'choose the units to consult'), [
        { field: 'consultedUnitIds', message: bilingual('至少选择一个单位', 'choose at least one unit') },
      ]);
    }
    const known = await ctx.db.selectFrom('units').select('id').where('id', 'in', consulted).execute();
    const missing = consulted.filter((u) => !known.some((k) => k.id === u));
    if (missing.length) {
      throw new ValidationError(bilingual(`征求意见的单位不存在：${missing.join('、')}`, `unknown unit(s) to consult: ${missing.join(', ')}`), [
        { field: 'consultedUnitIds', message: bilingual('单位不存在', 'no such unit') },
      ]);
    }
  }
  if (before.status === status) return withAbilities(ctx)(before);
  if (before.status === 'issued') {
    throw new ValidationError(
      bilingual(`《${before.title}》已印发，状态不能再改变；印发后的修改请另行起草新的规划`, `plan "${before.title}" is issued and its status can no longer change; changes after issue go into a new plan`),
      [{ field: 'status', message: bilingual('已印发的规划不能退回', 'an issued plan cannot be sent back') }],
    );
  }
  if (!STATUS_FLOW[before.status].includes(status)) {
    const allowed = STATUS_FLOW[before.status];
    throw new ValidationError(bilingual(`不能从「${STATUS_ZH[before.status]}」直接变为「${STATUS_ZH[status]}」`, `cannot go from ${before.status} to ${status}`), [
      { field: 'status', message: bilingual(`可以变为：${allowed.map((s) => STATUS_ZH[s]).join('、')}`, `allowed: ${allowed.join(', ')}`) },
    ]);
  }
  if (before.status === 'consultation' && status === 'adopted' && !opts.confirm) {
    const undecided = await undecidedComments(ctx, before);
    if (undecided.length) {
      throw new AppError(
        'undecided_comments',
        409,
        bilingual(
          `还有 ${undecided.length} 条意见未处理。请先逐条处理，或确认仍要审议通过`,
          `${undecided.length} comment(s) from the consultation are still undecided; decide them first, or confirm to adopt anyway`,
        ),
        undecided,
      );
    }
  }
  return inTransaction(ctx, async (trx) => {
    await trx.updateTable('plans').set((eb) => ({ status, updated_at: new Date(), version: eb('version', '+', 1) })).where('region_code', '=', before.region_code).where('id', '=', id).execute();
    if (status === 'consultation') await repo.replaceConsultedUnits(trx, before, consulted);
    const after = (await repo.findPlan(trx, before))!;
    await recordAudit(trx, ctx.actor, {
      action: 'set_status',
      entity: 'plan',
      entityId: id,
      regionCode: after.region_code,
      // Names, not codes, in both languages (the audit log shows the summary as written).
      summary: bilingual(`《${after.title}》状态 ${STATUS_ZH[before.status]} → ${STATUS_ZH[status]}`, `“${after.title}” status ${before.status} → ${status}`),
      before: { status: before.status, consultedUnitIds: before.consulted_unit_ids },
      after: status === 'consultation' ? { status, consultedUnitIds: after.consulted_unit_ids } : { status },
    });
    return withAbilities(ctx)(after);
  });
}

/**
 * Derives a plan from one node of another plan (逐级分解: a unit's work plan implementing a municipal task).
 * The node's subtree starts the new plan's text; the link is kept both ways (parent_plan_id here, `derived` there).
 */
export async function derivePlan(
  ctx: ServiceContext,
  parentId: string,
  input: { nodeKey: string; title: string; ownerUnitId?: string | null; planType?: PlanType; regionCode?: string },
) {
  requireAbility(ledgerPolicy.plan.derive, ctx.actor, undefined as never, 'derive plan');
  const parent = await planOr404(ctx, parentId);
  const nodes = await repo.loadNodes(ctx.db, parent, parent.current_version);
  const root = nodes.find((n) => n.key === input.nodeKey);
  if (!root) throw new ValidationError('上级规划中没有该条目 / node not found in the plan', [{ field: 'nodeKey', message: 'not found' }]);
  const find = (n: PlanTreeNode): PlanTreeNode[] => (n.key === input.nodeKey ? [n] : n.children.flatMap(find));
  const subtree = buildTree(nodes).flatMap(find);
  const strip = (n: PlanTreeNode): PlanTreeNode => ({ ...n, key: undefined, children: n.children.map(strip) });
  return createPlan(ctx, {
    title: input.title,
    planType: input.planType ?? 'work_plan',
    regionCode: input.regionCode ?? parent.region_code,
    ownerUnitId: input.ownerUnitId,
    parentPlanId: parentId,
    parentNodeKey: input.nodeKey,
    nodes: subtree.map(strip),
    meta: { preamble: `为落实《${parent.title}》${root.marker}${root.heading}，制定本方案。` },
    note: `由《${parent.title}》${root.marker}${root.heading} 分解`,
  });
}

/** Deletes a plan with everything under it (administrators; the owner while it is a draft). */
export async function deletePlan(ctx: ServiceContext, id: string) {
  const plan = await planOr404(ctx, id);
  requireAbility(ledgerPolicy.plan.delete, ctx.actor, ref(plan), 'delete plan');
  await inTransaction(ctx, async (trx) => {
    const children = await repo.derivedPlans(trx, id);
    if (children.length) throw new ConflictError(`仍有 ${children.length} 个分解方案引用本规划 / ${children.length} derived plans still refer to this plan`);
    await trx.deleteFrom('plans').where('region_code', '=', plan.region_code).where('id', '=', id).execute();
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'plan', entityId: id, regionCode: plan.region_code, summary: `删除规划《${plan.title}》`, before: plan });
  });
}
