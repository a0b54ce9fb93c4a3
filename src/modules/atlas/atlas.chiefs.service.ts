import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound, halves } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { actorRegion, listPeople, listUnits, recordAudit } from '../org/index.ts';
import { countedDecisions } from './atlas.analysis.domain.ts';
import { findEnterpriseByUscc, linkedEnterprises, listChokepoints } from './atlas.analysis.repo.ts';
import { chainGaps, currentChain, memberCodes, regionIndex } from './atlas.analysis.service.ts';
import {
  CHIEF_LISTS,
  CHIEF_LIST_KEYS,
  ITEM_STATUSES,
  PROJECT_STAGES,
  atlasSheet,
  checkChiefItem,
  duplicateProblem,
  ledgerSheet,
  listSheet,
  type ChiefItemInput,
  type ChiefItemValues,
  type ChiefPerson,
  type SheetItem,
  type WorkingGroupMember,
} from './atlas.chiefs.domain.ts';
import { chiefHead, chiefItem, chiefItems, chiefRegions, deleteChiefItem, insertChiefItem, updateChiefItem, writeChiefHead, type ChiefItemRow, type HeadValues } from './atlas.chiefs.repo.ts';
import type { ChiefHeadBody, ChiefItem, ChiefItemBody, ChiefItemPatch, ChiefRecord } from './atlas.chiefs.schema.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { normaliseUscc, usccProblem } from './atlas.uscc.domain.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const issue = (field: string, zh: string, en: string): FieldIssue => ({ field, message: bilingual(zh, en) });
/** Refuses a change, its message listing the problems; each problem names its field as the form labels it (never the API's key). */
function fail(what: { zh: string; en: string }, issues: FieldIssue[]): never {
  throw new ValidationError(bilingual(`${what.zh}：${issues.map((i) => halves(i.message).zh).join('；')}`, `${what.en}: ${issues.map((i) => halves(i.message).en).join('; ')}`), issues);
}
const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const today = () => new Date().toISOString().slice(0, 10);
const by = (ctx: ServiceContext) => ({ id: ctx.actor.userId, name: ctx.actor.name });

type Chain = Awaited<ReturnType<typeof currentChain>>;
/** The tracking projects of key projects followed in the ledger, by id, as the tracking module has them now. */
type Tracked = ReadonlyMap<string, { stage: 'signed' | 'started' | 'producing' | 'full'; stageOn: string | null }>;
/** The tracking module's stage names (签约 → 开工 → 投产 → 达产). */
const STAGE_NAMES = { signed: { zh: '签约', en: 'Signed' }, started: { zh: '开工', en: 'Started' }, producing: { zh: '投产', en: 'In production' }, full: { zh: '达产', en: 'Full production' } } as const;

/**
 * The region whose record a request means: the one named (a 6-digit code of the regions table), else the caller's own;
 * a caller of no region (an administrator) gets the first region keeping a record of the chain.
 */
async function recordRegion(ctx: ServiceContext, chainKey: string, raw: string | undefined): Promise<string> {
  const { rows } = await regionIndex(ctx);
  if (raw !== undefined && raw !== '') {
    if (!/^[0-9]{6}$/.test(raw) || !rows.has(raw)) throw new ValidationError(bilingual(`地区代码「${raw}」不在地区表中`, `region "${raw}" is not in the regions table`), [issue('region', '地区代码无法识别', 'unknown region code')]);
    return raw;
  }
  const own = await actorRegion(ctx.db, ctx.actor);
  if (own !== '000000') return own;
  return (await chiefRegions(ctx.db, chainKey))[0] ?? own;
}

