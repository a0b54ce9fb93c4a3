import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ConflictError, ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { withinRegion } from './atlas.analysis.domain.ts';
import { chainGaps, regionIndex } from './atlas.analysis.service.ts';
import { findChain } from './atlas.chains.repo.ts';
import { INTERMEDIARY_KINDS, MEMBER_ROLES, compareMembers, gapChannels, memberRole, servesChain, type MemberRole } from './atlas.intermediaries.domain.ts';
import {
  allIntermediaries,
  allMembers,
  chainNames,
  clusterChains,
  deleteMember,
  enterprisesByUsccs,
  intermediaryById,
  intermediaryByUscc,
  membersOf,
  membershipsOfUsccs,
  upsertMembers,
  type IntermediaryRow,
  type MemberRow,
} from './atlas.intermediaries.repo.ts';
import type { GapChannels, IntermediaryBody, IntermediaryDetail, IntermediaryQuery, IntermediarySummary, Member, MemberBody, MemberPatch, Membership } from './atlas.intermediaries.schema.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { regionalNameTaken, writeRegionalRow } from './atlas.regional.repo.ts';
import { normaliseUscc, usccProblem } from './atlas.uscc.domain.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const issue = (field: string, zh: string, en: string, row?: number): FieldIssue => ({ field, message: bilingual(zh, en), ...(row === undefined ? {} : { row }) });
function fail(what: { zh: string; en: string }, issues: FieldIssue[]): never {
  const shown = issues.slice(0, 20);
  const more = issues.length > shown.length ? { zh: `等 ${issues.length} 处`, en: ` (${issues.length} problems in all)` } : { zh: '', en: '' };
  throw new ValidationError(
    bilingual(`${what.zh}：${shown.map((i) => i.message.split(' / ')[0]).join('；')}${more.zh}`, `${what.en}: ${shown.map((i) => i.message.split(' / ').slice(1).join(' / ') || i.message).join('; ')}${more.en}`),
    issues,
  );
}
const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const roleName = (r: MemberRole) => ({ zh: MEMBER_ROLES[r].zh, en: MEMBER_ROLES[r].en });
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** A USCC as typed, normalised and checked by GB 32100; the problem names the field (and row). */
function checkedUscc(raw: string, field: string, issues: FieldIssue[], row?: number): string | null {
  const code = normaliseUscc(raw);
  if (!code) {
    issues.push(issue(field, '请填写统一社会信用代码', 'give the USCC', row));
    return null;
  }
  const p = usccProblem(code);
  if (p) {
    issues.push(issue(field, `${row === undefined ? '' : `第 ${row} 行：`}统一社会信用代码「${code}」${p.zh}`, `${row === undefined ? '' : `row ${row}: `}the USCC "${code}" ${p.en}`, row));
    return null;
  }
  return code;
}

// --- the record ----------------------------------------------------------------------------------------------------

interface IntermediaryValues {
  region_code: string;
  name: string;
  kind: IntermediaryBody['kind'];
  uscc: string | null;
  contact: string | null;
  address: string | null;
  website: string | null;
  chain_ids: string[];
  cluster_ids: string[];
  note: string | null;
}

