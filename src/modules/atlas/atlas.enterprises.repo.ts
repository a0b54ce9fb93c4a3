import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { EnterpriseRecord } from './atlas.enterprise.domain.ts';
import { pinyinKey } from './atlas.pinyin.ts';
import { canCopy, copyField, CopyRows } from '../../server/db-copy.ts';

/**
 * Which of these codes the directory holds already, in any region: a USCC is national, and an enterprise moving
 * its registration keeps it (listed in the query guard's allowances).
 */
export async function existingUsccs(trx: Tx, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  // One array parameter, not ten thousand: a batch's list of placeholders cost more to send and plan than the lookup.
  const rows = await trx.selectFrom('atlas_enterprises').select('uscc').where('uscc', '=', sql<string>`any(${codes}::text[])`).execute();
  return new Set(rows.map((r) => r.uscc!));
}

/**
 * Whether the directory is empty, and if so kept empty for others until this transaction ends (a SHARE lock: reads
 * go on, other writers wait), so that the import's rows need no checks against it — nothing is in the directory to
 * be a duplicate of (a first load of a million rows sent 200 such lookups of 10,000 codes and names each). Not on
 * Citus (the checks are kept there).
 */
export async function lockEmptyDirectory(trx: Tx): Promise<boolean> {
  // Any region: the question is about the whole directory (written out, as the query guard asks of such reads).
  const empty = async () => !(await sql<{ any: boolean }>`select exists (select 1 from atlas_enterprises) as any`.execute(trx)).rows[0]!.any;
  if (!(await empty())) return false;
  if ((await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'citus'`.execute(trx)).rows[0]!.n > 0) return false;
  await sql`lock table atlas_enterprises in share mode`.execute(trx);
  // Another import may have committed rows between the look and the lock.
  return empty();
}

/** Which of these (region, normalised name) pairs the directory holds already, as `region\u0000name`. */
export async function existingNames(trx: Tx, pairs: { regionCode: string; nameNorm: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await trx
    .selectFrom('atlas_enterprises')
    .select(['region_code', 'name_norm'])
    .where('region_code', '=', sql<string>`any(${[...new Set(pairs.map((p) => p.regionCode))]}::text[])`)
    .where('name_norm', '=', sql<string>`any(${[...new Set(pairs.map((p) => p.nameNorm))]}::text[])`)
    .execute();
  return new Set(rows.map((r) => `${r.region_code}\u0000${r.name_norm}`));
}

/**
 * A checked row and its search terms (src/lib/search-tokens.ts searchTerms: distinct, each one a query can ask for);
 * its pinyin key when already made (else made here).
 */
export type StagedEnterprise = EnterpriseRecord & { searchTokens: string[]; namePinyin?: string; linkPlace?: LinkPlace };

/** Where an enterprise's links place it (its coordinates, else its district's centre) and their match points (atlas.link-places.ts). */
export interface LinkPlace {
  lat: number | null;
  lng: number | null;
  points: number;
}

const STAGE = 'atlas_import_stage';
const COLUMNS = 'region_code, uscc, name, name_norm, address, size_band, employees, tags, main_products, founded_on, search_tokens, name_pinyin, lat, lng';
/** The staged row's links (each the chain's uuid followed by the segment key, joined by {@link SEP}), their evidence, date, place, points and source (null: the file's). */
const LINK_COLUMNS = 'links, link_evidence, link_as_of, link_lat, link_lng, link_points, link_source';
const STAGE_COLUMNS = `${COLUMNS}, ${LINK_COLUMNS}`;
/** Lists travel as one text per row, joined by the unit separator (no list item holds it: see {@link listText}). */
const SEP = '\u001f';
const listText = (items: string[]) => items.map((i) => i.replaceAll(SEP, ' ')).join(SEP);
const linksText = (r: StagedEnterprise) => (r.links ? r.links.links.map((l) => l.chainId + l.segmentKey).join(SEP) : null);

/**
 * The staging table of a bulk import: a temporary table of the transaction (gone at its commit or rollback), without
 * indexes or constraints, that batches are appended to cheaply; {@link commitStage} moves it into the directory in
 * one statement. Lists are staged as one text each (joined by {@link SEP}) and split in the move. On Citus it lives
 * on the coordinator and the move is an INSERT … SELECT through it. Returns how batches are to be appended:
 * by COPY FROM STDIN where the database handle can (src/server/db-copy.ts), else by one INSERT of unnested arrays.
 */
export async function createStage(trx: Tx): Promise<{ copy: boolean }> {
  await sql.raw(`drop table if exists ${STAGE}`).execute(trx);
  await sql
    .raw(`create temp table ${STAGE} (region_code text, uscc text, name text, name_norm text, address text, size_band text, employees integer,
      tags text, main_products text, founded_on date, search_tokens text, name_pinyin text, lat double precision, lng double precision,
      links text, link_evidence text, link_as_of date, link_lat double precision, link_lng double precision, link_points integer, link_source text,
      id uuid not null default gen_random_uuid()) on commit drop`)
    .execute(trx);
  return { copy: await canCopy(trx) };
}

/**
 * Appends a batch to the staging table in one statement: COPY FROM STDIN of the batch as text (the database parses
 * it about as fast as it reads it), or, where COPY is not at hand, one typed array parameter per column, unnested
 * together (cast so that Citus keeps the types).
 */
export async function stageEnterprises(trx: Tx, rows: StagedEnterprise[], how: { copy: boolean }): Promise<void> {
  if (rows.length === 0) return;
  if (how.copy) {
    let text = '';
    for (const r of rows) {
      text += `${copyField(r.regionCode)}\t${copyField(r.uscc)}\t${copyField(r.name)}\t${copyField(r.nameNorm)}\t${copyField(r.address)}\t${copyField(r.sizeBand)}\t${copyField(r.employees)}\t${copyField(listText(r.tags))}\t${copyField(listText(r.mainProducts))}\t${copyField(r.foundedOn)}\t${copyField(listText(r.searchTokens))}\t${copyField(r.namePinyin ?? pinyinKey(r.name))}\t${copyField(r.lat)}\t${copyField(r.lng)}\t`;
      text += r.links
        ? `${copyField(linksText(r))}\t${r.links.evidence}\t${copyField(r.links.asOf)}\t${copyField(r.linkPlace?.lat ?? null)}\t${copyField(r.linkPlace?.lng ?? null)}\t${copyField(r.linkPlace?.points ?? null)}\t${copyField(r.links.source ?? null)}\n`
        : '\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n';
    }
    await sql`copy ${sql.raw(STAGE)} (${sql.raw(STAGE_COLUMNS)}) from stdin ${new CopyRows(text)}`.execute(trx);
    return;
  }
  const col = <T>(f: (r: StagedEnterprise) => T) => rows.map(f);
  await sql`insert into ${sql.raw(STAGE)} (${sql.raw(STAGE_COLUMNS)})
    select * from unnest(${col((r) => r.regionCode)}::text[], ${col((r) => r.uscc)}::text[], ${col((r) => r.name)}::text[], ${col((r) => r.nameNorm)}::text[],
      ${col((r) => r.address)}::text[], ${col((r) => r.sizeBand)}::text[], ${col((r) => r.employees)}::integer[], ${col((r) => listText(r.tags))}::text[],
      ${col((r) => listText(r.mainProducts))}::text[], ${col((r) => r.foundedOn)}::date[], ${col((r) => listText(r.searchTokens))}::text[],
      ${col((r) => r.namePinyin ?? pinyinKey(r.name))}::text[], ${col((r) => r.lat)}::float8[], ${col((r) => r.lng)}::float8[],
      ${col(linksText)}::text[], ${col((r) => r.links?.evidence ?? null)}::text[], ${col((r) => r.links?.asOf ?? null)}::date[],
      ${col((r) => r.linkPlace?.lat ?? null)}::float8[], ${col((r) => r.linkPlace?.lng ?? null)}::float8[], ${col((r) => r.linkPlace?.points ?? null)}::integer[], ${col((r) => r.links?.source ?? null)}::text[])`.execute(trx);
}

/**
 * Moves the staged rows into the directory in one INSERT … SELECT, and their search terms into
 * atlas_enterprise_terms in a second (the staged search_tokens are already the searchable terms, distinct:
 * src/lib/search-tokens.ts searchTerms). When the import is larger than the directory it lands in (a first load),
 * the secondary indexes of both tables (every index but the primary key, which a foreign key leans on) are dropped
 * and built again afterwards from their own definitions, in the same transaction and with more memory to sort in:
 * building an index once is cheaper than growing it row by row (at a million enterprises, the move into five
 * B-trees took most of the import). Meanwhile the tables are locked against readers until the commit. Rows go in
 * in primary-key order, so that its B-tree is filled page by page. Not on Citus, where indexes are left to the
 * workers. Returns the rows written.
 */
export async function commitStage(trx: Tx, staged: number, phase: (name: string, ms: number) => void = () => {}): Promise<number> {
  if (staged === 0) return 0;
  let t = performance.now();
  const lap = (name: string) => {
    phase(name, performance.now() - t);
    t = performance.now();
  };
  const citus = (await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'citus'`.execute(trx)).rows[0]!.n > 0;
  const existing = citus ? Infinity : (await sql<{ n: number }>`select count(*)::int as n from (select 1 from atlas_enterprises limit ${staged}) e`.execute(trx)).rows[0]!.n;
  const rebuild = existing < staged;
  let indexes: { name: string; def: string }[] = [];
  if (rebuild) {
    indexes = (
      await sql<{ name: string; def: string }>`select c.relname as name, pg_get_indexdef(i.indexrelid) as def
        from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid in ('atlas_enterprises'::regclass, 'atlas_enterprise_terms'::regclass)
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
        order by c.relname`.execute(trx)
    ).rows;
    for (const i of indexes) await sql`drop index ${sql.id(i.name)}`.execute(trx);
    // For this transaction only: the index builds sort in 64 MB (PostgreSQL's default, whatever the server was tuned
    // to). More is slower here: the terms' index sorts 16 million short keys, and in a larger memory (one quicksort,
    // out of the processor's cache; on PostgreSQL, shared with the parallel workers) it took longer than in runs merged
    // from disk. Measured on two cores (bench/atlas-import.ts --trace, 256 MB → 64 MB): at a million rows on
    // PostgreSQL the terms' index 43.9 and 31.1 s → 28.1 and 27.0 s; at 300,000 rows on PGlite 20.2 and 19.6 s → 16.5 and 16.3 s.
    await sql`set local maintenance_work_mem = '64MB'`.execute(trx);
  }
  lap('first-load test, index drops');
  const r = await sql.raw(`insert into atlas_enterprises (id, ${COLUMNS})
    select id, region_code, uscc, name, name_norm, address, size_band, employees, string_to_array(tags, chr(31)), string_to_array(main_products, chr(31)),
      founded_on, string_to_array(search_tokens, chr(31)), name_pinyin, lat, lng from ${STAGE} order by region_code, id`).execute(trx);
  lap('INSERT … SELECT into the directory');
  await sql.raw(`insert into atlas_enterprise_terms (region_code, enterprise_id, term, name_pinyin)
    select s.region_code, s.id, t.term, s.name_pinyin from ${STAGE} s cross join lateral unnest(string_to_array(s.search_tokens, chr(31))) as t(term)`).execute(trx);
  lap('terms fill');
  for (const i of indexes) {
    await sql.raw(i.def).execute(trx);
    lap(`index build ${i.name}`);
  }
  return Number(r.numAffectedRows ?? staged);
}

/**
 * Moves the staged rows' links (after {@link commitStage}, in its transaction) into atlas_enterprise_segments in one
 * INSERT … SELECT: as local staff would find a link added by hand before they decide it — 'uncertain', the file's
 * name as its source (a proposed link's: its words, then the file's name), its date (the row's, else `asOfDefault`), its place and match points already filled. Returns
 * the links written.
 */
export async function commitStagedLinks(trx: Tx, source: string, asOfDefault: string): Promise<number> {
  const r = await sql`insert into atlas_enterprise_segments (region_code, enterprise_id, chain_id, segment_key, evidence, source, as_of, decision, lat, lng, match_points)
    select s.region_code, s.id, substr(l.link, 1, 36)::uuid, substr(l.link, 37), s.link_evidence, coalesce(s.link_source || '；' || ${source}::text, ${source}::text), coalesce(s.link_as_of, ${asOfDefault}::date),
      'uncertain', s.link_lat, s.link_lng, s.link_points
    from ${sql.raw(STAGE)} s cross join lateral unnest(string_to_array(s.links, chr(31))) as l(link)
    where s.links is not null`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** Rows written at once from which the tables are vacuumed afterwards ({@link settleBulkWrite}). */
export const BULK_ROWS = 10_000;

/**
 * After a bulk write has committed (an import or a seed of many enterprises, links made or filled in bulk):
 * VACUUM (ANALYZE) the tables written. Until a table is vacuumed its pages are not marked all-visible, so the
 * index-only scans the reads are built on visit the table for every entry: at a million enterprises the capped count
 * of a two-character search read 10,000 table rows (about a second) and 成龙配套's covering index fetched every
 * candidate's row; analysing alone does not mark pages. VACUUM cannot run in a transaction: inside one (a test's
 * fixture, a caller's transaction) this does nothing and autovacuum catches up later.
 */
export async function settleBulkWrite(
  db: Db | Tx,
  tables: ('atlas_enterprises' | 'atlas_enterprise_terms' | 'atlas_enterprise_segments')[],
  phase: (name: string, ms: number) => void = () => {},
): Promise<void> {
  if (db.isTransaction) return;
  // One table a statement: Citus propagates VACUUM of a distributed table to its shards one table at a time.
  for (const t of tables) {
    const start = performance.now();
    await sql.raw(`vacuum (analyze) ${t}`).execute(db);
    phase(`VACUUM (ANALYZE) ${t}`, performance.now() - start);
  }
}
