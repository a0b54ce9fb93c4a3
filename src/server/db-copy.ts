import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { PGlite } from '@electric-sql/pglite';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Rows for `COPY … FROM STDIN`, passed as the one parameter of a Kysely statement:
 * sql`copy t (a, b) from stdin ${new CopyRows(text)}` — the database's bulk path instead of INSERT, within the
 * same transaction as the statements around it. `text` is in COPY's text format ({@link copyField}).
 * Only a pool that went through {@link copyingPool} knows it; ask {@link canCopy} first.
 */
export class CopyRows {
  constructor(readonly text: string) {}
}

/** One value in COPY's text format: NULL as \N, and backslash, tab, newline and carriage return escaped. */
export function copyField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

const PATCHED = Symbol('luoshi.copy');
type Patched = pg.PoolClient & { [PATCHED]?: true };

/**
 * Asked as the one parameter of `select $1::text as copies`: a client of a {@link copyingPool} answers 'yes' without
 * asking the database; any other pool sends this object's text, 'no'.
 */
export class CopyProbe {
  toPostgres() {
    return 'no';
  }
}

/**
 * Teaches every client of `pool` to run a statement whose one parameter is {@link CopyRows} as COPY FROM STDIN
 * (the ` $1` Kysely put at the end of the statement is taken off): on PostgreSQL through pg-copy-streams; on PGlite,
 * whose node-postgres adapter has no stream to write COPY data to, as PGlite's own `COPY … FROM '/dev/blob'` with
 * the text as a Blob — run on the same single session, so inside the caller's transaction (the pool has one client,
 * held by that transaction while it runs). Every other query goes through unchanged.
 */
export function copyingPool(pool: pg.Pool, pglite?: PGlite): pg.Pool {
  pool.on('connect', (client: Patched) => {
    if (client[PATCHED]) return;
    client[PATCHED] = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const values = args[1];
      if (typeof args[0] === 'string' && Array.isArray(values) && values.length === 1) {
        if (values[0] instanceof CopyProbe) return Promise.resolve({ command: 'SELECT', rowCount: 1, rows: [{ copies: 'yes' }] });
        if (values[0] instanceof CopyRows) {
          const text = args[0].replace(/\s*\$1\s*$/, '');
          if (!/^\s*copy\s[^;]*\sfrom\s+stdin\s*$/i.test(text)) throw new Error('CopyRows belongs to a COPY … FROM STDIN statement');
          return pglite ? copyInPglite(pglite, text, values[0]) : copyIn(client, text, values[0]);
        }
      }
      return query(...args);
    };
  });
  return pool;
}

/** Whether statements with {@link CopyRows} can run on `db` (a Kysely instance or transaction). */
export async function canCopy(db: Kysely<Database> | Transaction<Database>): Promise<boolean> {
  const r = await sql<{ copies: string }>`select ${new CopyProbe()}::text as copies`.execute(db);
  return r.rows[0]?.copies === 'yes';
}

type CopyResult = { command: string; rowCount: number; rows: never[] };

async function copyIn(client: pg.PoolClient, text: string, rows: CopyRows): Promise<CopyResult> {
  const stream = client.query(copyFrom(text));
  await pipeline(Readable.from([rows.text]), stream);
  return { command: 'COPY', rowCount: stream.rowCount, rows: [] };
}

async function copyInPglite(pglite: PGlite, text: string, rows: CopyRows): Promise<CopyResult> {
  const r = await pglite.query(text.replace(/\sstdin\s*$/i, " '/dev/blob'"), [], { blob: new Blob([rows.text]) });
  return { command: 'COPY', rowCount: r.affectedRows ?? 0, rows: [] };
}
