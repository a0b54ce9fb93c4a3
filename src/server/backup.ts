import fs from 'node:fs';
import zlib from 'node:zlib';
import readline from 'node:readline';
import { once } from 'node:events';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';
import { listMigrations, migrate } from './db.ts';

/** The backup file's first line. */
export interface BackupHeader {
  format: 'luoshi-backup';
  formatVersion: 1;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

interface TableInfo {
  name: string;
  columns: { name: string; type: string }[];
  primaryKey: string[];
  references: string[];
  selfRef: { column: string; refColumn: string } | null;
  serials: string[];
}

/** A backup file that cannot be restored; nothing was changed. */
export class BackupFileError extends Error {
  constructor(file: string, message: string, line?: number) {
    super(`${file}${line ? ` line ${line}` : ''}: ${message}`);
    this.name = 'BackupFileError';
  }
}

async function describeTables(db: Db): Promise<TableInfo[]> {
  const tables = (
    await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'
      order by table_name`.execute(db)
  ).rows.map((r) => r.table_name);
  const columns = (
    await sql<{ table_name: string; column_name: string; data_type: string; udt_name: string; column_default: string | null }>`
      select table_name, column_name, data_type, udt_name, column_default from information_schema.columns
      where table_schema = 'public' order by table_name, ordinal_position`.execute(db)
  ).rows;
  const keys = (
    await sql<{ table_name: string; column_name: string; constraint_type: string; foreign_table: string | null; foreign_column: string | null; position: number }>`
      select tc.table_name, kcu.column_name, tc.constraint_type, ccu.table_name as foreign_table, ccu.column_name as foreign_column,
             kcu.ordinal_position as position
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
      left join information_schema.constraint_column_usage ccu
        on tc.constraint_type = 'FOREIGN KEY' and ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
      where tc.table_schema = 'public' and tc.constraint_type in ('PRIMARY KEY', 'FOREIGN KEY')
      order by tc.table_name, kcu.ordinal_position`.execute(db)
  ).rows;
  return tables.map((name) => {
    const fks = keys.filter((k) => k.table_name === name && k.constraint_type === 'FOREIGN KEY');
    const self = fks.find((k) => k.foreign_table === name);
    const cols = columns.filter((c) => c.table_name === name);
    return {
      name,
      columns: cols.map((c) => ({ name: c.column_name, type: c.data_type === 'ARRAY' ? c.udt_name : c.data_type })),
      primaryKey: keys.filter((k) => k.table_name === name && k.constraint_type === 'PRIMARY KEY').map((k) => k.column_name),
      references: [...new Set(fks.map((k) => k.foreign_table!).filter((t) => t !== name))],
      selfRef: self ? { column: self.column_name, refColumn: self.foreign_column! } : null,
      serials: cols.filter((c) => c.column_default?.startsWith('nextval(')).map((c) => c.column_name),
    };
  });
}

/** Orders tables so that every table comes after the tables it references. */
function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visit = (t: TableInfo, path: Set<string>) => {
    if (done.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const ref of t.references) {
      const r = byName.get(ref);
      if (r) visit(r, path);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

/** Orders rows of a self-referencing table so that parents come before children. */
function parentsFirst(rows: Record<string, unknown>[], ref: { column: string; refColumn: string }): Record<string, unknown>[] {
  const byKey = new Map(rows.map((r) => [r[ref.refColumn], r]));
  const depth = new Map<unknown, number>();
  const depthOf = (r: Record<string, unknown>, guard = 0): number => {
    const key = r[ref.refColumn];
    if (depth.has(key)) return depth.get(key)!;
    const parent = r[ref.column] == null ? undefined : byKey.get(r[ref.column]);
    const d = parent && guard < rows.length ? depthOf(parent, guard + 1) + 1 : 0;
    depth.set(key, d);
    return d;
  };
  return [...rows].sort((a, b) => depthOf(a) - depthOf(b));
}

const BATCH = 2000;
/** Rows per batch of a table with binary columns: a row may hold megabytes (complexity results). */
const BINARY_BATCH = 10;
const batchOf = (t: TableInfo) => (t.columns.some((c) => c.type === 'bytea') ? BINARY_BATCH : BATCH);

/**
 * Writes every row of every table to one gzip'd JSON-lines file: a header, then per table a line naming it and
 * its rows, then a trailer with the row counts (so a truncated file is detected on restore).
 */
export async function backupDatabase(db: Db, file: string, onProgress: (table: string, rows: number) => void = () => {}) {
  const tables = dependencyOrder(await describeTables(db));
  const applied = (await sql<{ name: string }>`select name from schema_migrations order by version`.execute(db)).rows.map((r) => r.name);
  const tmp = `${file}.partial`;
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(tmp);
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(JSON.stringify(value) + '\n')) await once(gzip, 'drain');
  };
  const counts: Record<string, number> = {};
  try {
    const header: BackupHeader = { format: 'luoshi-backup', formatVersion: 1, createdAt: new Date().toISOString(), migrations: applied, tables: tables.map((t) => t.name) };
    await write(header);
    for (const t of tables) {
      await write({ table: t.name, columns: t.columns.map((c) => c.name) });
      let count = 0;
      let last: unknown[] | null = null;
      const pk = t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name);
      for (;;) {
        const pkList = sql.join(pk.map((c) => sql.ref(c)));
        const where: RawBuilder<unknown> = last ? sql`where (${pkList}) > (${sql.join(last.map((v) => sql`${v}`))})` : sql``;
        const batch = batchOf(t);
        const rows: Record<string, unknown>[] = (await sql<Record<string, unknown>>`select * from ${sql.table(t.name)} ${where} order by ${pkList} limit ${batch}`.execute(db)).rows;
        // bytea comes as a Buffer, which JSON would spell out byte by byte and restore as text: write it as base64.
        for (const row of rows) await write(t.columns.map((c) => (c.type === 'bytea' && row[c.name] instanceof Uint8Array ? Buffer.from(row[c.name] as Uint8Array).toString('base64') : row[c.name])));
        count += rows.length;
        onProgress(t.name, count);
        if (rows.length < batch) break;
        last = pk.map((c) => rows[rows.length - 1][c]);
      }
      counts[t.name] = count;
    }
    await write({ end: true, counts });
    gzip.end();
    await once(out, 'finish');
    fs.renameSync(tmp, file);
    return counts;
  } catch (error) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

async function* readLines(file: string) {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of rl) {
      n++;
      yield { n, line };
    }
  } catch (error) {
    throw new BackupFileError(file, `cannot be read (${(error as Error).message}); is it a Luoshi backup (.gz)?`, n + 1);
  }
}

/**
 * Restores a backup into an empty database in one transaction: the schema is migrated first, every row is
 * inserted in dependency order, sequences are moved past the restored ids, and counts are checked against the
 * trailer. Any problem rolls everything back. With `replace`, existing rows are deleted first (in the same transaction).
 */
export async function restoreDatabase(db: Db, file: string, opts: { replace?: boolean; onProgress?: (table: string, rows: number) => void } = {}) {
  if (!fs.existsSync(file)) throw new BackupFileError(file, 'no such file');
  const lines = readLines(file);
  const first = await lines.next();
  let header: BackupHeader;
  try {
    header = JSON.parse(first.done ? '' : first.value.line);
  } catch {
    throw new BackupFileError(file, 'is not a Luoshi backup (first line is not a header)', 1);
  }
  if (header?.format !== 'luoshi-backup' || header.formatVersion !== 1) throw new BackupFileError(file, 'is not a Luoshi backup of a known format', 1);
  const known = new Set(listMigrations().map((m) => m.name));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) throw new BackupFileError(file, `was made by a newer Luoshi (migrations ${unknown.join(', ')}); upgrade first`);
  await migrate(db);
  const tables = new Map((await describeTables(db)).map((t) => [t.name, t]));
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    const ordered = dependencyOrder([...tables.values()]);
    if (opts.replace) {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      for (const t of [...ordered].reverse()) await sql`delete from ${sql.table(t.name)}`.execute(trx);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(trx);
    } else {
      for (const t of ordered) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t.name)}`.execute(trx);
        if (t.name === 'regions' || rows[0].n === 0) continue;
        throw new BackupFileError(file, `the database is not empty (table ${t.name} has ${rows[0].n} rows); restore into an empty database or use --replace`);
      }
      await sql`delete from regions`.execute(trx);
    }
    let table: TableInfo | null = null;
    let columns: string[] = [];
    let pending: Record<string, unknown>[] = [];
    let trailer: { counts: Record<string, number> } | null = null;
    const flush = async () => {
      if (!table || pending.length === 0) return;
      const t = table;
      const rows = t.selfRef ? parentsFirst(pending, t.selfRef) : pending;
      const types = new Map(t.columns.map((c) => [c.name, c.type]));
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500).map((r) => {
          const out: Record<string, unknown> = {};
          for (const c of columns) {
            const type = types.get(c);
            out[c] = r[c] === null ? null : type === 'jsonb' ? JSON.stringify(r[c]) : type === 'bytea' ? Buffer.from(r[c] as string, 'base64') : r[c];
          }
          return out;
        });
        await trx.insertInto(t.name as never).values(chunk as never).execute();
      }
      counts[t.name] = (counts[t.name] ?? 0) + rows.length;
      opts.onProgress?.(t.name, counts[t.name]);
      pending = [];
    };
    for await (const { n, line } of lines) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new BackupFileError(file, 'is damaged (a line is not valid JSON)', n);
      }
      if (Array.isArray(value)) {
        if (!table) throw new BackupFileError(file, 'has rows before any table', n);
        if (value.length !== columns.length) throw new BackupFileError(file, `row has ${value.length} values, table ${table.name} has ${columns.length} columns`, n);
        pending.push(Object.fromEntries(columns.map((c, i) => [c, value[i]])));
        // Self-referencing tables are sorted as a whole; others are inserted in batches as they stream.
        if (!table.selfRef && pending.length >= batchOf(table)) await flush();
      } else if (value && typeof value === 'object' && 'table' in value) {
        await flush();
        const v = value as { table: string; columns: string[] };
        table = tables.get(v.table) ?? null;
        if (!table) throw new BackupFileError(file, `names a table "${v.table}" this version does not have`, n);
        const have = new Set(table.columns.map((c) => c.name));
        const missing = v.columns.filter((c) => !have.has(c));
        if (missing.length) throw new BackupFileError(file, `table ${v.table} has columns this version does not have: ${missing.join(', ')}`, n);
        columns = v.columns;
      } else if (value && typeof value === 'object' && 'end' in value) {
        await flush();
        trailer = value as unknown as { counts: Record<string, number> };
      } else {
        throw new BackupFileError(file, 'has a line of unknown kind', n);
      }
    }
    if (!trailer) throw new BackupFileError(file, 'is truncated (no end marker); nothing was restored');
    for (const [name, expected] of Object.entries(trailer.counts)) {
      if ((counts[name] ?? 0) !== expected) throw new BackupFileError(file, `table ${name}: expected ${expected} rows, read ${counts[name] ?? 0}; nothing was restored`);
    }
    for (const t of tables.values()) {
      for (const col of t.serials) {
        await sql`select setval(pg_get_serial_sequence(${t.name}, ${col}), coalesce((select max(${sql.ref(col)}) from ${sql.table(t.name)}), 0) + 1, false)`.execute(trx);
      }
    }
  });
  return counts;
}
