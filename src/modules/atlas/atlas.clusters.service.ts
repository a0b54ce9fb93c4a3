import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ConflictError, ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { STRENGTH_FORMULA, countedDecisions, makeCentroidLookup, type RegionRow } from './atlas.analysis.domain.ts';
import { linkedEnterprises } from './atlas.analysis.repo.ts';
import { countedText, currentChain, memberCodes, regionIndex } from './atlas.analysis.service.ts';
import { findChain } from './atlas.chains.repo.ts';
import {
  CLUSTER_INDICATORS,
  CLUSTER_LEVELS,
  ZONE_KINDS,
  chainFigures,
  coverageShare,
  linkTotals,
  zonesOf,
  type ClusterLink,
  type ZoneArea,
} from './atlas.clusters.domain.ts';
import { moveClusterIndicators } from './atlas.cluster-indicators.repo.ts';
import { allClusters, allZones, clusterById, clustersOfZone, zonesByIds, type ClusterRow, type ZoneRow } from './atlas.clusters.repo.ts';
import { regionalNameTaken, writeRegionalRow } from './atlas.regional.repo.ts';
import type { ClusterBody, ClusterDetail, ClusterSummary, Zone, ZoneBody } from './atlas.clusters.schema.ts';
import type { ClusterLeading, ClusterTarget, ZoneFocus } from './atlas.clusters.tables.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { normaliseUscc, usccProblem } from './atlas.uscc.domain.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const issue = (field: string, zh: string, en: string): FieldIssue => ({ field, message: bilingual(zh, en) });
function fail(what: { zh: string; en: string }, issues: FieldIssue[]): never {
  throw new ValidationError(bilingual(`${what.zh}：${issues.map((i) => i.message.split(' / ')[0]).join('；')}`, `${what.en}: ${issues.map((i) => i.message.split(' / ').slice(1).join(' / ') || i.message).join('; ')}`), issues);
}
const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

type Chain = Awaited<ReturnType<typeof currentChain>>;

/** A chain by id for a record that names it: unknown ids are the record's problem (a field), not a missing page. */
async function chainOrIssue(ctx: ServiceContext, id: string, field: string, issues: FieldIssue[], cache: Map<string, Chain>): Promise<Chain | null> {
  if (cache.has(id)) return cache.get(id)!;
  const known = UUID.test(id) ? (await findChain(ctx.db, id)).find((c) => c.id === id) : undefined;
  if (!known) {
    issues.push(issue(field, `产业链「${id}」不存在`, `unknown chain "${id}"`));
    return null;
  }
  const chain = await currentChain(ctx, id);
  cache.set(id, chain);
  return chain;
}

function regionIssue(code: string, field: string, rows: ReadonlyMap<string, RegionRow>): FieldIssue | null {
  if (!/^[0-9]{6}$/.test(code)) return issue(field, `地区代码「${code}」应为 6 位行政区划代码`, `region code "${code}" must be a 6-digit GB/T 2260 code`);
  if (!rows.has(code)) return issue(field, `地区代码「${code}」不在地区表中`, `region code "${code}" is not in the regions table`);
  return null;
}

// --- carrier zones -------------------------------------------------------------------------------------------------

export interface ZoneValues {
  region_code: string;
  name: string;
  name_en: string | null;
  kind: ZoneBody['kind'];
  district_codes: string[];
  lat: number | null;
  lng: number | null;
  radius_km: number | null;
  focus: ZoneFocus[];
  note: string | null;
}

