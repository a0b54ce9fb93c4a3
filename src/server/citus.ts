import { sql } from 'kysely';
import type { Db } from './db.ts';
import { modules } from './registry.ts';
import type { CitusPlacement } from './module.ts';

/** The table every distributed table is co-located with; it is distributed first. */
const COLOCATION_ANCHOR = 'plans';

const placed = (kind: keyof CitusPlacement) => modules.flatMap((m) => m.citus?.[kind] ?? []);

/**
 * Where each table lives on a Citus cluster (docs/decisions/0003). Reference tables are small and copied to every
 * node, the coordinator included; distributed tables are sharded by `region_code` and co-located with `plans`; local
 * tables stay on the coordinator (Citus makes those with a foreign key to a reference table "Citus local tables").
 * Each module places its own tables in its manifest (`citus`, src/server/registry.ts); `schema_migrations` is the
 * platform's own.
 */
export const CITUS_TABLES: { reference: readonly string[]; distributed: readonly string[]; local: readonly string[] } = {
  reference: placed('reference'),
  distributed: [...placed('distributed').filter((t) => t === COLOCATION_ANCHOR), ...placed('distributed').filter((t) => t !== COLOCATION_ANCHOR)],
  local: [...placed('local'), 'schema_migrations'],
};

/** A distributed table's class name, for types that must name one (the query guard, repositories). */
export type DistributedTable = (typeof CITUS_TABLES.distributed)[number];

/** Raised when the database is not a Citus coordinator; the message says what to do. */
export class CitusNotInstalledError extends Error {}

/** What `citus setup` found and did. */
export interface CitusSetupResult {
  citusVersion: string;
  workers: number;
  reference: string[];
  distributed: string[];
  /** Tables that were already in place (a second run does nothing). */
  unchanged: string[];
  foreignKeysRecreated: number;
}

/** The Citus version installed in the connected database, or null when the extension is not there. */
export async function citusVersion(db: Db): Promise<string | null> {
  const r = await sql<{ v: string }>`select extversion as v from pg_extension where extname = 'citus'`.execute(db);
  return r.rows[0]?.v ?? null;
}

/**
 * Settings every session on a Citus database needs: writes to reference tables after distributed ones in one
 * transaction (restore, seeding) must run shard by shard, and audit_log keeps its append-only trigger.
 */
export async function applyCitusSessionSettings(db: Db): Promise<void> {
  await sql`set citus.multi_shard_modify_mode to 'sequential'`.execute(db);
  await sql`set citus.enable_unsafe_triggers to on`.execute(db);
}

/**
 * Turns a migrated database on a Citus coordinator into a distributed one, in one transaction: the foreign keys
 * between distributed tables are dropped, the reference tables created, the large tables distributed by
 * `region_code` (co-located with `plans`; audit_log keeps its trigger under `citus.enable_unsafe_triggers`), then the
 * keys added back. Running it again changes nothing. `shardCount` overrides citus.shard_count (default 32) for new
 * distributed tables.
 * @example const r = await citusSetup(handle.db); console.log(r.distributed)
 */