async function intermediaryValues(ctx: ServiceContext, body: IntermediaryBody, exceptId: string | null): Promise<IntermediaryValues> {
  const { rows } = await regionIndex(ctx);
  const issues: FieldIssue[] = [];
  const name = body.name.trim();
  if (!name) issues.push(issue('name', '请填写名称', 'name the intermediary'));
  if (!(body.kind in INTERMEDIARY_KINDS)) issues.push(issue('kind', `类型「${body.kind}」无法识别`, `unknown kind "${body.kind}"`));
  let regionOk = false;
  if (!/^[0-9]{6}$/.test(body.regionCode)) issues.push(issue('regionCode', `地区代码「${body.regionCode}」应为 6 位行政区划代码`, `region code "${body.regionCode}" must be a 6-digit GB/T 2260 code`));
  else if (!rows.has(body.regionCode)) issues.push(issue('regionCode', `地区代码「${body.regionCode}」不在地区表中`, `region code "${body.regionCode}" is not in the regions table`));
  else regionOk = true;
  const uscc = body.uscc?.trim() ? checkedUscc(body.uscc, 'uscc', issues) : null;
  if (uscc) {
    const other = await intermediaryByUscc(ctx.db, uscc, exceptId);
    if (other) issues.push(issue('uscc', `统一社会信用代码「${uscc}」已属于「${other.name}」`, `the USCC "${uscc}" already belongs to "${other.name}"`));
  }
  const website = body.website?.trim() || null;
  if (website && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(website)) issues.push(issue('website', `网址「${website}」应以 http:// 或 https:// 开头`, `the website "${website}" must start with http:// or https://`));
  const chainIds: string[] = [];
  for (const [i, id] of (body.chainIds ?? []).entries()) {
    const known = UUID.test(id) ? (await findChain(ctx.db, id)).find((c) => c.id === id) : undefined;
    if (!known) issues.push(issue(`chainIds[${i}]`, `产业链「${id}」不存在`, `unknown chain "${id}"`));
    else if (!chainIds.includes(id)) chainIds.push(id);
  }
  const wantedClusters = body.clusterIds ?? [];
  const clusters = await clusterChains(ctx.db, wantedClusters.filter((id) => UUID.test(id)));
  wantedClusters.forEach((id, i) => {
    if (!clusters.some((c) => c.id === id)) issues.push(issue(`clusterIds[${i}]`, `产业集群「${id}」不存在`, `unknown cluster "${id}"`));
  });
  if (regionOk && name && (await regionalNameTaken(ctx.db, 'atlas_intermediaries', body.regionCode, name, exceptId))) issues.push(issue('name', `该地区已有名为「${name}」的中介组织`, `the region already has an intermediary named "${name}"`));
  if (issues.length) fail({ zh: '中介组织信息有误，未保存', en: 'the intermediary was not saved' }, issues);
  return {
    region_code: body.regionCode,
    name,
    kind: body.kind,
    uscc,
    contact: body.contact?.trim() || null,
    address: body.address?.trim() || null,
    website,
    chain_ids: chainIds,
    cluster_ids: [...new Set(wantedClusters)],
    note: body.note?.trim() || null,
  };
}

async function findIntermediary(ctx: ServiceContext, id: string): Promise<IntermediaryRow> {
  const row = UUID.test(id) ? await intermediaryById(ctx.db, id) : undefined;
  if (!row) throw bilingualNotFound(`中介组织 ${id} 不存在`, `Intermediary ${id}`);
  return row;
}

/** Names of what a list of intermediaries refers to: regions, chains, clusters (with their chains). */
async function references(ctx: ServiceContext, rows: IntermediaryRow[]) {
  const { rows: regions, parents } = await regionIndex(ctx);
  const chains = new Map((await chainNames(ctx.db, [...new Set(rows.flatMap((r) => r.chain_ids))])).map((c) => [c.id, c.name]));
  const clusters = new Map((await clusterChains(ctx.db, [...new Set(rows.flatMap((r) => r.cluster_ids))])).map((c) => [c.id, c]));
  return { regions, parents, chains, clusters };
}

function summaryOf(ctx: ServiceContext, r: IntermediaryRow, refs: Awaited<ReturnType<typeof references>>, memberCount: number): IntermediarySummary {
  return {
    id: r.id,
    regionCode: r.region_code,
    regionName: refs.regions.get(r.region_code)?.name ?? r.region_code,
    name: r.name,
    kind: r.kind,
    kindName: INTERMEDIARY_KINDS[r.kind],
    uscc: r.uscc,
    contact: r.contact,
    address: r.address,
    website: r.website,
    chains: r.chain_ids.filter((id) => refs.chains.has(id)).map((id) => ({ id, name: refs.chains.get(id)! })),
    clusters: r.cluster_ids.filter((id) => refs.clusters.has(id)).map((id) => ({ id, name: refs.clusters.get(id)!.name })),
    note: r.note,
    memberCount,
    updatedAt: iso(r.updated_at) as IntermediarySummary['updatedAt'],
    canEdit: atlasPolicy.intermediary.write(ctx.actor),
  };
}