/** Checks a zone as written and returns its row values; every problem is named by its field. */
export async function zoneValues(ctx: ServiceContext, body: ZoneBody, exceptId: string | null, field = ''): Promise<ZoneValues> {
  const { rows } = await regionIndex(ctx);
  const issues: FieldIssue[] = [];
  const name = body.name.trim();
  if (!name) issues.push(issue(`${field}name`, '请填写载体名称', 'name the zone'));
  if (!(body.kind in ZONE_KINDS)) issues.push(issue(`${field}kind`, `载体类型「${body.kind}」无法识别`, `unknown zone kind "${body.kind}"`));
  const regionProblem = regionIssue(body.regionCode, `${field}regionCode`, rows);
  if (regionProblem) issues.push(regionProblem);
  const districts = [...new Set((body.districtCodes ?? []).filter((c) => c !== body.regionCode))];
  districts.forEach((c, i) => {
    const p = regionIssue(c, `${field}districtCodes[${i}]`, rows);
    if (p) issues.push(p);
  });
  const lat = body.lat ?? null;
  const lng = body.lng ?? null;
  const radius = body.radiusKm ?? null;
  if ((lat === null) !== (lng === null)) issues.push(issue(`${field}lat`, '中心坐标需同时填写纬度和经度', 'give both latitude and longitude of the centre'));
  if (lat !== null && !(lat >= -90 && lat <= 90)) issues.push(issue(`${field}lat`, '纬度应在 −90 至 90 之间', 'latitude must be between −90 and 90'));
  if (lng !== null && !(lng >= -180 && lng <= 180)) issues.push(issue(`${field}lng`, '经度应在 −180 至 180 之间', 'longitude must be between −180 and 180'));
  if (radius !== null && !(radius > 0 && radius <= 500)) issues.push(issue(`${field}radiusKm`, '半径应大于 0、不超过 500 公里', 'the radius must be above 0 and at most 500 km'));
  if (radius !== null && lat === null) issues.push(issue(`${field}radiusKm`, '有半径时须给出中心坐标', 'a radius needs a centre'));
  const cache = new Map<string, Chain>();
  const focus: ZoneFocus[] = [];
  for (const [i, f] of (body.focus ?? []).entries()) {
    const chain = await chainOrIssue(ctx, f.chainId, `${field}focus[${i}].chainId`, issues, cache);
    if (!chain) continue;
    const keys = new Set(chain.version.segments.map((s) => s.key));
    f.segmentKeys.forEach((k, j) => {
      if (!keys.has(k)) issues.push(issue(`${field}focus[${i}].segmentKeys[${j}]`, `环节「${k}」不在产业链 ${chain.version.name} 中`, `segment "${k}" is not in chain ${chain.version.name}`));
    });
    focus.push({ chainId: chain.chain.id, segmentKeys: [...new Set(f.segmentKeys)] });
  }
  if (!regionProblem && name && (await regionalNameTaken(ctx.db, 'atlas_zones', body.regionCode, name, exceptId))) issues.push(issue(`${field}name`, `该地区已有名为「${name}」的载体`, `the region already has a zone named "${name}"`));
  if (issues.length) fail({ zh: '载体信息有误，未保存', en: 'the zone was not saved' }, issues);
  return { region_code: body.regionCode, name, name_en: body.nameEn?.trim() || null, kind: body.kind, district_codes: districts, lat, lng, radius_km: radius, focus, note: body.note?.trim() || null };
}

async function zoneOut(ctx: ServiceContext, rows: ZoneRow[]): Promise<Zone[]> {
  const { rows: regions } = await regionIndex(ctx);
  const chains = new Map<string, Chain | null>();
  const chainOf = async (id: string) => {
    if (!chains.has(id)) chains.set(id, await currentChain(ctx, id).catch(() => null));
    return chains.get(id)!;
  };
  const clusters = await allClusters(ctx.db);
  const canEdit = atlasPolicy.cluster.write(ctx.actor);
  const out: Zone[] = [];
  for (const z of rows) {
    const focus: Zone['focus'] = [];
    for (const f of z.focus) {
      const c = await chainOf(f.chainId);
      if (!c) continue;
      const names = new Map(c.version.segments.map((s) => [s.key, s.name]));
      focus.push({ chainId: c.chain.id, chainName: c.version.name, segments: f.segmentKeys.map((k) => ({ key: k, name: names.get(k) ?? k })) });
    }
    out.push({
      id: z.id,
      regionCode: z.region_code,
      regionName: regions.get(z.region_code)?.name ?? z.region_code,
      name: z.name,
      nameEn: z.name_en,
      kind: z.kind,
      kindName: ZONE_KINDS[z.kind],
      districtCodes: z.district_codes,
      districts: [z.region_code, ...z.district_codes].map((code) => ({ code, name: regions.get(code)?.name ?? code })),
      lat: z.lat === null ? null : Number(z.lat),
      lng: z.lng === null ? null : Number(z.lng),
      radiusKm: z.radius_km === null ? null : Number(z.radius_km),
      focus,
      note: z.note,
      clusters: clusters.filter((c) => c.zone_ids.includes(z.id)).map((c) => ({ id: c.id, name: c.name })),
      updatedAt: iso(z.updated_at) as Zone['updatedAt'],
      canEdit,
    });
  }
  return out;
}