/** The region whose record a change is to (its keepers' own unless named), once the caller may change it. */
export async function editableChiefRegion(ctx: ServiceContext, chain: Chain, raw: string | undefined, what: string): Promise<string> {
  const own = await actorRegion(ctx.db, ctx.actor);
  // An account of no region (an administrator) names the region it changes: no record is 000000's.
  if ((raw === undefined || raw === '') && own === '000000' && atlasPolicy.chief.edit(ctx.actor, { regionCode: '120000', actorRegion: '120000' })) {
    throw new ValidationError(bilingual('请指定要修改的地区（region）', 'name the region whose record to change (region)'), [issue('region', '请指定地区', 'name the region')]);
  }
  const region = await recordRegion(ctx, chain.chain.key, raw);
  requireAbility(atlasPolicy.chief.edit, ctx.actor, { regionCode: region, actorRegion: own }, what);
  return region;
}

/** The chain's chokepoints (卡点) as the atlas marks them, by id with a label naming segment and technology. */
async function chokepointsOf(ctx: ServiceContext, chain: Chain) {
  const names = new Map(chain.version.segments.map((s) => [s.key, s.name]));
  return (await listChokepoints(ctx.db, chain.dataId)).map((c) => ({ id: c.id, segmentKey: c.segment_key, label: `${names.get(c.segment_key) ?? c.segment_key}${c.technology ? ` · ${c.technology}` : ''}` }));
}

/** The region's 堵点 as the atlas's gap analysis finds them (none for a region that is no place, or when it cannot tell). */
async function gapSegmentsOf(ctx: ServiceContext, chain: Chain, region: string): Promise<{ key: string; name: string }[]> {
  if (region === '000000') return [];
  const gaps = await chainGaps(ctx, chain.chain.id, { region, candidates: 0 });
  return gaps.gaps.map((g) => ({ key: g.segment.key, name: g.segment.name }));
}

function itemOut(r: ChiefItemRow, segments: ReadonlyMap<string, string>, chokepoints: ReadonlyMap<string, string>, gaps: ReadonlySet<string>, enterprises: ReadonlyMap<string, string>, projects: Tracked): ChiefItem {
  const project = r.tracked_project_id ? projects.get(r.tracked_project_id) : undefined;
  return {
    id: r.id,
    list: r.list,
    name: r.name,
    segmentKey: r.segment_key,
    segmentName: r.segment_key ? (segments.get(r.segment_key) ?? null) : null,
    uscc: r.uscc,
    enterpriseName: r.uscc ? (enterprises.get(r.uscc) ?? null) : null,
    role: r.role,
    amount: r.amount === null ? null : Number(r.amount),
    stage: r.stage,
    stageName: r.stage ? PROJECT_STAGES[r.stage] : null,
    status: r.status,
    statusName: r.status ? (ITEM_STATUSES[r.list][r.status] ?? null) : null,
    chokepointId: r.chokepoint_id,
    chokepoint: r.chokepoint_id ? (chokepoints.get(r.chokepoint_id) ?? null) : null,
    isGap: r.segment_key !== null && gaps.has(r.segment_key),
    issuer: r.issuer,
    docNumber: r.doc_number,
    issuedOn: r.issued_on,
    link: r.link,
    note: r.note,
    asOf: r.as_of,
    tracking: r.tracked_task_id
      ? {
          planId: r.tracked_plan_id,
          taskId: r.tracked_task_id,
          projectId: r.tracked_project_id,
          stage: project ? project.stage : null,
          stageName: project ? STAGE_NAMES[project.stage] : null,
          stageOn: project?.stageOn ?? null,
        }
      : null,
    updatedAt: iso(r.updated_at),
    updatedBy: r.updated_by_name,
  };
}

/**
 * A region's chain-chief record of a chain (链长制): 链长, 副链长, 链长办, working group and the lists (链主企业, key
 * projects, gaps, technologies, policies), each item with its segment's name, its enterprise's name from the directory,
 * its chokepoint, and whether the atlas finds its segment a 堵点 of the region. A region that keeps none reads empty.
 */