/**
 * The intermediaries, filtered: serving a chain (naming it, or serving a cluster that covers it), serving a cluster,
 * of a kind, registered in a region or a region within it, or with a name containing `q`; by region, then name.
 */
export async function listIntermediaries(ctx: ServiceContext, query: IntermediaryQuery = {}): Promise<IntermediarySummary[]> {
  requireAbility(atlasPolicy.intermediary.read, ctx.actor, undefined as never, 'read the intermediaries');
  const rows = await allIntermediaries(ctx.db);
  const refs = await references(ctx, rows);
  const clusterChainIds = new Map([...refs.clusters.values()].map((c) => [c.id, c.chain_ids]));
  const q = query.q?.trim();
  const kept = rows.filter(
    (r) =>
      (!query.chain || servesChain({ chainIds: r.chain_ids, clusterIds: r.cluster_ids }, query.chain, clusterChainIds)) &&
      (!query.cluster || r.cluster_ids.includes(query.cluster)) &&
      (!query.kind || r.kind === query.kind) &&
      (!query.region || withinRegion(r.region_code, query.region, refs.parents)) &&
      (!q || r.name.includes(q)),
  );
  const counts = new Map<string, number>();
  for (const m of await allMembers(ctx.db)) counts.set(m.intermediary_id, (counts.get(m.intermediary_id) ?? 0) + 1);
  const collator = new Intl.Collator('zh-CN');
  return kept
    .sort((a, b) => a.region_code.localeCompare(b.region_code) || collator.compare(a.name, b.name))
    .map((r) => summaryOf(ctx, r, refs, counts.get(r.id) ?? 0));
}

/** Members with the directory's enterprise for each (name, region, tags), by role and then name. */
async function membersOut(ctx: ServiceContext, members: MemberRow[], regions: Awaited<ReturnType<typeof references>>['regions']): Promise<Member[]> {
  const found = new Map((await enterprisesByUsccs(ctx.db, members.map((m) => m.uscc))).map((e) => [e.uscc!, e]));
  const collator = new Intl.Collator('zh-CN');
  return members
    .map((m) => {
      const e = found.get(m.uscc);
      return {
        uscc: m.uscc,
        role: m.role,
        roleName: roleName(m.role),
        since: m.since,
        enterprise: e ? { id: e.id, regionCode: e.region_code, regionName: regions.get(e.region_code)?.name ?? e.region_code, name: e.name, tags: e.tags } : null,
      };
    })
    .sort((a, b) => compareMembers({ role: a.role, name: a.enterprise?.name ?? a.uscc }, { role: b.role, name: b.enterprise?.name ?? b.uscc }, collator));
}

/** One intermediary with its members (the directory's names, wherever they are registered) and what it serves. */
export async function getIntermediary(ctx: ServiceContext, id: string): Promise<IntermediaryDetail> {
  requireAbility(atlasPolicy.intermediary.read, ctx.actor, undefined as never, 'read an intermediary');
  const row = await findIntermediary(ctx, id);
  const refs = await references(ctx, [row]);
  const members = await membersOf(ctx.db, row.region_code, [row.id]);
  return { ...summaryOf(ctx, row, refs, members.length), members: await membersOut(ctx, members, refs.regions) };
}

/** Writes a checked intermediary: a new one, or over `before`; moved to another region, it is written anew on that region's shard with the same id and its members move with it. */
async function saveIntermediary(ctx: ServiceContext, v: IntermediaryValues, before: IntermediaryRow | null): Promise<string> {
  return inTransaction(ctx, async (trx) => {
    // Moved to another region, its members are read before the row goes and written under the new region after.
    const moved = before && before.region_code !== v.region_code ? await membersOf(trx, before.region_code, [before.id]) : null;
    const id = await writeRegionalRow(trx, 'atlas_intermediaries', { ...v, updated_at: new Date() }, before, ctx.actor.userId);
    if (moved) await upsertMembers(trx, moved.map((m) => ({ region_code: v.region_code, intermediary_id: id, uscc: m.uscc, role: m.role, since: m.since })));
    await recordAudit(trx, ctx.actor, { action: before ? 'update' : 'create', entity: 'intermediary', entityId: id, regionCode: v.region_code, summary: v.name, before: before ?? undefined, after: v });
    return id;
  });
}