/** Every carrier zone, with the clusters that grow around it. */
export async function listZones(ctx: ServiceContext): Promise<Zone[]> {
  requireAbility(atlasPolicy.cluster.read, ctx.actor, undefined as never, 'read the carrier zones');
  return zoneOut(ctx, await allZones(ctx.db));
}

async function findZone(ctx: ServiceContext, id: string): Promise<ZoneRow> {
  const [row] = UUID.test(id) ? await zonesByIds(ctx.db, [id]) : [];
  if (!row) throw bilingualNotFound(`载体 ${id} 不存在`, `Carrier zone ${id}`);
  return row;
}

/** One carrier zone. */
export async function getZone(ctx: ServiceContext, id: string): Promise<Zone> {
  requireAbility(atlasPolicy.cluster.read, ctx.actor, undefined as never, 'read a carrier zone');
  return (await zoneOut(ctx, [await findZone(ctx, id)]))[0]!;
}

/** Writes a checked zone: a new one, or over `before` (moved to another region: anew on its shard, same id). */
export async function saveZone(ctx: ServiceContext, v: ZoneValues, before: ZoneRow | null): Promise<string> {
  return inTransaction(ctx, async (trx) => {
    const values = { ...v, focus: JSON.stringify(v.focus), updated_at: new Date() };
    const id = await writeRegionalRow(trx, 'atlas_zones', values, before, ctx.actor.userId);
    await recordAudit(trx, ctx.actor, { action: before ? 'update' : 'create', entity: 'carrier_zone', entityId: id, regionCode: v.region_code, summary: v.name, before: before ?? undefined, after: v });
    return id;
  });
}

/** Creates a carrier zone (the chain office). */
export async function createZone(ctx: ServiceContext, body: ZoneBody): Promise<Zone> {
  requireAbility(atlasPolicy.cluster.write, ctx.actor, undefined as never, 'create a carrier zone');
  return getZone(ctx, await saveZone(ctx, await zoneValues(ctx, body, null), null));
}

/** Changes a carrier zone; the clusters naming it keep it, wherever it moves. */
export async function updateZone(ctx: ServiceContext, id: string, body: ZoneBody): Promise<Zone> {
  requireAbility(atlasPolicy.cluster.write, ctx.actor, undefined as never, 'edit a carrier zone');
  const before = await findZone(ctx, id);
  return getZone(ctx, await saveZone(ctx, await zoneValues(ctx, body, before.region_code === body.regionCode ? id : null), before));
}

/** Deletes a carrier zone no cluster grows around (those clusters are named otherwise). */
export async function deleteZone(ctx: ServiceContext, id: string): Promise<{ ok: boolean }> {
  requireAbility(atlasPolicy.cluster.write, ctx.actor, undefined as never, 'delete a carrier zone');
  const zone = await findZone(ctx, id);
  const users = await clustersOfZone(ctx.db, id);
  if (users.length) {
    const names = users.map((c) => c.name);
    throw new ConflictError(bilingual(`载体「${zone.name}」仍是产业集群 ${names.join('、')} 的载体，请先从集群中移除`, `the zone "${zone.name}" still carries the cluster(s) ${names.join(', ')}; remove it from them first`), [
      issue('id', '仍被集群使用', 'still used by clusters'),
    ]);
  }
  await inTransaction(ctx, async (trx) => {
    await trx.deleteFrom('atlas_zones').where('region_code', '=', zone.region_code).where('id', '=', id).execute();
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'carrier_zone', entityId: id, regionCode: zone.region_code, summary: zone.name, before: zone });
  });
  return { ok: true };
}

// --- clusters ------------------------------------------------------------------------------------------------------

export interface ClusterValues {
  region_code: string;
  name: string;
  name_en: string | null;
  level: ClusterBody['level'];
  chain_ids: string[];
  zone_ids: string[];
  leading_enterprises: ClusterLeading[];
  targets: ClusterTarget[];
  description: string | null;
  promotion_body: string | null;
}

