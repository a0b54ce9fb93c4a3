import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { EnterpriseRecord } from './atlas.enterprise.domain.ts';
import { pinyinKey } from './atlas.pinyin.ts';

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
export type StagedEnterprise = EnterpriseRecord & { searchTokens: string[]; namePinyin?: string };

const STAGE = 'atlas_import_stage';
const COLUMNS = 'region_code, uscc, name, name_norm, address, size_band, employees, tags, main_products, founded_on, search_tokens, name_pinyin, lat, lng';
/** Lists travel as one text per row, joined by the unit separator (no list item holds it: see {@link listText}). */
const SEP = '\u001f';
const listText = (items: string[]) => items.map((i) => i.replaceAll(SEP, ' ')).join(SEP);

/**
 * The staging table of a bulk import: a temporary table of the transaction (gone at its commit or rollback), without
 * indexes or constraints, that batches are appended to cheaply; {@link commitStage} moves it into the directory in
 * one statement. On Citus it lives on the coordinator and the move is an INSERT … SELECT through it.
 */
export async function createStage(trx: Tx): Promise<void> {
  await sql.raw(`drop table if exists ${STAGE}`).execute(trx);
  await sql
    .raw(`create temp table ${STAGE} (region_code text, uscc text, name text, name_norm text, address text, size_band text, employees integer,
      tags text[], main_products text[], founded_on date, search_tokens text[], name_pinyin text, lat double precision, lng double precision,
      id uuid not null default gen_random_uuid()) on commit drop`)
    .execute(trx);
}

/**
 * Appends a batch to the staging table in one statement: one typed array parameter per column, unnested together
 * (about twice as fast to parse as a JSON parameter, and cast so that Citus keeps the types); lists as joined text.
 */
export async function stageEnterprises(trx: Tx, rows: StagedEnterprise[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: StagedEnterprise) => T) => rows.map(f);
  await sql`insert into ${sql.raw(STAGE)} (${sql.raw(COLUMNS)})
    select r1, r2, r3, r4, r5, r6, r7, string_to_array(r8, ${SEP}), string_to_array(r9, ${SEP}), r10, string_to_array(r11, ${SEP}), r12, r13, r14
    from unnest(${col((r) => r.regionCode)}::text[], ${col((r) => r.uscc)}::text[], ${col((r) => r.name)}::text[], ${col((r) => r.nameNorm)}::text[],
      ${col((r) => r.address)}::text[], ${col((r) => r.sizeBand)}::text[], ${col((r) => r.employees)}::integer[], ${col((r) => listText(r.tags))}::text[],
      ${col((r) => listText(r.mainProducts))}::text[], ${col((r) => r.foundedOn)}::date[], ${col((r) => listText(r.searchTokens))}::text[],
      ${col((r) => r.namePinyin ?? pinyinKey(r.name))}::text[], ${col((r) => r.lat)}::float8[], ${col((r) => r.lng)}::float8[])
      as r(r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14)`.execute(trx);
}

/**
 * Moves the staged rows into the directory in one INSERT … SELECT, and their search terms into
 * atlas_enterprise_terms in a second (the staged search_tokens are already the searchable terms, distinct:
 * src/lib/search-tokens.ts searchTerms). When the import is larger than the directory it lands in (a first load),
 * the terms' B-tree is dropped and built again afterwards in the same transaction — building it once is cheaper than
 * growing it row by row — except on Citus, where the index is left to the workers. Returns the rows written.
 */
export async function commitStage(trx: Tx, staged: number): Promise<number> {
  if (staged === 0) return 0;
  const citus = (await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'citus'`.execute(trx)).rows[0]!.n > 0;
  const existing = citus ? Infinity : (await sql<{ n: number }>`select count(*)::int as n from (select 1 from atlas_enterprises limit ${staged}) e`.execute(trx)).rows[0]!.n;
  const rebuild = existing < staged;
  if (rebuild) await sql`drop index if exists atlas_enterprise_terms_idx`.execute(trx);
  const r = await sql.raw(`insert into atlas_enterprises (id, ${COLUMNS}) select id, ${COLUMNS} from ${STAGE}`).execute(trx);
  await sql.raw(`insert into atlas_enterprise_terms (region_code, enterprise_id, term, name_pinyin)
    select s.region_code, s.id, t.term, s.name_pinyin from ${STAGE} s cross join lateral unnest(s.search_tokens) as t(term)`).execute(trx);
  if (rebuild) await sql`create index atlas_enterprise_terms_idx on atlas_enterprise_terms (term, name_pinyin, region_code, enterprise_id)`.execute(trx);
  return Number(r.numAffectedRows ?? staged);
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
export async function settleBulkWrite(db: Db | Tx, tables: ('atlas_enterprises' | 'atlas_enterprise_terms' | 'atlas_enterprise_segments')[]): Promise<void> {
  if (db.isTransaction) return;
  // One table a statement: Citus propagates VACUUM of a distributed table to its shards one table at a time.
  for (const t of tables) await sql.raw(`vacuum (analyze) ${t}`).execute(db);
}
