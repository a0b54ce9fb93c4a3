import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import { queryTokens } from '../../lib/search-tokens.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { adaptationChains, dataChainId, findChain, findVersionId } from './atlas.chains.repo.ts';
import { withinRegion } from './atlas.analysis.domain.ts';
import {
  enterpriseLinks,
  findEnterprise,
  insertLink,
  regionWithDescendants,
  searchEnterpriseRows,
  segmentEnterpriseRows,
  setPinyinKeys,
  unkeyedEnterprises,
  updateLinkDecision,
  type EnterpriseRow,
  type LinkRow,
} from './atlas.directory.repo.ts';
import { pinyinKey } from './atlas.pinyin.ts';
import { ancestorsOf, ensureCoverage, recountRegionCoverage } from './atlas.analysis.service.ts';
import { mapCountRows } from './atlas.map-counts.repo.ts';
import { fillLinkPlaces } from './atlas.link-places.ts';
import type { LinkDecision } from './atlas.tables.ts';
import type { EnterpriseDetail, EnterpriseItem, EnterprisePage, EnterpriseQuery, LinkResponse, NewLinkBody, SegmentCounts, SegmentEnterprises } from './atlas.ui.schema.ts';

/** What the map's counts count (the page says it beside them). */
const MAP_COUNTED = {
  zh: '环节及其下级环节关联的企业数（每家企业计一次），计已确认和待定的关联，不计已否定的',
  en: 'enterprises linked to the segment or its sub-segments (each counted once), by confirmed and uncertain links; rejected links not counted',
};

/** Matches counted at most (the list says "10,000+" beyond). */
const COUNT_CAP = 10_000;