export async function clusterValues(ctx: ServiceContext, body: ClusterBody, exceptId: string | null, field = ''): Promise<ClusterValues> {
  const { rows } = await regionIndex(ctx);
  const issues: FieldIssue[] = [];
  const name = body.name.trim();
  if (!name) issues.push(issue(`${field}name`, '请填写集群名称', 'name the cluster'));
  const regionProblem = regionIssue(body.regionCode, `${field}regionCode`, rows);
  if (regionProblem) issues.push(regionProblem);
  if (!(body.level in CLUSTER_LEVELS)) issues.push(issue(`${field}level`, `集群级别「${body.level}」无法识别（应为 ${Object.values(CLUSTER_LEVELS).map((l) => l.zh).join('、')}）`, `unknown cluster level "${body.level}"`));
  if (body.chainIds.length === 0) issues.push(issue(`${field}chainIds`, '请至少选择一条产业链', 'choose at least one chain'));
  const cache = new Map<string, Chain>();
  const chainIds: string[] = [];
  for (const [i, id] of body.chainIds.entries()) {
    const c = await chainOrIssue(ctx, id, `${field}chainIds[${i}]`, issues, cache);
    if (c && !chainIds.includes(c.chain.id)) chainIds.push(c.chain.id);
  }
  if (body.zoneIds.length === 0) issues.push(issue(`${field}zoneIds`, '请至少选择一个载体', 'choose at least one carrier zone'));
  const zones = await zonesByIds(ctx.db, body.zoneIds.filter((id) => UUID.test(id)));
  body.zoneIds.forEach((id, i) => {
    if (!zones.some((z) => z.id === id)) issues.push(issue(`${field}zoneIds[${i}]`, `载体「${id}」不存在`, `unknown carrier zone "${id}"`));
  });
  const leading: ClusterLeading[] = [];
  for (const [i, l] of (body.leading ?? []).entries()) {
    const lname = l.name.trim();
    if (!lname) issues.push(issue(`${field}leading[${i}].name`, '请填写链主企业名称', 'name the leading enterprise'));
    let uscc: string | null = null;
    if (l.uscc?.trim()) {
      uscc = normaliseUscc(l.uscc);
      const p = usccProblem(uscc);
      if (p) issues.push(issue(`${field}leading[${i}].uscc`, `统一社会信用代码「${uscc}」${p.zh}`, `the USCC "${uscc}" ${p.en}`));
    }
    leading.push({ uscc, name: lname });
  }
  const targets: ClusterTarget[] = [];
  for (const [i, t] of (body.targets ?? []).entries()) {
    const known = CLUSTER_INDICATORS[t.indicator as keyof typeof CLUSTER_INDICATORS];
    if (!known) issues.push(issue(`${field}targets[${i}].indicator`, `指标「${t.indicator}」无法识别`, `unknown indicator "${t.indicator}"`));
    if (!(Number.isFinite(t.value) && t.value >= 0)) issues.push(issue(`${field}targets[${i}].value`, '目标值应为不小于 0 的数', 'the target value must be a number ≥ 0'));
    if (!(Number.isInteger(t.year) && t.year >= 2000 && t.year <= 2100)) issues.push(issue(`${field}targets[${i}].year`, `年份「${t.year}」应在 2000–2100 之间`, `the year ${t.year} must be between 2000 and 2100`));
    if (known) targets.push({ indicator: t.indicator, value: t.value, unit: t.unit?.trim() || known.unit, year: t.year });
  }
  if (!regionProblem && name && (await regionalNameTaken(ctx.db, 'atlas_clusters', body.regionCode, name, exceptId))) issues.push(issue(`${field}name`, `该地区已有名为「${name}」的产业集群`, `the region already has a cluster named "${name}"`));
  if (issues.length) fail({ zh: '产业集群信息有误，未保存', en: 'the cluster was not saved' }, issues);
  return {
    region_code: body.regionCode,
    name,
    name_en: body.nameEn?.trim() || null,
    level: body.level,
    chain_ids: chainIds,
    zone_ids: [...new Set(body.zoneIds)],
    leading_enterprises: leading,
    targets,
    description: body.description?.trim() || null,
    promotion_body: body.promotionBody?.trim() || null,
  };
}

