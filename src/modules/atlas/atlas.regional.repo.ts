import type { Insertable } from 'kysely';
import type { Database } from '../../server/database.ts';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';

type Handle = Db | Tx;

/** The atlas's records a region keeps by name: keyed by (region_code, id), named uniquely within the region, with created_by. */
export type RegionalTable = 'atlas_zones' | 'atlas_clusters' | 'atlas_intermediaries';

/** Whether a name is taken by another record of the table in the region. */
export async function regionalNameTaken(db: Handle, table: RegionalTable, regionCode: string, name: string, exceptId: string | null) {
  const row = await db
    .selectFrom(table as 'atlas_zones')
    .select('id')
    .where('region_code', '=', regionCode)
    .where('name', '=', name)
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Writes a record's row: a new one, or over `before`. A row moved to another region is written anew on its shard with
 * the same id, and an update leaves the region out: Citus refuses a SET of the distribution column, even to its own
 * value.
 */
export async function writeRegionalRow<T extends RegionalTable>(
  trx: Tx,
  table: T,
  values: Insertable<Database[T]> & { region_code: string },
  before: { id: string; region_code: string } | null,
  createdBy: string | null,
): Promise<string> {
  // The tables key their rows by (region_code, id) and keep created_by; the casts name one of them for Kysely's types.
  const t = table as 'atlas_zones';
  const row = values as unknown as Insertable<Database['atlas_zones']>;
  if (!before) return (await trx.insertInto(t).values({ ...row, created_by: createdBy }).returning('id').executeTakeFirstOrThrow()).id;
  if (before.region_code === values.region_code) {
    const { region_code: _same, ...changes } = row;
    await trx.updateTable(t).set(changes).where('region_code', '=', before.region_code).where('id', '=', before.id).execute();
  } else {
    await trx.deleteFrom(t).where('region_code', '=', before.region_code).where('id', '=', before.id).execute();
    await trx.insertInto(t).values({ ...row, id: before.id, created_by: createdBy }).execute();
  }
  return before.id;
}