const day = (d: string | Date | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

function item(r: EnterpriseRow): EnterpriseItem {
  return {
    id: r.id,
    regionCode: r.region_code,
    regionName: r.region_name,
    uscc: r.uscc,
    name: r.name,
    address: r.address,
    sizeBand: r.size_band,
    employees: r.employees,
    tags: r.tags,
    mainProducts: r.main_products,
    foundedOn: day(r.founded_on),
    updatedAt: r.updated_at.toISOString() as EnterpriseItem['updatedAt'],
  };
}

/** The segments of a chain's current version: key → { parent, name }; and the chain its links are kept under (dataId). */
async function currentSegments(ctx: ServiceContext, chainId: string) {
  const [chain] = await findChain(ctx.db, chainId);
  if (!chain || chain.id !== chainId) throw bilingualNotFound(`产业链 ${chainId} 不存在`, `Chain ${chainId}`);
  const versionId = (await findVersionId(ctx.db, chain.id, chain.current_version))!;
  const [rows, dataId] = await Promise.all([
    ctx.db
      .selectFrom('atlas_segments as s')
      .leftJoin('atlas_segments as p', 'p.id', 's.parent_id')
      .select(['s.key', 'p.key as parent', 's.name'])
      .where('s.version_id', '=', versionId)
      .orderBy('s.position')
      .execute(),
    dataChainId(ctx.db, chain),
  ]);
  // dataId: the chain whose links this one counts (a region's adaptation counts its shared chain's).
  return { chain, segments: rows, dataId };
}

/** A segment's key and the keys of every segment under it. */
function subtreeKeys(segments: { key: string; parent: string | null }[], key: string): string[] {
  const children = new Map<string, string[]>();
  for (const s of segments) if (s.parent) children.set(s.parent, [...(children.get(s.parent) ?? []), s.key]);
  const out: string[] = [];
  const stack = [key];
  while (stack.length) {
    const k = stack.pop()!;
    out.push(k);
    stack.push(...(children.get(k) ?? []));
  }
  return out;
}

async function regionsOf(ctx: ServiceContext, region: string | undefined): Promise<string[] | null> {
  return region ? regionWithDescendants(ctx.db, region) : null;
}

/** The start of a USCC a query may be: 6 to 18 characters of the code's alphabet, four of them digits at least. */
export function usccPrefix(q: string): string | null {
  const s = q.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return /^[0-9A-HJ-NPQRTUWXY]{6,18}$/.test(s) && (s.match(/[0-9]/g)?.length ?? 0) >= 4 ? s : null;
}

/**
 * The enterprise directory, searched by name, product or tag (two Chinese characters are enough: the tokens hold
 * every CJK bigram), filtered by region (its districts included), tag, and chain or segment (its sub-segments
 * included; rejected links do not count), in pinyin order, a page at a time.
 */
export async function searchEnterprises(ctx: ServiceContext, query: EnterpriseQuery): Promise<EnterprisePage> {
  requireAbility(atlasPolicy.enterprise.read, ctx.actor, undefined as never, 'read enterprises');
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  let segmentKeys: string[] | null = null;
  if (query.segment && !query.chain) throw new ValidationError(bilingual('按环节筛选时须指定产业链', 'a segment filter needs its chain'), [{ field: 'segment', message: bilingual('须同时指定产业链', 'name the chain too') }]);
  const chain = query.chain ? await currentSegments(ctx, query.chain) : null;
  if (chain && query.segment) segmentKeys = subtreeKeys(chain.segments, query.segment);
  const filter = { tokens: query.q ? queryTokens(query.q) : [], regions: await regionsOf(ctx, query.region), tag: query.tag ?? null, chainId: chain?.dataId ?? null, segmentKeys };
  const page = { offset, limit, countCap: COUNT_CAP + offset };
  // A query that reads as the start of a USCC finds the enterprises by code; if none has it, it is searched as words
  // (a product model such as GD32F103 reads as a code too).
  const prefix = query.q ? usccPrefix(query.q) : null;
  let found = prefix ? await searchEnterpriseRows(ctx.db, { ...filter, usccPrefix: prefix }, page) : null;
  if (!found || (found.total === 0 && filter.tokens.length > 0)) found = await searchEnterpriseRows(ctx.db, filter, page);
  const { rows, total } = found;
  return { items: rows.map(item), total: Math.min(total, COUNT_CAP + offset), totalCapped: total >= COUNT_CAP + offset, offset, limit };
}

/**
 * The links of one enterprise (in region `regionCode`) with their chain's and segment's names. A link is stored
 * against the shared chain; where the enterprise's region has adapted that chain, the names come from the region's
 * copy (which may rename a segment or add one the shared chain lacks), else from the shared chain.
 */
async function linkResponses(ctx: ServiceContext, regionCode: string, links: LinkRow[]): Promise<LinkResponse[]> {
  const views = new Map<string, { chain: { name: string } | null; names: Map<string, string>; fallback: Map<string, string> }>();
  for (const id of new Set(links.map((l) => l.chain_id))) {
    const shared = await currentSegments(ctx, id).catch(() => undefined);
    const fallback = new Map((shared?.segments ?? []).map((s) => [s.key, s.name]));
    const copyId = shared ? (await adaptationChains(ctx.db, shared.chain)).find((c) => withinRegion(regionCode, c.region_code, new Map()))?.id : undefined;
    const copy = copyId ? await currentSegments(ctx, copyId).catch(() => undefined) : undefined;
    const view = copy ?? shared;
    views.set(id, { chain: view?.chain ?? null, names: new Map((view?.segments ?? []).map((s) => [s.key, s.name])), fallback });
  }
  return links.map((l) => {
    const v = views.get(l.chain_id)!;
    return {
      chainId: l.chain_id,
      chainName: v.chain?.name ?? null,
      segmentKey: l.segment_key,
      segmentName: v.names.get(l.segment_key) ?? v.fallback.get(l.segment_key) ?? null,
      evidence: l.evidence,
      source: l.source,
      asOf: day(l.as_of)!,
      decision: l.decision,
      note: l.note,
      decidedBy: l.decided_by_name,
      updatedAt: l.updated_at.toISOString() as LinkResponse['updatedAt'],
    };
  });
}

/** One enterprise with its segment links (evidence, source, as-of date, decision). */
export async function enterpriseDetail(ctx: ServiceContext, regionCode: string, id: string): Promise<EnterpriseDetail> {
  requireAbility(atlasPolicy.enterprise.read, ctx.actor, undefined as never, 'read an enterprise');
  const row = await findEnterprise(ctx.db, regionCode, id);
  if (!row) throw bilingualNotFound(`企业 ${id} 不存在`, `Enterprise ${id}`);
  return { ...item(row), links: await linkResponses(ctx, regionCode, await enterpriseLinks(ctx.db, regionCode, id)), abilities: { decide: atlasPolicy.enterprise.decide(ctx.actor) } };
}

/** Confirms, rejects or leaves uncertain an enterprise's link to a segment, with a note; audited with before and after. */
export async function decideLink(
  ctx: ServiceContext,
  key: { regionCode: string; enterpriseId: string; chainId: string; segmentKey: string },
  input: { decision: LinkDecision; note?: string | null },
): Promise<LinkResponse> {
  requireAbility(atlasPolicy.enterprise.decide, ctx.actor, undefined as never, 'decide an enterprise link');
  const note = input.note?.trim() || null;
  await inTransaction(ctx, async (trx) => {
    const [before] = await enterpriseLinks(trx, key.regionCode, key.enterpriseId, key);
    if (!before) throw bilingualNotFound(`企业与环节 ${key.segmentKey} 的关联不存在`, `The link to segment ${key.segmentKey}`);
    const enterprise = await findEnterprise(trx, key.regionCode, key.enterpriseId);
    await updateLinkDecision(trx, key, { decision: input.decision, note, decidedBy: ctx.actor.userId });
    await recountRegionCoverage(trx, key.chainId, key.regionCode);
    await recordAudit(trx, ctx.actor, {
      action: 'decide',
      entity: 'enterprise_link',
      entityId: key.enterpriseId,
      summary: `${enterprise?.name ?? key.enterpriseId} · ${key.segmentKey}: ${before.decision} → ${input.decision}`,
      before: { chainId: key.chainId, segmentKey: key.segmentKey, decision: before.decision, note: before.note },
      after: { chainId: key.chainId, segmentKey: key.segmentKey, decision: input.decision, note },
      regionCode: key.regionCode,
    });
  });
  const [after] = await linkResponses(ctx, key.regionCode, await enterpriseLinks(ctx.db, key.regionCode, key.enterpriseId, key));
  return after!;
}

/**
 * Links an enterprise to a segment of a chain's current version by hand (staff who know it: a visit, a tender),
 * with the evidence, its source and date; audited. Refused when the link exists (its decision is changed instead).
 */
export async function addLink(ctx: ServiceContext, regionCode: string, enterpriseId: string, input: NewLinkBody): Promise<LinkResponse> {
  requireAbility(atlasPolicy.enterprise.decide, ctx.actor, undefined as never, 'link an enterprise to a segment');
  const { segments, dataId } = await currentSegments(ctx, input.chainId);
  if (!segments.some((s) => s.key === input.segmentKey)) {
    throw new ValidationError(bilingual(`环节 ${input.segmentKey} 不在该产业链的当前版本中`, `segment ${input.segmentKey} is not in the chain's current version`), [
      { field: 'segmentKey', message: bilingual('环节不存在', 'no such segment') },
    ]);
  }
  const key = { regionCode, enterpriseId, chainId: dataId, segmentKey: input.segmentKey };
  const note = input.note?.trim() || null;
  await inTransaction(ctx, async (trx) => {
    const enterprise = await findEnterprise(trx, regionCode, enterpriseId);
    if (!enterprise) throw bilingualNotFound(`企业 ${enterpriseId} 不存在`, `Enterprise ${enterpriseId}`);
    const decision = input.decision ?? 'uncertain';
    const added = await insertLink(trx, {
      region_code: regionCode, enterprise_id: enterpriseId, chain_id: dataId, segment_key: input.segmentKey,
      evidence: input.evidence, source: input.source.trim(), as_of: input.asOf, decision, note, decided_by: ctx.actor.userId,
    });
    if (!added) throw new ConflictError(bilingual(`该企业已关联到环节 ${input.segmentKey}`, `the enterprise is already linked to segment ${input.segmentKey}`), [{ field: 'segmentKey', message: bilingual('关联已存在', 'the link exists') }]);
    await fillLinkPlaces(trx, { regionCode, enterpriseId });
    await recountRegionCoverage(trx, dataId, regionCode);
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'enterprise_link',
      entityId: enterpriseId,
      summary: `${enterprise.name} · ${input.segmentKey}`,
      after: { chainId: dataId, segmentKey: input.segmentKey, evidence: input.evidence, source: input.source, asOf: input.asOf, decision, note },
      regionCode,
    });
  });
  const [link] = await linkResponses(ctx, regionCode, await enterpriseLinks(ctx.db, regionCode, enterpriseId, key));
  return link!;
}