export async function getChief(ctx: ServiceContext, chainId: string, opts: { region?: string } = {}): Promise<ChiefRecord> {
  requireAbility(atlasPolicy.chief.read, ctx.actor, undefined as never, 'read a chain-chief record');
  const chain = await currentChain(ctx, chainId);
  const region = await recordRegion(ctx, chain.chain.key, opts.region);
  const { rows: regions } = await regionIndex(ctx);
  const [head, items, keeping, chokepoints, gapSegments, own] = await Promise.all([
    chiefHead(ctx.db, region, chain.chain.key),
    chiefItems(ctx.db, region, chain.chain.key),
    chiefRegions(ctx.db, chain.chain.key),
    chokepointsOf(ctx, chain),
    gapSegmentsOf(ctx, chain, region),
    actorRegion(ctx.db, ctx.actor),
  ]);
  const segments = new Map(chain.version.segments.map((s) => [s.key, s.name]));
  const enterprises = new Map<string, string>();
  for (const uscc of new Set(items.map((i) => i.uscc).filter((u): u is string => Boolean(u)))) {
    const e = await findEnterpriseByUscc(ctx.db, uscc);
    if (e) enterprises.set(uscc, e.name);
  }
  const gaps = new Set(gapSegments.map((g) => g.key));
  const tracked = items.filter((i) => i.tracked_project_id && i.tracked_region).map((i) => ({ regionCode: i.tracked_region!, id: i.tracked_project_id! }));
  const projects: Tracked = tracked.length ? await (await import('../tracking/index.ts')).projectStages(ctx, tracked) : new Map();
  return {
    chain: { id: chain.chain.id, key: chain.chain.key, name: chain.version.name, version: chain.version.version },
    regionCode: region,
    regionName: regions.get(region)?.name ?? region,
    regions: [...new Set([...keeping, ...(own !== '000000' ? [own] : [])])].sort().map((code) => ({ code, name: regions.get(code)?.name ?? code })),
    chief: head?.chief ?? null,
    deputies: head?.deputies ?? [],
    officeUnitId: head?.office_unit_id ?? null,
    officeName: head?.office_name ?? null,
    officeContact: head?.office_contact ?? null,
    workingGroup: head?.working_group ?? [],
    note: head?.note ?? null,
    updatedAt: head ? iso(head.updated_at) : null,
    updatedBy: head?.updated_by_name ?? null,
    items: items.map((r) => itemOut(r, segments, new Map(chokepoints.map((c) => [c.id, c.label])), gaps, enterprises, projects)),
    segments: chain.version.segments.map((s) => ({ key: s.key, name: s.name, parent: s.parent, stage: s.stage ?? null })),
    chokepoints: chokepoints.map((c) => ({ id: c.id, label: c.label })),
    gapSegments,
    stages: PROJECT_STAGES,
    statuses: ITEM_STATUSES,
    canEdit: atlasPolicy.chief.edit(ctx.actor, { regionCode: region, actorRegion: own }),
  };
}