/** Creates an intermediary (the atlas's keepers). */
export async function createIntermediary(ctx: ServiceContext, body: IntermediaryBody): Promise<IntermediaryDetail> {
  requireAbility(atlasPolicy.intermediary.write, ctx.actor, undefined as never, 'create an intermediary');
  return getIntermediary(ctx, await saveIntermediary(ctx, await intermediaryValues(ctx, body, null), null));
}

/** Changes an intermediary; its members stay, wherever it moves. */
export async function updateIntermediary(ctx: ServiceContext, id: string, body: IntermediaryBody): Promise<IntermediaryDetail> {
  requireAbility(atlasPolicy.intermediary.write, ctx.actor, undefined as never, 'edit an intermediary');
  const before = await findIntermediary(ctx, id);
  return getIntermediary(ctx, await saveIntermediary(ctx, await intermediaryValues(ctx, body, id), before));
}

/** Deletes an intermediary with its membership list (the enterprises stay in the directory). */
export async function deleteIntermediary(ctx: ServiceContext, id: string): Promise<{ ok: boolean }> {
  requireAbility(atlasPolicy.intermediary.write, ctx.actor, undefined as never, 'delete an intermediary');
  const row = await findIntermediary(ctx, id);
  await inTransaction(ctx, async (trx) => {
    const members = await membersOf(trx, row.region_code, [row.id]);
    await trx.deleteFrom('atlas_intermediaries').where('region_code', '=', row.region_code).where('id', '=', id).execute();
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'intermediary', entityId: id, regionCode: row.region_code, summary: row.name, before: { ...row, members } });
  });
  return { ok: true };
}

// --- members -------------------------------------------------------------------------------------------------------

/** A member row as checked: the code's enterprise is in the directory (any region). */
interface CheckedMember {
  uscc: string;
  role: MemberRole;
  since: string | null;
}

/**
 * Checks member rows (USCC by GB 32100, role, date) and that the directory holds each code, in any region; every
 * problem names its field and, from a file, its row. Nothing is written.
 */
async function checkMembers(ctx: ServiceContext, rows: { uscc: string; role: MemberRole | null; roleText?: string; since: string | null; row?: number }[], issues: FieldIssue[]): Promise<CheckedMember[]> {
  const out: (CheckedMember & { row?: number })[] = [];
  const seen = new Map<string, number | undefined>();
  for (const r of rows) {
    const prefix = r.row === undefined ? { zh: '', en: '' } : { zh: `第 ${r.row} 行：`, en: `row ${r.row}: ` };
    const uscc = checkedUscc(r.uscc, 'uscc', issues, r.row);
    if (r.role === null) issues.push(issue('role', `${prefix.zh}职务「${r.roleText ?? ''}」无法识别（应为 ${Object.values(MEMBER_ROLES).map((x) => x.zh).join('、')}）`, `${prefix.en}unknown role "${r.roleText ?? ''}"`, r.row));
    const since = r.since?.trim() || null;
    if (since && !validDate(since)) issues.push(issue('since', `${prefix.zh}入会日期「${since}」应为 YYYY-MM-DD`, `${prefix.en}the date joined "${since}" must be YYYY-MM-DD`, r.row));
    if (!uscc) continue;
    if (seen.has(uscc)) {
      const first = seen.get(uscc);
      issues.push(issue('uscc', `${prefix.zh}统一社会信用代码「${uscc}」与第 ${first ?? '?'} 行重复`, `${prefix.en}the USCC "${uscc}" repeats row ${first ?? '?'}`, r.row));
      continue;
    }
    seen.set(uscc, r.row);
    out.push({ uscc, role: r.role ?? 'member', since, row: r.row });
  }
  const known = new Set((await enterprisesByUsccs(ctx.db, out.map((m) => m.uscc))).map((e) => e.uscc));
  for (const m of out) {
    if (known.has(m.uscc)) continue;
    const prefix = m.row === undefined ? { zh: '', en: '' } : { zh: `第 ${m.row} 行：`, en: `row ${m.row}: ` };
    issues.push(issue('uscc', `${prefix.zh}企业名录中没有统一社会信用代码为「${m.uscc}」的企业，请先导入该企业`, `${prefix.en}no enterprise in the directory has the USCC "${m.uscc}"; import it first`, m.row));
  }
  return out.map(({ row: _row, ...m }) => m);
}

