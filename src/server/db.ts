import fs from 'node:fs';
import path from 'node:path';
import { projectPath } from '../lib/project-root.ts';
import { splitSqlStatements } from '../lib/sql-statements.ts';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { Database } from './database.ts';
import { lockDataDir } from './data-lock.ts';
import { DbQueue, queuedPool } from './db-queue.ts';
import { copyingPool } from './db-copy.ts';

// bigint (int8) and numeric come back as strings by default; counts and ids we keep small enough for numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// Dates stay ISO strings (YYYY-MM-DD): a deadline is a calendar day, not an instant in some time zone.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<Database>;

/** An open database: the Kysely handle plus what is needed to close it. */
export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The PGlite instance when embedded (for clone/dump in tests and backups). */
  pglite: PGlite | null;
  /** The wait queue in front of the embedded database, when one was asked for. */
  queue?: DbQueue;
  close(): Promise<void>;
}

/** Where the embedded database lives inside a data folder. */
export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/**
 * Wraps an already open PGlite instance in Kysely (it stays owned by the caller unless ownsPglite). With `queueMax`,
 * every query waits in a DbQueue of that many places and is refused with a 503 beyond it (see db-queue.ts).
 */
export function kyselyOverPglite(pglite: PGlite, onClose: () => Promise<void> = async () => {}, opts: { queueMax?: number } = {}): DatabaseHandle {
  const raw = copyingPool(new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig), pglite);
  const queue = opts.queueMax ? new DbQueue({ maxWaiting: opts.queueMax }) : undefined;
  const pool = queue ? queuedPool(raw, queue) : raw;
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    pglite,
    queue,
    async close() {
      await db.destroy();
      await onClose();
    },
  };
}

/**
 * Opens the embedded database in dataDir (locking the folder) or the PostgreSQL server at databaseUrl.
 * When the folder holds no database yet and `template` gives a data-folder tarball, the database starts as that copy.
 * `queueMax` bounds the embedded database's wait queue (the server sets it; commands run one caller and need none).
 * @example const { db, close } = await openDatabase({ dataDir: './data', databaseUrl: null })
 */
export async function openDatabase(
  opts: { dataDir: string; databaseUrl: string | null },
  { template, queueMax }: { template?: () => Blob | null; queueMax?: number } = {},
): Promise<DatabaseHandle> {
  if (opts.databaseUrl) {
    const pool = copyingPool(new pg.Pool({ connectionString: opts.databaseUrl, max: 10 }));
    // An idle connection that the server ends (a restart, pg_terminate_backend, DROP DATABASE … FORCE) is dropped from
    // the pool and replaced on the next query; unheard, the pool's error event would end the whole process.
    pool.on('error', (error) => process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`, 'LuoshiDatabaseWarning'));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      await db.destroy();
      throw new Error(`Cannot connect to DATABASE_URL: ${(error as Error).message}`, { cause: error });
    }
    return { db, kind: 'postgres', pglite: null, close: () => db.destroy() };
  }
  const release = lockDataDir(opts.dataDir);
  try {
    const dir = pgliteDir(opts.dataDir);
    fs.mkdirSync(dir, { recursive: true });
    const copy = template && !fs.existsSync(path.join(dir, 'PG_VERSION')) ? template() : null;
    const pglite = await PGlite.create(dir, copy ? { loadDataDir: copy } : {});
    return kyselyOverPglite(
      pglite,
      async () => {
        await pglite.close();
        release();
      },
      { queueMax },
    );
  } catch (error) {
    release();
    throw error;
  }
}

const MIGRATIONS_DIR = projectPath('db', 'migrations');

/** One numbered SQL migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Lists db/migrations/NNNN_name.sql in order. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Applies every migration not yet applied, each in its own transaction, and returns the names applied.
 * Concurrent runners on PostgreSQL are serialised by an advisory lock. On a Citus coordinator each migration's
 * statements are sent one by one, shard by shard (Citus refuses several commands in one query on distributed tables).
 */
export async function migrate(db: Db, onApplied: (name: string) => void = () => {}, migrations: Migration[] = listMigrations()): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(7405301)`.execute(conn);
    try {
      const done = new Set(
        (await sql<{ version: number }>`select version from schema_migrations`.execute(conn)).rows.map((r) => Number(r.version)),
      );
      const citus = (await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'citus'`.execute(conn)).rows[0].n > 0;
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await conn.transaction().execute(async (trx) => {
          if (citus) {
            // Shard by shard, so that a function or a reference table may follow DDL on distributed tables.
            await sql`set local citus.multi_shard_modify_mode to 'sequential'`.execute(trx);
            for (const statement of splitSqlStatements(m.sql)) await sql.raw(statement).execute(trx);
          } else await sql.raw(m.sql).execute(trx);
          await sql`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`.execute(trx);
        });
        applied.push(m.name);
        onApplied(m.name);
      }
    } finally {
      await sql`select pg_advisory_unlock(7405301)`.execute(conn);
    }
  });
  return applied;
}