/** Checks the head fields as written: people and the office unit by id are org's, named otherwise; problems by field. */
async function headValues(ctx: ServiceContext, body: ChiefHeadBody): Promise<HeadValues> {
  const issues: FieldIssue[] = [];
  const needsPeople = [body.chief, ...(body.deputies ?? [])].some((p) => p?.personId);
  const people = needsPeople ? new Map((await listPeople(ctx)).map((p) => [p.id, p])) : new Map();
  const person = (p: NonNullable<ChiefHeadBody['chief']>, field: string, who: { zh: string; en: string }): ChiefPerson | null => {
    const id = p.personId?.trim() || null;
    if (id) {
      const known = UUID.test(id) ? people.get(id) : undefined;
      if (!known) {
        issues.push(issue(`${field}.personId`, `${who.zh}：人员「${id}」不在人员名录中`, `${who.en}: person "${id}" is not in the directory`));
        return null;
      }
      return { personId: id, name: p.name?.trim() || known.name, title: p.title?.trim() || known.title || null };
    }
    const name = p.name?.trim();
    if (!name) {
      issues.push(issue(`${field}.name`, `${who.zh}：请填写姓名或选择人员`, `${who.en}: give a name or choose a person`));
      return null;
    }
    return { personId: null, name, title: p.title?.trim() || null };
  };
  const chief = body.chief ? person(body.chief, 'chief', { zh: '链长', en: 'chain chief' }) : null;
  const deputies = (body.deputies ?? []).map((d, i) => person(d, `deputies[${i}]`, { zh: `副链长第 ${i + 1} 行`, en: `deputy chief, row ${i + 1}` })).filter((d): d is ChiefPerson => d !== null);
  let officeName = body.officeName?.trim() || null;
  const officeUnitId = body.officeUnitId?.trim() || null;
  if (officeUnitId) {
    const unit = UUID.test(officeUnitId) ? (await listUnits(ctx)).units.find((u) => u.id === officeUnitId) : undefined;
    if (!unit) issues.push(issue('officeUnitId', `链长办：单位「${officeUnitId}」不在单位名录中`, `chain office: unit "${officeUnitId}" is not in the directory`));
    else officeName = officeName ?? unit.name;
  }
  const workingGroup: WorkingGroupMember[] = [];
  for (const [i, m] of (body.workingGroup ?? []).entries()) {
    const unit = m.unit.trim();
    if (!unit) issues.push(issue(`workingGroup[${i}].unit`, `工作专班第 ${i + 1} 行：请填写成员单位`, `working group, row ${i + 1}: name the member unit`));
    else workingGroup.push({ unit, person: m.person?.trim() || null, role: m.role?.trim() || null });
  }
  if (issues.length) fail({ zh: '链长制信息有误，未保存', en: 'the chain-chief record was not saved' }, issues);
  return { chief, deputies, office_unit_id: officeUnitId, office_name: officeName, office_contact: body.officeContact?.trim() || null, working_group: workingGroup, note: body.note?.trim() || null };
}

/** Sets the head of a region's record of a chain (链长, 副链长, 链长办, working group): the region's chain office. */
export async function updateChiefHead(ctx: ServiceContext, chainId: string, region: string | undefined, body: ChiefHeadBody): Promise<ChiefRecord> {
  const chain = await currentChain(ctx, chainId);
  const code = await editableChiefRegion(ctx, chain, region, 'edit a chain-chief record');
  const v = await headValues(ctx, body);
  await inTransaction(ctx, async (trx) => {
    const before = await chiefHead(trx, code, chain.chain.key);
    await writeChiefHead(trx, code, chain.chain.key, v, by(ctx));
    await recordAudit(trx, ctx.actor, { action: before ? 'update' : 'create', entity: 'chain_chief', entityId: `${code}:${chain.chain.key}`, regionCode: code, summary: `${chain.version.name} 链长制`, before: before ?? undefined, after: v });
  });
  return getChief(ctx, chainId, { region: code });
}

/** Refuses an item that repeats one already on its list in the region (another than `exceptId`). */
async function refuseDuplicate(trx: Tx, chain: Chain, region: string, v: ChiefItemValues, exceptId: string | null): Promise<void> {
  const problem = duplicateProblem(v, await chiefItems(trx, region, chain.chain.key), exceptId);
  if (problem) fail({ zh: `${CHIEF_LISTS[v.list].zh}事项未保存`, en: `the ${CHIEF_LISTS[v.list].en.toLowerCase()} item was not saved` }, [issue(problem.field, problem.zh, problem.en)]);
}

async function itemValues(ctx: ServiceContext, chain: Chain, input: ChiefItemInput) {
  const chokepoints = await chokepointsOf(ctx, chain);
  const checked = checkChiefItem(input, {
    segments: new Map(chain.version.segments.map((s) => [s.key, s.name])),
    chokepoints: new Set(chokepoints.map((c) => c.id)),
    usccProblem,
    normaliseUscc,
    today: today(),
  });
  if ('problems' in checked) {
    const list = CHIEF_LISTS[input.list as keyof typeof CHIEF_LISTS];
    fail({ zh: `${list?.zh ?? '清单'}事项有误，未保存`, en: `the ${list?.en.toLowerCase() ?? 'list'} item was not saved` }, checked.problems.map((p) => issue(p.field, p.zh, p.en)));
  }
  return checked.values;
}