/**
 * Adds a member enterprise by its USCC (in the directory, any region). An enterprise already a member is refused,
 * naming its role: adding never changes a member's role or date behind the user's back ({@link updateMember} does).
 */
export async function addMember(ctx: ServiceContext, id: string, body: MemberBody): Promise<IntermediaryDetail> {
  requireAbility(atlasPolicy.intermediary.write, ctx.actor, undefined as never, 'add a member');
  const row = await findIntermediary(ctx, id);
  const issues: FieldIssue[] = [];
  const [member] = await checkMembers(ctx, [{ uscc: body.uscc, role: body.role ?? 'member', since: body.since ?? null }], issues);
  if (issues.length || !member) fail({ zh: '会员未添加', en: 'the member was not added' }, issues);
  await inTransaction(ctx, async (trx) => {
    const already = (await membersOf(trx, row.region_code, [row.id])).find((m) => m.uscc === member.uscc);
    if (already) {
      const name = (await enterprisesByUsccs(trx, [member.uscc]))[0]?.name ?? member.uscc;
      const role = MEMBER_ROLES[already.role];
      throw new ConflictError(
        bilingual(`「${name}」已是会员（${role.zh}），未添加；如需更改职务或入会时间请编辑`, `"${name}" is already a member (${role.en.toLowerCase()}); nothing was added. To change the role or date, edit the member`),
        [issue('uscc', `已是会员（${role.zh}）；如需更改职务请编辑`, `already a member (${role.en.toLowerCase()}); edit it to change the role`)],
      );
    }
    await upsertMembers(trx, [{ region_code: row.region_code, intermediary_id: row.id, ...member }]);
    await recordAudit(trx, ctx.actor, { action: 'add_member', entity: 'intermediary', entityId: row.id, regionCode: row.region_code, summary: `${row.name}：${member.uscc}`, after: member });
  });
  return getIntermediary(ctx, id);
}

/** Changes a member's role and date joined (the fields given), as the user asked on the member's row. */
export async function updateMember(ctx: ServiceContext, id: string, rawUscc: string, patch: MemberPatch): Promise<IntermediaryDetail> {
  requireAbility(atlasPolicy.intermediary.write, ctx.actor, undefined as never, 'change a member');
  const row = await findIntermediary(ctx, id);
  const uscc = normaliseUscc(rawUscc);
  await inTransaction(ctx, async (trx) => {
    const before = (await membersOf(trx, row.region_code, [row.id])).find((m) => m.uscc === uscc);
    if (!before) throw bilingualNotFound(`「${row.name}」没有统一社会信用代码为 ${uscc} 的会员`, `Member ${uscc} of "${row.name}"`);
    const since = patch.since === undefined ? before.since : patch.since?.trim() || null;
    if (since && !validDate(since)) fail({ zh: '会员未修改', en: 'the member was not changed' }, [issue('since', `入会时间「${since}」应为 YYYY-MM-DD`, `the date joined "${since}" must be YYYY-MM-DD`)]);
    const after = { uscc, role: patch.role ?? before.role, since };
    await upsertMembers(trx, [{ region_code: row.region_code, intermediary_id: row.id, ...after }]);
    await recordAudit(trx, ctx.actor, { action: 'update_member', entity: 'intermediary', entityId: row.id, regionCode: row.region_code, summary: `${row.name}：${uscc}`, before: { uscc, role: before.role, since: before.since }, after });
  });
  return getIntermediary(ctx, id);
}