/**
 * Per segment of a chain, the distinct enterprises linked to it or to one of its sub-segments by a confirmed or
 * uncertain link (rejected links do not count): everywhere, and in the region with its districts, and of those the
 * confirmed; with the latest as-of date of the links counted. Read from the stored counts (atlas.map-counts.repo.ts),
 * counted first when the chain's coverage cells are not counted for its current version (after links written in bulk).
 */
export async function segmentCounts(ctx: ServiceContext, chainId: string, region?: string): Promise<SegmentCounts> {
  requireAbility(atlasPolicy.chain.read, ctx.actor, undefined as never, 'read a chain');
  const { chain, segments, dataId } = await currentSegments(ctx, chainId);
  await ensureCoverage(ctx, chain, dataId, ancestorsOf({ segments }));
  const rows = await mapCountRows(ctx.db, chain.id, region ?? null);
  const everywhere = new Map(rows.filter((r) => r.regionCode === '*').map((r) => [r.segmentKey, r]));
  const inRegion = new Map(rows.filter((r) => r.regionCode !== '*').map((r) => [r.segmentKey, r]));
  let asOf: string | null = null;
  for (const r of everywhere.values()) {
    const d = day(r.asOf);
    if (d && (!asOf || d > asOf)) asOf = d;
  }
  const out = segments.map((s) => {
    const here = region ? inRegion.get(s.key) : everywhere.get(s.key);
    return { key: s.key, total: everywhere.get(s.key)?.enterprises ?? 0, inRegion: here?.enterprises ?? 0, confirmed: here?.confirmed ?? 0 };
  });
  return { region: region ?? null, asOf, counted: MAP_COUNTED, segments: out };
}