export async function findCluster(ctx: ServiceContext, id: string): Promise<ClusterRow> {
  const row = UUID.test(id) ? await clusterById(ctx.db, id) : undefined;
  if (!row) throw bilingualNotFound(`产业集群 ${id} 不存在`, `Cluster ${id}`);
  return row;
}

/** Writes a checked cluster: a new one, or over `before` (moved to another region: anew on its shard, same id). */
export async function saveCluster(ctx: ServiceContext, v: ClusterValues, before: ClusterRow | null): Promise<string> {
  return inTransaction(ctx, async (trx) => {
    const values = { ...v, leading_enterprises: JSON.stringify(v.leading_enterprises), targets: JSON.stringify(v.targets), updated_at: new Date() };
    const id = await writeRegionalRow(trx, 'atlas_clusters', values, before, ctx.actor.userId);
    if (before && before.region_code !== v.region_code) await moveClusterIndicators(trx, id, before.region_code, v.region_code);
    await recordAudit(trx, ctx.actor, { action: before ? 'update' : 'create', entity: 'cluster', entityId: id, regionCode: v.region_code, summary: v.name, before: before ?? undefined, after: v });
    return id;
  });
}

/** Creates a cluster (the chain office). */
export async function createCluster(ctx: ServiceContext, body: ClusterBody): Promise<ClusterDetail> {
  requireAbility(atlasPolicy.cluster.write, ctx.actor, undefined as never, 'create a cluster');
  return clusterDetail(ctx, await saveCluster(ctx, await clusterValues(ctx, body, null), null));
}

/** Changes a cluster. */
export async function updateCluster(ctx: ServiceContext, id: string, body: ClusterBody): Promise<ClusterDetail> {
  requireAbility(atlasPolicy.cluster.write, ctx.actor, undefined as never, 'edit a cluster');
  const before = await findCluster(ctx, id);
  return clusterDetail(ctx, await saveCluster(ctx, await clusterValues(ctx, body, before.region_code === body.regionCode ? id : null), before));
}

/** Deletes a cluster (its zones stay). */
export async function deleteCluster(ctx: ServiceContext, id: string): Promise<{ ok: boolean }> {
  requireAbility(atlasPolicy.cluster.write, ctx.actor, undefined as never, 'delete a cluster');
  const c = await findCluster(ctx, id);
  await inTransaction(ctx, async (trx) => {
    await trx.deleteFrom('atlas_cluster_indicators').where('region_code', '=', c.region_code).where('cluster_id', '=', id).execute();
    await trx.deleteFrom('atlas_clusters').where('region_code', '=', c.region_code).where('id', '=', id).execute();
    await recordAudit(trx, ctx.actor, { action: 'delete', entity: 'cluster', entityId: id, regionCode: c.region_code, summary: c.name, before: c });
  });
  return { ok: true };
}

// --- figures -------------------------------------------------------------------------------------------------------

let centroidLookup: ReturnType<typeof makeCentroidLookup> | null = null;
async function centroidOf(code: string) {
  if (!centroidLookup) centroidLookup = makeCentroidLookup((await import('./atlas.centroids.data.ts')).CENTROIDS_TEXT);
  return centroidLookup(code);
}

/** The most enterprise–segment links one cluster's figures read per chain. */
const LINK_LIMIT = 50_000;

/**
 * A cluster with its figures: the enterprises linked (by the decisions counted: confirmed and uncertain, or confirmed
 * only) to its chains' segments and located in its zones; counts by segment and by zone; 链主/专精特新/小巨人 counts;
 * the leaf segments it covers and those it lacks, with the coverage matrix's strength score; the as-of date.
 */