/** Removes a member (by USCC). */
export async function removeMember(ctx: ServiceContext, id: string, rawUscc: string): Promise<IntermediaryDetail> {
  requireAbility(atlasPolicy.intermediary.write, ctx.actor, undefined as never, 'remove a member');
  const row = await findIntermediary(ctx, id);
  const uscc = normaliseUscc(rawUscc);
  await inTransaction(ctx, async (trx) => {
    if (!(await deleteMember(trx, row.region_code, row.id, uscc))) throw bilingualNotFound(`「${row.name}」没有统一社会信用代码为 ${uscc} 的会员`, `Member ${uscc} of "${row.name}"`);
    await recordAudit(trx, ctx.actor, { action: 'remove_member', entity: 'intermediary', entityId: row.id, regionCode: row.region_code, summary: `${row.name}：${uscc}`, before: { uscc } });
  });
  return getIntermediary(ctx, id);
}

/** A member row read from a file: its row number, code, role as written and date. */
export interface MemberFileRow {
  row: number;
  uscc: string;
  role: string;
  since: string;
}

/**
 * Imports members from a file's rows (see atlas.intermediaries.file.ts), all or nothing: any row's problem (a code
 * failing GB 32100 or not in the directory, an unknown role, a bad date, a repeated code) is reported by row and
 * nothing is saved. Members already there get the file's role and date.
 */
export async function importMembers(ctx: ServiceContext, id: string, rows: MemberFileRow[], opts: { dryRun?: boolean; fileName?: string } = {}): Promise<{ dryRun: boolean; rows: number; added: number; updated: number }> {
  requireAbility(atlasPolicy.intermediary.write, ctx.actor, undefined as never, 'import members');
  const row = await findIntermediary(ctx, id);
  const issues: FieldIssue[] = [];
  if (rows.length === 0) issues.push(issue('file', `${opts.fileName ?? '文件'}中没有会员行`, `${opts.fileName ?? 'the file'} has no member rows`));
  const checked = await checkMembers(ctx, rows.map((r) => ({ uscc: r.uscc, role: memberRole(r.role), roleText: r.role, since: r.since, row: r.row })), issues);
  // In the file's order, row by row (the directory check comes after the rows' own checks).
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  if (issues.length) fail({ zh: `${opts.fileName ?? '文件'}有误，未导入任何会员`, en: `${opts.fileName ?? 'the file'} has errors; no member was imported` }, issues);
  const existing = new Set((await membersOf(ctx.db, row.region_code, [row.id])).map((m) => m.uscc));
  const added = checked.filter((m) => !existing.has(m.uscc)).length;
  const result = { dryRun: Boolean(opts.dryRun), rows: rows.length, added, updated: checked.length - added };
  if (opts.dryRun) return result;
  await inTransaction(ctx, async (trx) => {
    await upsertMembers(trx, checked.map((m) => ({ region_code: row.region_code, intermediary_id: row.id, ...m })));
    await recordAudit(trx, ctx.actor, { action: 'import_members', entity: 'intermediary', entityId: row.id, regionCode: row.region_code, summary: `${row.name}：${opts.fileName ?? ''} +${added} ~${result.updated}`, after: { fileName: opts.fileName, added, updated: result.updated } });
  });
  return result;
}

/** The intermediaries an enterprise (by USCC) is a member of, in every region. */
export async function membershipsOf(ctx: ServiceContext, rawUscc: string): Promise<Membership[]> {
  requireAbility(atlasPolicy.intermediary.read, ctx.actor, undefined as never, 'read memberships');
  const uscc = normaliseUscc(rawUscc);
  const issues: FieldIssue[] = [];
  checkedUscc(uscc, 'uscc', issues);
  if (issues.length) fail({ zh: '无法查询会员关系', en: 'cannot look up memberships' }, issues);
  const { rows: regions } = await regionIndex(ctx);
  const collator = new Intl.Collator('zh-CN');
  return (await membershipsOfUsccs(ctx.db, [uscc]))
    .map((m) => ({
      intermediary: { id: m.id, name: m.name, kind: m.kind, kindName: INTERMEDIARY_KINDS[m.kind], regionCode: m.region_code, regionName: regions.get(m.region_code)?.name ?? m.region_code },
      role: m.role,
      roleName: roleName(m.role),
      since: m.since,
    }))
    .sort((a, b) => compareMembers({ role: a.role, name: a.intermediary.name }, { role: b.role, name: b.intermediary.name }, collator));
}

