import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import { searchTerms } from '../../lib/search-tokens.ts';
import { normaliseName, ENTERPRISE_TAGS, type EnterpriseRecord } from './atlas.enterprise.domain.ts';
import { BULK_ROWS, commitStage, createStage, settleBulkWrite, stageEnterprises } from './atlas.enterprises.repo.ts';
import { withCheckChar } from './atlas.uscc.domain.ts';
import { forgetCoverage } from './atlas.analysis.repo.ts';
import { fillLinkPlaces } from './atlas.link-places.ts';
import type { SizeBand } from './atlas.tables.ts';

const WORDS = ['芯片', '传感', '精密', '智能', '数控', '氢能', '生物', '医疗', '机器人', '新材料', '电子', '光电', '软件', '装备', '储能', '汽车'];
const SUFFIXES = ['科技有限公司', '技术有限公司', '制造有限公司', '装备股份有限公司', '材料有限公司'];
const PRODUCTS = ['芯片', '传感器', '工业母机', '伺服电机', '锂电池', '氢燃料电池', '医疗器械', '生物试剂', '工业机器人', '汽车零部件', '光刻胶', '数控系统'];
const BANDS: SizeBand[] = ['large', 'medium', 'small', 'small', 'micro', 'micro', 'micro'];
const BATCH = 20_000;

/** A small deterministic generator (mulberry32), so that the same count gives the same data. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `luoshi seed --enterprises N`: N made-up enterprises for benchmarks, added to the directory through the import's
 * bulk path (staging table, one INSERT … SELECT): clearly synthetic names (区名 + 示例 + a word + a number), codes
 * that pass the GB 32100 check but are nobody's (numbered after the enterprises already there, so a second run adds
 * more), spread over every district and city of the region table, with sizes, tags, products and, for one in
 * three, coordinates near the district. When chains exist, each enterprise is linked to one or two of their
 * segments (mixed evidence and decisions), so that coverage, gaps and matches have something to count.
 */
export async function seedEnterprises(db: Db, n: number, opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<{ enterprises: number; links: number; seconds: number }> {
  const t0 = performance.now();
  const regions = await db.selectFrom('regions').select(['code', 'name', 'short_name']).where('level', 'in', ['county', 'prefecture']).orderBy('code').execute();
  if (regions.length === 0) throw new Error('no regions: load the demo region first (luoshi seed --demo)');
  const start = Number((await sql<{ n: number }>`select count(*)::int as n from atlas_enterprises`.execute(db)).rows[0]!.n);
  const rnd = random(start + 1);
  const enterprises = await db.transaction().execute(async (trx) => {
    const stage = await createStage(trx);
    let staged = 0;
    for (let from = 0; from < n; from += BATCH) {
      const batch: (EnterpriseRecord & { searchTokens: string[] })[] = [];
      for (let i = from; i < Math.min(n, from + BATCH); i++) {
        const k = start + i;
        const region = regions[k % regions.length]!;
        const place = (region.short_name ?? region.name).replace(/(市|区|县)$/, '');
        const word = WORDS[Math.floor(rnd() * WORDS.length)]!;
        const name = `${place}示例${word}${k}${SUFFIXES[k % SUFFIXES.length]}`;
        const products = [PRODUCTS[Math.floor(rnd() * PRODUCTS.length)]!, PRODUCTS[Math.floor(rnd() * PRODUCTS.length)]!].filter((p, j, a) => a.indexOf(p) === j);
        const r = rnd();
        const tags = r < 0.02 ? ['链主/龙头', ENTERPRISE_TAGS[1]] : r < 0.12 ? ['专精特新'] : r < 0.3 ? ['高新技术企业'] : [];
        const located = rnd() < 0.33;
        batch.push({
          name,
          nameNorm: normaliseName(name),
          uscc: withCheckChar(`91${region.code.padEnd(6, '0').slice(0, 6)}${String(k).padStart(9, '0')}`),
          regionCode: region.code,
          address: `${region.name}示例路${k % 997}号`,
          sizeBand: BANDS[Math.floor(rnd() * BANDS.length)]!,
          employees: Math.floor(rnd() * 2000),
          tags,
          mainProducts: products,
          foundedOn: `${1990 + Math.floor(rnd() * 35)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
          lat: located ? 38.5 + rnd() * 2 : null,
          lng: located ? 115.5 + rnd() * 3 : null,
          searchTokens: searchTerms(name, ...products, ...tags),
        });
      }
      await stageEnterprises(trx, batch, stage);
      staged += batch.length;
      opts.onProgress?.(staged, n);
    }
    return commitStage(trx, staged);
  });
  await settleBulkWrite(db, ['atlas_enterprises', 'atlas_enterprise_terms']);
  const links = await linkSeededEnterprises(db);
  return { enterprises, links, seconds: Math.round((performance.now() - t0) / 100) / 10 };
}

/** Links the made-up enterprises without links to the current versions' segments: one each, a second for one in three. */
export async function linkSeededEnterprises(db: Db): Promise<number> {
  const segs = await db
    .selectFrom('atlas_segments as s')
    .innerJoin('atlas_chain_versions as v', 'v.id', 's.version_id')
    .innerJoin('atlas_chains as c', (j) => j.onRef('c.id', '=', 'v.chain_id').onRef('c.current_version', '=', 'v.version'))
    .select(['c.id as chain_id', 's.key'])
    .orderBy('c.id')
    .orderBy('s.key')
    .execute();
  let links = 0;
  if (segs.length > 0) {
    // Planned without statistics on a directory just loaded, the insert (its not-exists test reads the table it
    // fills) can loop over the growing table for every enterprise: minutes at 200,000.
    await sql`analyze atlas_enterprises`.execute(db);
    const chains = JSON.stringify(segs.map((s) => s.chain_id));
    const keys = JSON.stringify(segs.map((s) => s.key));
    const r = await sql`insert into atlas_enterprise_segments (region_code, enterprise_id, chain_id, segment_key, evidence, source, as_of, decision)
      select e.region_code, e.id, (${chains}::jsonb ->> p.n)::uuid, ${keys}::jsonb ->> p.n,
        (array['strong', 'medium', 'weak'])[1 + (p.h % 3)], '示例数据 / generated', date '2026-06-30', (array['confirmed', 'uncertain', 'uncertain', 'rejected'])[1 + (p.h % 4)]
      from atlas_enterprises e
      cross join lateral (select abs(hashtext(e.uscc || k.k)) as h, (abs(hashtext(e.uscc || k.k)) % ${segs.length})::int as n from (values ('a'), ('b')) as k(k)) p
      where e.name like '%示例%' and not exists (select 1 from atlas_enterprise_segments x where x.region_code = e.region_code and x.enterprise_id = e.id)
        and (p.h % 3 = 0 or p.n = (abs(hashtext(e.uscc || 'a')) % ${segs.length})::int)
      on conflict do nothing`.execute(db);
    links = Number(r.numAffectedRows ?? 0);
    await fillLinkPlaces(db);
    await forgetCoverage(db, null);
    // Filling the places rewrote every new link: the covering index of 成龙配套 reads them without the table only once vacuumed.
    if (links >= BULK_ROWS) await settleBulkWrite(db, ['atlas_enterprise_segments']);
  }
  return links;
}