/** Adds an item to one of a region's lists of a chain (链主企业, 重点项目, 补链, 攻关, 政策). */
export async function addChiefItem(ctx: ServiceContext, chainId: string, region: string | undefined, body: ChiefItemBody): Promise<ChiefRecord> {
  const chain = await currentChain(ctx, chainId);
  const code = await editableChiefRegion(ctx, chain, region, 'add to a chain-chief list');
  const v = await itemValues(ctx, chain, body);
  await inTransaction(ctx, async (trx) => {
    await refuseDuplicate(trx, chain, code, v, null);
    const id = await insertChiefItem(trx, code, chain.chain.key, v, by(ctx));
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'chain_chief_item', entityId: id, regionCode: code, summary: `${chain.version.name} ${CHIEF_LISTS[v.list].zh}：${v.name}`, after: v });
  });
  return getChief(ctx, chainId, { region: code });
}

async function itemOr404(ctx: ServiceContext, chain: Chain, region: string, itemId: string) {
  const row = UUID.test(itemId) ? await chiefItem(ctx.db, region, itemId) : undefined;
  if (!row || row.chain_key !== chain.chain.key) throw bilingualNotFound(`清单事项 ${itemId} 不存在`, `List item ${itemId}`);
  return row;
}

/** Changes an item of a region's list: the fields given replace the item's, then the whole item is checked again. */
export async function changeChiefItem(ctx: ServiceContext, chainId: string, region: string | undefined, itemId: string, patch: ChiefItemPatch): Promise<ChiefRecord> {
  const chain = await currentChain(ctx, chainId);
  const code = await editableChiefRegion(ctx, chain, region, 'change a chain-chief list item');
  const before = await itemOr404(ctx, chain, code, itemId);
  const merged: ChiefItemInput = {
    list: before.list,
    name: before.name,
    segmentKey: before.segment_key,
    uscc: before.uscc,
    role: before.role,
    amount: before.amount === null ? null : Number(before.amount),
    stage: before.stage,
    status: before.status,
    chokepointId: before.chokepoint_id,
    issuer: before.issuer,
    docNumber: before.doc_number,
    issuedOn: before.issued_on,
    link: before.link,
    note: before.note,
    // A change is as of today unless it says otherwise.
    asOf: today(),
  };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  const v = await itemValues(ctx, chain, merged);
  await inTransaction(ctx, async (trx) => {
    // Only a change of name or USCC can make a repeat (an older pair of repeats still takes a change of status).
    if (before.name !== v.name || before.uscc !== v.uscc) await refuseDuplicate(trx, chain, code, v, itemId);
    await updateChiefItem(trx, code, itemId, v, by(ctx));
    await recordAudit(trx, ctx.actor, { action: 'update', entity: 'chain_chief_item', entityId: itemId, regionCode: code, summary: `${chain.version.name} ${CHIEF_LISTS[v.list].zh}：${v.name}`, before, after: v });
  });
  return getChief(ctx, chainId, { region: code });
}

/** Deletes an item of a region's list. */
export async function removeChiefItem(ctx: ServiceContext, chainId: string, region: string | undefined, itemId: string): Promise<ChiefRecord> {
  const chain = await currentChain(ctx, chainId);
  const code = await editableChiefRegion(ctx, chain, region, 'delete a chain-chief list item');
  const before = await itemOr404(ctx, chain, code, itemId);
  await inTransaction(ctx, async (trx) => {
    await deleteChiefItem(trx, code, itemId);
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'chain_chief_item', entityId: itemId, regionCode: code, summary: `${chain.version.name} ${CHIEF_LISTS[before.list].zh}：${before.name}`, before });
  });
  return getChief(ctx, chainId, { region: code });
}

