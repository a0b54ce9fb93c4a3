/**
 * Enterprises of the directory a segment's words name in their main products, not yet linked to it
 * (按产品查找未关联企业): after a chain office adds a segment or a product to a chain, or imports a list without
 * proposing links, the segment's panel finds the enterprises that make what it lists, and links the ones staff pick
 * in one action — product evidence, 待定 (uncertain), the words as source, as the import's proposals are
 * (atlas.link-proposals.domain.ts).
 */
import { sql } from 'kysely';
import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import { queryTokens } from '../../lib/search-tokens.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { findEnterprise, insertLink, regionWithDescendants, searchEnterpriseRows, type EnterpriseRow } from './atlas.directory.repo.ts';
import { productsHold, segmentWords } from './atlas.link-proposals.domain.ts';
import { currentChain, recountRegionCoverage } from './atlas.analysis.service.ts';
import { fillLinkPlaces } from './atlas.link-places.ts';
import { chinaDay } from '../../lib/calendar-date.ts';
import type { LinkProposalsBody, SegmentProposals } from './atlas.ui.schema.ts';

/** Words of a segment searched at most, and directory matches read per word (before the product check). */
const MAX_WORDS = 12;
const PER_WORD = 300;
/** Enterprises linked at once. */
export const MAX_LINKED = 200;

async function segmentOf(ctx: ServiceContext, chainId: string, key: string) {
  const { version, dataId } = await currentChain(ctx, chainId);
  const segment = version.segments.find((s) => s.key === key);
  if (!segment) throw bilingualNotFound(`环节 ${key} 不存在`, `Segment ${key}`);
  const leaf = !version.segments.some((s) => s.parent === key);
  return { dataId, segment, words: segmentWords({ name: segment.name, terms: [...segment.products, ...segment.technologies] }, leaf) };
}

/**
 * The enterprises (in the region and its districts, if given) whose main products hold one of the segment's words
 * and that have no link to the segment (a rejected link counts: staff decided it), most words first, then in
 * pinyin order; at most `limit`. Found through the search terms (each word's bigrams), then checked against the
 * products themselves. Of a word that thousands of enterprises hold, the first 300 matches in pinyin order are read:
 * once those are linked, the next asking finds the next ones.
 */
export async function segmentProposals(ctx: ServiceContext, chainId: string, key: string, opts: { region?: string; limit?: number }): Promise<SegmentProposals> {
  requireAbility(atlasPolicy.enterprise.read, ctx.actor, undefined as never, 'read enterprises');
  const { dataId, words } = await segmentOf(ctx, chainId, key);
  const limit = opts.limit ?? 50;
  const regions = opts.region ? await regionWithDescendants(ctx.db, opts.region) : null;
  const found = new Map<string, { row: EnterpriseRow; words: string[] }>();
  for (const word of words.slice(0, MAX_WORDS)) {
    const tokens = queryTokens(word);
    if (tokens.length === 0) continue;
    const { rows } = await searchEnterpriseRows(ctx.db, { tokens, regions, tag: null, chainId: null, segmentKeys: null }, { offset: 0, limit: PER_WORD, countCap: PER_WORD });
    for (const row of rows) {
      if (!productsHold(row.main_products, word)) continue;
      const id = `${row.region_code}/${row.id}`;
      const hit = found.get(id);
      if (hit) hit.words.push(word);
      else found.set(id, { row, words: [word] });
    }
  }
  if (found.size > 0) {
    const hits = [...found.values()];
    const linked = await ctx.db
      .selectFrom('atlas_enterprise_segments')
      .select(['region_code', 'enterprise_id'])
      .where('region_code', '=', sql<string>`any(${[...new Set(hits.map((h) => h.row.region_code))]}::text[])`)
      .where('enterprise_id', '=', sql<string>`any(${hits.map((h) => h.row.id)}::uuid[])`)
      .where('chain_id', '=', dataId)
      .where('segment_key', '=', key)
      .execute();
    for (const l of linked) found.delete(`${l.region_code}/${l.enterprise_id}`);
  }
  const collator = new Intl.Collator('zh-CN');
  const items = [...found.values()]
    .sort((a, b) => b.words.length - a.words.length || collator.compare(a.row.name, b.row.name))
    .slice(0, limit)
    .map(({ row, words: w }) => ({ id: row.id, regionCode: row.region_code, regionName: row.region_name, name: row.name, mainProducts: row.main_products, tags: row.tags, words: w }));
  return { words, items, abilities: { link: atlasPolicy.enterprise.decide(ctx.actor) } };
}

/**
 * Links the enterprises staff picked from {@link segmentProposals} to the segment, in one transaction: product
 * evidence, 待定, as of today, the words their products hold as source; audited one by one. An enterprise already
 * linked is left as it is (counted as skipped).
 */
export async function linkProposals(ctx: ServiceContext, chainId: string, key: string, body: LinkProposalsBody): Promise<{ linked: number; skipped: number }> {
  requireAbility(atlasPolicy.enterprise.decide, ctx.actor, undefined as never, 'link enterprises to a segment');
  if (body.enterprises.length === 0 || body.enterprises.length > MAX_LINKED) {
    throw new ValidationError(bilingual(`一次可关联 1 至 ${MAX_LINKED} 家企业`, `link 1 to ${MAX_LINKED} enterprises at a time`), [
      { field: 'enterprises', message: bilingual(`已选 ${body.enterprises.length} 家`, `${body.enterprises.length} chosen`) },
    ]);
  }
  const { dataId, words, segment } = await segmentOf(ctx, chainId, key);
  const asOf = chinaDay();
  let linked = 0;
  let skipped = 0;
  await inTransaction(ctx, async (trx) => {
    const regions = new Set<string>();
    for (const { regionCode, id } of body.enterprises) {
      const enterprise = await findEnterprise(trx, regionCode, id);
      if (!enterprise) throw bilingualNotFound(`企业 ${id} 不存在`, `Enterprise ${id}`);
      const held = words.filter((w) => productsHold(enterprise.main_products, w));
      const source = held.length ? `按主要产品推荐：${held.map((w) => `“${w}”`).join('')}` : '按产品推荐（人工选定）';
      const added = await insertLink(trx, {
        region_code: regionCode, enterprise_id: id, chain_id: dataId, segment_key: key,
        evidence: 'strong', source, as_of: asOf, decision: 'uncertain', note: null, decided_by: ctx.actor.userId,
      });
      if (!added) {
        skipped++;
        continue;
      }
      linked++;
      regions.add(regionCode);
      await fillLinkPlaces(trx, { regionCode, enterpriseId: id });
      await recordAudit(trx, ctx.actor, {
        action: 'create',
        entity: 'enterprise_link',
        entityId: id,
        summary: `${enterprise.name} · ${segment.name} (${key})`,
        after: { chainId: dataId, segmentKey: key, evidence: 'strong', source, asOf, decision: 'uncertain' },
        regionCode,
      });
    }
    for (const regionCode of regions) await recountRegionCoverage(trx, dataId, regionCode);
  });
  return { linked, skipped };
}