/**
 * The 对接渠道 of a chain's 堵点 (the same gaps and candidates as the 堵点 page with the same options): for each gap,
 * the intermediaries serving the chain (directly or through a cluster) whose members include its candidates.
 */
export async function chainGapChannels(ctx: ServiceContext, chainId: string, opts: Parameters<typeof chainGaps>[2] = {}): Promise<GapChannels> {
  requireAbility(atlasPolicy.intermediary.read, ctx.actor, undefined as never, 'read the gap channels');
  const gaps = await chainGaps(ctx, chainId, { ...opts, candidates: opts.candidates ?? 5 });
  const rows = await allIntermediaries(ctx.db);
  const refs = await references(ctx, rows);
  const members = await allMembers(ctx.db);
  const byIntermediary = new Map<string, { uscc: string; role: MemberRole }[]>();
  for (const m of members) byIntermediary.set(m.intermediary_id, [...(byIntermediary.get(m.intermediary_id) ?? []), { uscc: m.uscc, role: m.role }]);
  const channels = gapChannels(
    gaps.gaps.map((g) => ({ key: g.segment.key, candidates: g.candidates.map((c) => c.uscc) })),
    chainId,
    rows.map((r) => ({ id: r.id, chainIds: r.chain_ids, clusterIds: r.cluster_ids, members: byIntermediary.get(r.id) ?? [] })),
    new Map([...refs.clusters.values()].map((c) => [c.id, c.chain_ids])),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    chainId: gaps.chain.id,
    gaps: gaps.gaps.map((g) => {
      const names = new Map(g.candidates.map((c) => [c.uscc, c.name]));
      return {
        segmentKey: g.segment.key,
        channels: (channels.get(g.segment.key) ?? []).map((c) => {
          const r = byId.get(c.intermediaryId)!;
          return {
            intermediary: { id: r.id, name: r.name, kind: r.kind, kindName: INTERMEDIARY_KINDS[r.kind], regionCode: r.region_code, regionName: refs.regions.get(r.region_code)?.name ?? r.region_code, contact: r.contact },
            members: c.members.map((m) => ({ uscc: m.uscc, name: names.get(m.uscc) ?? m.uscc, role: m.role, roleName: roleName(m.role) })),
          };
        }),
      };
    }),
  };
}

/**
 * An intermediary's members that the directory holds (name, region, role), for routing an event through it: a
 * matchmaking event's organiser invites them as participants. A member whose code the directory no longer holds is
 * left out.
 * @example await intermediaryInvitees(ctx, id) // { id, name: '天津市氢能产业联盟（示例）', members: [{ uscc, name, enterpriseId, regionCode, role }] }
 */
export async function intermediaryInvitees(ctx: ServiceContext, id: string): Promise<{ id: string; name: string; members: { uscc: string; name: string; enterpriseId: string; regionCode: string; role: MemberRole }[] }> {
  requireAbility(atlasPolicy.intermediary.read, ctx.actor, undefined as never, 'read an intermediary’s members');
  const row = await findIntermediary(ctx, id);
  const members = await membersOf(ctx.db, row.region_code, [row.id]);
  const found = new Map((await enterprisesByUsccs(ctx.db, members.map((m) => m.uscc))).map((e) => [e.uscc!, e]));
  const collator = new Intl.Collator('zh-CN');
  return {
    id: row.id,
    name: row.name,
    members: members
      .filter((m) => found.has(m.uscc))
      .map((m) => {
        const e = found.get(m.uscc)!;
        return { uscc: m.uscc, name: e.name, enterpriseId: e.id, regionCode: e.region_code, role: m.role };
      })
      .sort((a, b) => compareMembers(a, b, collator)),
  };
}
