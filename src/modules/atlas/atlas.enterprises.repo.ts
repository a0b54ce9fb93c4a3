import { sql } from 'kysely';
import type { Tx } from '../../server/service-context.ts';
import type { EnterpriseRecord } from './atlas.enterprise.domain.ts';
import { pinyinKey } from './atlas.pinyin.ts';

/**
 * Which of these codes the directory holds already, in any region: a USCC is national, and an enterprise moving
 * its registration keeps it (listed in the query guard's allowances).
 */
export async function existingUsccs(trx: Tx, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await trx.selectFrom('atlas_enterprises').select('uscc').where('uscc', 'in', codes).execute();
  return new Set(rows.map((r) => r.uscc!));
}

/** Which of these (region, normalised name) pairs the directory holds already, as `region\u0000name`. */
export async function existingNames(trx: Tx, pairs: { regionCode: string; nameNorm: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await trx
    .selectFrom('atlas_enterprises')
    .select(['region_code', 'name_norm'])
    .where('region_code', 'in', [...new Set(pairs.map((p) => p.regionCode))])
    .where('name_norm', 'in', [...new Set(pairs.map((p) => p.nameNorm))])
    .execute();
  return new Set(rows.map((r) => `${r.region_code}\u0000${r.name_norm}`));
}

/** Inserts a batch of enterprises in one statement (one JSON parameter, however many rows). */
export async function insertEnterprises(trx: Tx, rows: (EnterpriseRecord & { searchTokens: string[] })[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      region_code: r.regionCode,
      uscc: r.uscc,
      name: r.name,
      name_norm: r.nameNorm,
      address: r.address,
      size_band: r.sizeBand,
      employees: r.employees,
      tags: r.tags,
      main_products: r.mainProducts,
      founded_on: r.foundedOn,
      search_tokens: r.searchTokens,
      name_pinyin: pinyinKey(r.name),
    })),
  );
  await sql`insert into atlas_enterprises (region_code, uscc, name, name_norm, address, size_band, employees, tags, main_products, founded_on, search_tokens, name_pinyin)
    select * from jsonb_to_recordset(${json}::jsonb) as r(region_code text, uscc text, name text, name_norm text, address text, size_band text,
      employees integer, tags text[], main_products text[], founded_on date, search_tokens text[], name_pinyin text)`.execute(trx);
}