/** The enterprises linked to each segment (or one under it) in the region, counted once per segment, as of the newest link counted. */
async function enterpriseCounts(ctx: ServiceContext, chain: Chain, region: string): Promise<Map<string, { count: number; asOf: string }>> {
  const { parents } = await regionIndex(ctx);
  const codes = memberCodes({ key: region, name: region, nameEn: region, codes: [region] }, parents);
  const keys = chain.version.segments.map((s) => s.key);
  const links = await linkedEnterprises(ctx.db, chain.dataId, keys, countedDecisions(false), { codes, outside: false }, 50_000);
  const parent = new Map(chain.version.segments.map((s) => [s.key, s.parent]));
  const sets = new Map<string, { ids: Set<string>; asOf: string }>();
  for (const l of links) {
    for (let k: string | null = l.segmentKey; k; k = parent.get(k) ?? null) {
      const s = sets.get(k) ?? { ids: new Set<string>(), asOf: l.asOf };
      s.ids.add(l.id);
      if (l.asOf > s.asOf) s.asOf = l.asOf;
      sets.set(k, s);
    }
  }
  return new Map([...sets].map(([k, s]) => [k, { count: s.ids.size, asOf: s.asOf }]));
}

/**
 * A region's chain-chief record as the Excel workbook the offices file: 链长制 (链长, 副链长, 链长办, working group),
 * one 清单 sheet per list, the 台账 (every item with status and dates) and the 图谱 (the chain's segments by stage with
 * the region's enterprise counts and the items that touch each).
 */
export async function chiefWorkbook(ctx: ServiceContext, chainId: string, opts: { region?: string } = {}): Promise<{ fileName: string; buffer: Buffer }> {
  const r = await getChief(ctx, chainId, opts);
  const chain = await currentChain(ctx, chainId);
  const counts = await enterpriseCounts(ctx, chain, r.regionCode);
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  const title = `${r.regionName}${r.chain.name}产业链链长制`;
  const head = book.addWorksheet('链长制');
  head.addRow([title]).font = { bold: true, size: 14 };
  const person = (p: ChiefPerson | null) => (p ? `${p.name}${p.title ? `（${p.title}）` : ''}` : '');
  head.addRow(['链长', person(r.chief)]);
  head.addRow(['副链长', r.deputies.map(person).join('、')]);
  head.addRow(['链长办', r.officeName ?? '']);
  head.addRow(['联系方式', r.officeContact ?? '']);
  head.addRow(['备注', r.note ?? '']);
  head.addRow(['更新', r.updatedAt ? `${r.updatedAt.slice(0, 10)} ${r.updatedBy ?? ''}` : '']);
  head.addRow([]);
  head.addRow(['工作专班']).font = { bold: true };
  head.addRow(['序号', '成员单位', '人员', '职责']).font = { bold: true };
  r.workingGroup.forEach((m, i) => head.addRow([i + 1, m.unit, m.person ?? '', m.role ?? '']));
  head.columns.forEach((c, i) => (c.width = [12, 36, 16, 30][i] ?? 12));
  const items: SheetItem[] = r.items.map((i) => ({ ...i, stage: i.stage as SheetItem['stage'] }));
  const addSheet = (name: string, s: { header: string[]; rows: (string | number)[][] }, widths: number[]) => {
    const sheet = book.addWorksheet(name);
    sheet.addRow(s.header).font = { bold: true };
    for (const row of s.rows) sheet.addRow(row);
    sheet.columns.forEach((c, i) => (c.width = widths[i] ?? 14));
  };
  for (const list of CHIEF_LIST_KEYS) addSheet(CHIEF_LISTS[list].sheet, listSheet(list, items), [6, 32, 22, 14, 22, 16, 12, 24, 12]);
  addSheet('台账', ledgerSheet(items), [6, 12, 32, 18, 8, 10, 12, 12, 12]);
  // A segment without enterprises counts none as of the newest link on the sheet (today's date when the region has none).
  const asOf = [...counts.values()].reduce((newest, c) => (c.asOf > newest ? c.asOf : newest), '') || today();
  addSheet('图谱', atlasSheet(chain.version.segments.map((s) => ({ key: s.key, parent: s.parent, stage: s.stage ?? null, name: s.name })), counts, items, asOf), [8, 28, 6, 12, 8, 8, 8, 8, 60, 12]);
  return { fileName: `${r.chain.key}-${r.regionCode}-链长制.xlsx`, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}