/**
 * The link tiers of a segment's list to read by walking the directory in pinyin order (atlas.directory.repo.ts
 * segmentEnterpriseRows), from the map's stored counts (in the region, or everywhere): a tier with so many enterprises
 * that the walk finds a page sooner than sorting its links would, and only if the page reaches it (the confirmed come
 * first: when they fill the page, the uncertain are never read). At 20,000 enterprises a walk reads about 5,000 of a
 * million for a page of 100, fewer than the tier's own links; below it, the links are sorted. Counts not stored yet
 * (the map not drawn since links were written in bulk) only cost the walk, never the answer.
 */
async function denseTiers(ctx: ServiceContext, chainId: string, key: string, region: string | null, limit: number): Promise<LinkDecision[]> {
  const row = (await mapCountRows(ctx.db, chainId, region)).find((r) => r.segmentKey === key && r.regionCode === (region ?? '*'));
  if (!row) return [];
  if (row.confirmed >= WALK_FROM) return ['confirmed'];
  if (row.confirmed >= limit) return [];
  return row.enterprises - row.confirmed >= WALK_FROM ? ['uncertain'] : [];
}

/** Enterprises in a tier from which a segment's list walks the directory in pinyin order (see {@link denseTiers}). */
const WALK_FROM = 20_000;

/** The enterprises linked to a segment (its sub-segments included), in a region: confirmed first, then by pinyin. */
export async function segmentEnterprises(ctx: ServiceContext, chainId: string, key: string, opts: { region?: string; limit?: number }): Promise<SegmentEnterprises> {
  requireAbility(atlasPolicy.enterprise.read, ctx.actor, undefined as never, 'read enterprises');
  const { chain, segments, dataId } = await currentSegments(ctx, chainId);
  if (!segments.some((s) => s.key === key)) throw bilingualNotFound(`环节 ${key} 不存在`, `Segment ${key}`);
  const limit = opts.limit ?? 100;
  const [regions, walk] = await Promise.all([regionsOf(ctx, opts.region), denseTiers(ctx, chain.id, key, opts.region ?? null, limit)]);
  const rows = await segmentEnterpriseRows(ctx.db, dataId, subtreeKeys(segments, key), regions, limit, walk);
  return {
    items: rows.map((r) => ({
      id: r.id,
      regionCode: r.region_code,
      regionName: r.region_name,
      uscc: r.uscc,
      name: r.name,
      tags: r.tags,
      mainProducts: r.main_products,
      segmentKey: r.segment_key,
      evidence: r.evidence,
      source: r.source,
      asOf: day(r.as_of as string | Date)!,
      decision: r.decision,
      note: r.note,
    })),
  };
}

/** Fills the pinyin sort key of enterprises imported before it existed (`luoshi atlas pinyin`); returns how many. */
export async function backfillPinyin(ctx: ServiceContext, onBatch?: (done: number) => void): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await unkeyedEnterprises(ctx.db, 5000);
    if (!rows.length) return done;
    await setPinyinKeys(ctx.db, rows.map((r) => ({ region_code: r.region_code, id: r.id, key: pinyinKey(r.name) })));
    done += rows.length;
    onBatch?.(done);
  }
}