async function figures(ctx: ServiceContext, c: ClusterRow, confirmedOnly: boolean) {
  const { rows: regions, parents } = await regionIndex(ctx);
  const zoneRows = await zonesByIds(ctx.db, c.zone_ids);
  const zones = c.zone_ids.map((id) => zoneRows.find((z) => z.id === id)).filter((z): z is ZoneRow => Boolean(z));
  const areas: ZoneArea[] = zones.map((z) => ({
    id: z.id,
    regionCodes: [z.region_code, ...z.district_codes],
    centre: z.lat !== null && z.lng !== null ? { lat: Number(z.lat), lng: Number(z.lng) } : null,
    radiusKm: z.radius_km === null ? null : Number(z.radius_km),
  }));
  const tops = [...new Set(areas.flatMap((a) => a.regionCodes))];
  const codes = memberCodes({ key: c.id, name: c.name, nameEn: c.name, codes: tops }, parents);
  const decisions = countedDecisions(confirmedOnly);
  const focus = new Map<string, Set<string>>();
  for (const z of zones) for (const f of z.focus) for (const k of f.segmentKeys) focus.set(f.chainId, (focus.get(f.chainId) ?? new Set()).add(k));
  const chains: { chain: Chain; links: ClusterLink[] }[] = [];
  const enterprises = new Map<string, { uscc: string | null; name: string; regionCode: string; tags: string[]; zones: Set<string>; segments: { chainId: string; key: string; name: string }[]; asOf: string }>();
  const allLinks: ClusterLink[] = [];
  const zoneLinks = new Map<string, ClusterLink[]>(zones.map((z) => [z.id, []]));
  for (const chainId of c.chain_ids) {
    const chain = await currentChain(ctx, chainId).catch(() => null);
    if (!chain) continue;
    const names = new Map(chain.version.segments.map((s) => [s.key, s.name]));
    const found = await linkedEnterprises(ctx.db, chain.dataId, [...names.keys()], decisions, { codes, outside: false }, LINK_LIMIT);
    const links: ClusterLink[] = [];
    for (const o of found) {
      const position = o.lat !== null && o.lng !== null ? { lat: o.lat, lng: o.lng } : await centroidOf(o.regionCode);
      const link: ClusterLink = { enterpriseId: o.id, regionCode: o.regionCode, position: position ? { lat: position.lat, lng: position.lng } : null, tags: o.tags, segmentKey: o.segmentKey, asOf: o.asOf };
      const inZones = zonesOf(link, areas, parents);
      if (inZones.length === 0) continue;
      links.push(link);
      for (const z of inZones) zoneLinks.get(z)!.push(link);
      const e = enterprises.get(o.id) ?? { uscc: o.uscc, name: o.name, regionCode: o.regionCode, tags: o.tags, zones: new Set<string>(), segments: [], asOf: o.asOf };
      for (const z of inZones) e.zones.add(zones.find((x) => x.id === z)!.name);
      e.segments.push({ chainId: chain.chain.id, key: o.segmentKey, name: names.get(o.segmentKey) ?? o.segmentKey });
      if (o.asOf > e.asOf) e.asOf = o.asOf;
      enterprises.set(o.id, e);
    }
    allLinks.push(...links);
    chains.push({ chain, links });
  }
  const chainOut = chains.map(({ chain, links }) => {
    const f = chainFigures(chain.version.segments, links);
    const byKey = new Map(chain.version.segments.map((s) => [s.key, s]));
    const chainFocus = focus.get(chain.chain.id) ?? new Set<string>();
    const segments = f.segments.map((s) => {
      const seg = byKey.get(s.key)!;
      return { key: s.key, parent: seg.parent, stage: seg.stage, name: seg.name, leaf: s.leaf, covered: s.covered, focus: chainFocus.has(s.key), enterprises: s.enterprises, leading: s.leading, specialised: s.specialised, littleGiants: s.littleGiants, score: s.score, level: s.level, asOf: s.asOf };
    });
    return {
      id: chain.chain.id,
      key: chain.chain.key,
      name: chain.version.name,
      version: chain.version.version,
      share: coverageShare(f.segments),
      enterprises: f.totals.enterprises,
      leading: f.totals.leading,
      specialised: f.totals.specialised,
      littleGiants: f.totals.littleGiants,
      segments,
      covered: segments.filter((s) => s.leaf && s.covered).map((s) => ({ key: s.key, name: s.name })),
      missing: segments.filter((s) => s.leaf && !s.covered).map((s) => ({ key: s.key, name: s.name })),
    };
  });
  const totals = linkTotals(allLinks);
  const collator = new Intl.Collator('zh-CN');
  const items = [...enterprises.values()]
    .sort((a, b) => Number(b.tags.includes('链主/龙头')) - Number(a.tags.includes('链主/龙头')) || collator.compare(a.name, b.name))
    .map((e) => ({ uscc: e.uscc, name: e.name, regionCode: e.regionCode, tags: e.tags, zones: [...e.zones], segments: e.segments, asOf: e.asOf }));
  return {
    zones,
    regions,
    totals,
    chainOut,
    zoneFigures: zones.map((z) => {
      const t = linkTotals(zoneLinks.get(z.id)!);
      return { id: z.id, name: z.name, kind: z.kind, regionCode: z.region_code, regionName: regions.get(z.region_code)?.name ?? z.region_code, enterprises: t.enterprises, leading: t.leading, specialised: t.specialised, littleGiants: t.littleGiants };
    }),
    enterprises: { total: items.length, items: items.slice(0, 500) },
  };
}