export async function citusSetup(db: Db, opts: { shardCount?: number; coordinatorHost?: string } = {}): Promise<CitusSetupResult> {
  const version = await citusVersion(db);
  if (!version) {
    const available = await sql<{ n: string }>`select name as n from pg_available_extensions where name = 'citus'`.execute(db);
    throw new CitusNotInstalledError(
      available.rows.length
        ? 'the citus extension is not created in this database: run CREATE EXTENSION citus here and on every worker, then SELECT citus_add_node(host, port) for each worker'
        : 'Citus is not installed on this PostgreSQL server (no citus extension available): install Citus and add citus to shared_preload_libraries, see docs/DEPLOYMENT-CITUS.md',
    );
  }
  const missing = await sql<{ t: string }>`
    select t from unnest(${[...CITUS_TABLES.reference, ...CITUS_TABLES.distributed]}::text[]) t
    where to_regclass('public.' || t) is null`.execute(db);
  if (missing.rows.length) throw new Error(`the database is not migrated (missing ${missing.rows.map((r) => r.t).join(', ')}): run luoshi migrate first`);

  // The coordinator holds a copy of the reference tables, so that the local tables' foreign keys to them (a session's
  // user) are kept: without it, deleting a user left its sessions behind.
  const coordinator = await sql<{ n: number }>`select count(*)::int as n from pg_dist_node where groupid = 0`.execute(db);
  if (coordinator.rows[0].n === 0) {
    const self = await sql<{ host: string | null; port: string }>`select host(inet_server_addr()) as host, current_setting('port') as port`.execute(db);
    const host = opts.coordinatorHost ?? self.rows[0].host;
    if (!host) throw new Error('connected over a socket: give the address the workers reach this coordinator at with --coordinator-host');
    await sql`select citus_set_coordinator_host(${host}, ${Number(self.rows[0].port)})`.execute(db);
  }

  return db.transaction().execute(async (trx) => {
    await sql`set local citus.multi_shard_modify_mode to 'sequential'`.execute(trx);
    await sql`set local citus.enable_unsafe_triggers to on`.execute(trx);
    await sql`set local client_min_messages to warning`.execute(trx);
    if (opts.shardCount) await sql`select set_config('citus.shard_count', ${String(opts.shardCount)}, true)`.execute(trx);
    const kind = new Map(
      (
        await sql<{ t: string; kind: string }>`
          select logicalrelid::regclass::text as t,
            case when partmethod = 'h' then 'distributed' when repmodel = 't' then 'reference' else 'local' end as kind
          from pg_dist_partition`.execute(trx)
      ).rows.map((r) => [r.t, r.kind]),
    );
    const distributedSet = new Set<string>(CITUS_TABLES.distributed);
    const toDistribute = CITUS_TABLES.distributed.filter((t) => kind.get(t) !== 'distributed');
    const toReference = CITUS_TABLES.reference.filter((t) => kind.get(t) !== 'reference');
    const unchanged = [...CITUS_TABLES.reference, ...CITUS_TABLES.distributed].filter((t) => !toDistribute.includes(t as never) && !toReference.includes(t as never));

    // Foreign keys between two distributed tables: Citus accepts them only once both are distributed.
    const fks = (
      await sql<{ table: string; name: string; def: string; target: string }>`
        select c.conrelid::regclass::text as "table", c.conname as name, pg_get_constraintdef(c.oid) as def, c.confrelid::regclass::text as target
        from pg_constraint c where c.contype = 'f' and c.conrelid::regclass::text = any(${CITUS_TABLES.distributed}::text[])
        order by c.conrelid::regclass::text, c.conname`.execute(trx)
    ).rows.filter((fk) => distributedSet.has(fk.target));
    const dropped = toDistribute.length ? fks : [];
    for (const fk of dropped) await sql`alter table ${sql.table(fk.table)} drop constraint ${sql.ref(fk.name)}`.execute(trx);

    for (const t of toReference) await sql`select create_reference_table(${t})`.execute(trx);
    for (const t of toDistribute) {
      if (t === COLOCATION_ANCHOR) await sql`select create_distributed_table(${t}, 'region_code')`.execute(trx);
      else await sql`select create_distributed_table(${t}, 'region_code', colocate_with => ${COLOCATION_ANCHOR})`.execute(trx);
    }
    for (const fk of dropped) await sql`alter table ${sql.table(fk.table)} add constraint ${sql.ref(fk.name)} ${sql.raw(fk.def)}`.execute(trx);

    const workers = await sql<{ n: number }>`select count(*)::int as n from pg_dist_node where groupid <> 0 and noderole = 'primary' and isactive`.execute(trx);
    return {
      citusVersion: version,
      workers: Number(workers.rows[0].n),
      reference: toReference,
      distributed: toDistribute,
      unchanged,
      foreignKeysRecreated: dropped.length,
    };
  });
}