function summaryOf(ctx: ServiceContext, c: ClusterRow, f: Awaited<ReturnType<typeof figures>>): ClusterSummary {
  return {
    id: c.id,
    regionCode: c.region_code,
    regionName: f.regions.get(c.region_code)?.name ?? c.region_code,
    name: c.name,
    nameEn: c.name_en,
    level: c.level,
    levelName: CLUSTER_LEVELS[c.level],
    chains: f.chainOut.map((ch) => ({ id: ch.id, name: ch.name, covered: ch.covered.length, segments: ch.covered.length + ch.missing.length })),
    zones: f.zones.map((z) => ({ id: z.id, name: z.name, kind: z.kind })),
    leading: c.leading_enterprises.map((l) => ({ uscc: l.uscc, name: l.name })),
    targets: c.targets.map((t) => ({ ...t, name: { zh: CLUSTER_INDICATORS[t.indicator].zh, en: CLUSTER_INDICATORS[t.indicator].en } })),
    description: c.description,
    promotionBody: c.promotion_body,
    totals: { enterprises: f.totals.enterprises, leading: f.totals.leading, specialised: f.totals.specialised, littleGiants: f.totals.littleGiants },
    asOf: f.totals.asOf,
    updatedAt: iso(c.updated_at) as ClusterSummary['updatedAt'],
    canEdit: atlasPolicy.cluster.write(ctx.actor),
  };
}

/**
 * A cluster's directory counts (enterprises, 链主, 专精特新 linked to its chains in its zones, confirmed and uncertain
 * links) with their as-of date: the computed figures shown beside the entered ones.
 */
export async function clusterCounts(ctx: ServiceContext, c: ClusterRow): Promise<{ enterprises: number; leading: number; specialised: number; littleGiants: number; asOf: string | null; zones: number }> {
  const f = await figures(ctx, c, false);
  return { enterprises: f.totals.enterprises, leading: f.totals.leading, specialised: f.totals.specialised, littleGiants: f.totals.littleGiants, asOf: f.totals.asOf, zones: f.zones.length };
}

/** Every cluster with its headline figures (enterprises, leading and 专精特新 counts, segments covered per chain). */
export async function listClusters(ctx: ServiceContext): Promise<ClusterSummary[]> {
  requireAbility(atlasPolicy.cluster.read, ctx.actor, undefined as never, 'read the clusters');
  const out: ClusterSummary[] = [];
  for (const c of await allClusters(ctx.db)) out.push(summaryOf(ctx, c, await figures(ctx, c, false)));
  return out;
}

/** One cluster with its zones, segment coverage (covered and missing), enterprises and as-of date. */
export async function clusterDetail(ctx: ServiceContext, id: string, opts: { confirmedOnly?: boolean } = {}): Promise<ClusterDetail> {
  requireAbility(atlasPolicy.cluster.read, ctx.actor, undefined as never, 'read a cluster');
  const c = await findCluster(ctx, id);
  const confirmedOnly = Boolean(opts.confirmedOnly);
  const f = await figures(ctx, c, confirmedOnly);
  return {
    ...summaryOf(ctx, c, f),
    counted: countedText(confirmedOnly),
    formula: STRENGTH_FORMULA,
    confirmedOnly,
    zoneFigures: f.zoneFigures,
    chainFigures: f.chainOut,
    enterprises: f.enterprises,
  };
}

