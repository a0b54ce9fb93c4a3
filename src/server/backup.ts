import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { once } from 'node:events';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';
import { listMigrations, migrate } from './db.ts';

/**
 * The backup file's first line. Format 2 ends with one more line, `{"digest": …}`: an HMAC-SHA-256 (keyed with
 * LUOSHI_BACKUP_KEY) or, without a key, a SHA-256 of every line before it, which restore checks before loading.
 */
export interface BackupHeader {
  format: 'luoshi-backup';
  formatVersion: 1 | 2;
  createdAt: string;
  migrations: string[];
  tables: string[];
  /** Format 2: what the digest line holds. */
  integrity?: BackupIntegrity;
}

/** `hmac-sha256`: signed with LUOSHI_BACKUP_KEY, so restore can tell who made it; `sha256`: a checksum only. */
export type BackupIntegrity = 'hmac-sha256' | 'sha256';

function newDigest(integrity: BackupIntegrity, key: string | null) {
  return integrity === 'hmac-sha256' ? crypto.createHmac('sha256', key!) : crypto.createHash('sha256');
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
 * Writes every row of every table to one gzip'd JSON-lines file, readable by its owner only (it holds password
 * hashes): a header, then per table a line naming it and its rows, then a trailer with the row counts (so a
 * truncated file is detected on restore), then the digest of all of it: an HMAC with `key` (LUOSHI_BACKUP_KEY)
 * when given, else a SHA-256 checksum.
 */
export async function backupDatabase(
  db: Db,
  file: string,
  onProgress: (table: string, rows: number) => void = () => {},
  opts: { key?: string | null } = {},
) {
  const tables = dependencyOrder(await describeTables(db));
  const applied = (await sql<{ name: string }>`select name from schema_migrations order by version`.execute(db)).rows.map((r) => r.name);
  const tmp = `${file}.partial`;
  const integrity: BackupIntegrity = opts.key ? 'hmac-sha256' : 'sha256';
  const digest = newDigest(integrity, opts.key ?? null);
  fs.rmSync(tmp, { force: true });
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(tmp, { mode: 0o600 });
  gzip.pipe(out);
  const writeLine = async (line: string) => {
    if (!gzip.write(line)) await once(gzip, 'drain');
  };
  const write = async (value: unknown) => {
    const line = JSON.stringify(value) + '\n';
    digest.update(line);
    await writeLine(line);
  };
  const counts: Record<string, number> = {};
  try {
    const header: BackupHeader = {
      format: 'luoshi-backup',
      formatVersion: 2,
      createdAt: new Date().toISOString(),
      migrations: applied,
      tables: tables.map((t) => t.name),
      integrity,
    };
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
    await writeLine(JSON.stringify({ digest: digest.digest('hex') }) + '\n');
    gzip.end();
    await once(out, 'finish');
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
    return counts;
  } catch (error) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Yields the lines of a gzip'd backup one at a time (never the whole file), numbered from 1. A damaged or foreign
 * file ends in a BackupFileError naming it, never a raw zlib error.
 */
async function* readLines(file: string): AsyncGenerator<{ n: number; line: string }> {
  const gunzip = zlib.createGunzip();
  const source = fs.createReadStream(file);
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let n = 0;
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      const text = rest + decoder.write(chunk as Buffer);
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        n++;
        yield { n, line: text.slice(start, end) };
        start = end + 1;
      }
      rest = text.slice(start);
    }
    rest += decoder.end();
    if (rest) yield { n: ++n, line: rest };
  } catch (error) {
    const reason = (error as Error).message;
    throw new BackupFileError(file, `is damaged or not a Luoshi backup (.gz): ${reason}; nothing was restored`, n + 1);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

function parseHeader(file: string, line: string | undefined): BackupHeader {
  let header: BackupHeader;
  try {
    header = JSON.parse(line ?? '');
  } catch {
    throw new BackupFileError(file, 'is not a Luoshi backup (first line is not a header)', 1);
  }
  if (header?.format !== 'luoshi-backup' || ![1, 2].includes(header.formatVersion)) throw new BackupFileError(file, 'is not a Luoshi backup of a known format', 1);
  if (header.formatVersion === 2 && header.integrity !== 'hmac-sha256' && header.integrity !== 'sha256')
    throw new BackupFileError(file, `names an unknown integrity check "${String(header.integrity)}"`, 1);
  return header;
}

/** How restore should treat the file's digest. */
export interface VerifyOptions {
  /** LUOSHI_BACKUP_KEY, to check a signed backup's HMAC. */
  key?: string | null;
  /** Restore even when the digest is missing, cannot be checked or does not match (`restore --unverified`). */
  unverified?: boolean;
}

/** What checking a backup's digest found: the header, and a note for the operator when the check was not a full one. */
export interface VerifiedBackup {
  header: BackupHeader;
  warning: string | null;
}

const OVERRIDE = 'restore --unverified restores it anyway';

/**
 * Reads the whole file once, without loading anything, and checks its digest: a signed backup needs the key it was
 * signed with, a checksum says the file is intact but not who wrote it. Throws BackupFileError on a mismatch unless
 * `unverified`. A format-1 backup (no digest) is accepted with a warning when no key is configured.
 */
export async function verifyBackup(file: string, opts: VerifyOptions = {}): Promise<VerifiedBackup> {
  if (!fs.existsSync(file)) throw new BackupFileError(file, 'no such file');
  const key = opts.key || null;
  const refuse = (message: string): VerifiedBackup => {
    if (!opts.unverified) throw new BackupFileError(file, `${message}; nothing was restored (${OVERRIDE})`);
    return { header: header!, warning: `${message}; restoring anyway (--unverified)` };
  };
  let header: BackupHeader | null = null;
  let digest: crypto.Hash | crypto.Hmac | null = null;
  let previous: string | null = null;
  for await (const { line } of readLines(file)) {
    if (!header) {
      header = parseHeader(file, line);
      if (header.formatVersion === 1) break;
      if (header.integrity === 'hmac-sha256' && !key) {
        // The digest cannot be checked; read on only so that a damaged file is still reported as such.
        digest = crypto.createHash('sha256');
      } else digest = newDigest(header.integrity!, key);
    }
    if (previous !== null) digest!.update(previous + '\n');
    previous = line;
  }
  if (!header) throw new BackupFileError(file, 'is empty');
  if (header.formatVersion === 1) {
    const message = 'is an old-format backup (version 1) with no checksum or signature, so it cannot be checked';
    if (key) return refuse(`${message}, and LUOSHI_BACKUP_KEY is set`);
    return { header, warning: `${message}; restoring it unverified` };
  }
  let stored: unknown;
  try {
    stored = (JSON.parse(previous ?? '') as { digest?: unknown }).digest;
  } catch {
    stored = undefined;
  }
  if (typeof stored !== 'string') return refuse('has no digest line at its end (truncated?)');
  if (header.integrity === 'hmac-sha256' && !key) return refuse('is signed with a key; set LUOSHI_BACKUP_KEY to the key it was made with to check it');
  if (header.integrity === 'sha256' && key) return refuse('is not signed (it was made without LUOSHI_BACKUP_KEY), so it cannot be vouched for');
  const actual = digest!.digest('hex');
  if (actual !== stored) {
    return refuse(
      header.integrity === 'hmac-sha256'
        ? 'signature does not match: the file was changed after the backup, or signed with another LUOSHI_BACKUP_KEY'
        : 'checksum does not match: the file is damaged or was changed after the backup',
    );
  }
  return {
    header,
    warning:
      header.integrity === 'sha256'
        ? 'checksum matches: the file is intact, but without LUOSHI_BACKUP_KEY its authenticity cannot be checked (anyone can edit a backup and recompute a checksum)'
        : null,
  };
}

/**
 * Restores a backup into an empty database in two passes over the file, neither holding it in memory: the first
 * checks its digest (verifyBackup) and loads nothing; the second, in one transaction, migrates the schema, inserts
 * every row in dependency order as it streams, moves sequences past the restored ids, checks the counts against
 * the trailer and the digest once more (in case the file changed in between). Any problem rolls everything back.
 * With `replace`, existing rows are deleted first (in the same transaction). `onWarning` hears what the operator
 * should know (an unverifiable or old-format file).
 */
export async function restoreDatabase(
  db: Db,
  file: string,
  opts: VerifyOptions & { replace?: boolean; onProgress?: (table: string, rows: number) => void; onWarning?: (message: string) => void } = {},
) {
  const { header, warning } = await verifyBackup(file, opts);
  if (warning) opts.onWarning?.(`${file}: ${warning}`);
  const lines = readLines(file);
  const first = await lines.next();
  // The second pass hashes what it loads as well, and refuses to commit if that differs from what was verified.
  const recheck = header.formatVersion === 2 && !opts.unverified ? newDigest(header.integrity!, opts.key || null) : null;
  recheck?.update(`${first.value?.line}\n`);
  const counts: Record<string, number> = {};
  try {
    const known = new Set(listMigrations().map((m) => m.name));
    const unknown = header.migrations.filter((m) => !known.has(m));
    if (unknown.length) throw new BackupFileError(file, `was made by a newer Luoshi (migrations ${unknown.join(', ')}); upgrade first`);
    // A dry run hands over its own transaction, which cannot take the migration lock: it needs a migrated database.
    if (!db.isTransaction) await migrate(db);
    else {
      const applied = new Set((await sql<{ name: string }>`select name from schema_migrations`.execute(db).catch(() => ({ rows: [] }))).rows.map((r) => r.name));
      const missing = listMigrations().filter((m) => !applied.has(m.name));
      if (missing.length) throw new BackupFileError(file, `cannot be tried on a database without migrations ${missing.map((m) => m.name).join(', ')}; run luoshi migrate first`);
    }
    const tables = new Map((await describeTables(db)).map((t) => [t.name, t]));
    const inOneTransaction = <T>(work: (trx: Db) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
    const onCitus = (await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'citus'`.execute(db)).rows[0].n > 0;
    await inOneTransaction(async (trx) => {
      if (onCitus) {
        // Reference tables (regions …) are written after distributed ones in this transaction, which Citus allows only
        // shard by shard; and audit_log's append-only trigger is disabled for --replace, which Citus calls unsafe.
        await sql`set local citus.multi_shard_modify_mode to 'sequential'`.execute(trx);
        await sql`set local citus.enable_unsafe_triggers to on`.execute(trx);
      }
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
      let digestLine: string | null = null;
      for await (const { n, line } of lines) {
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          throw new BackupFileError(file, 'is damaged (a line is not valid JSON)', n);
        }
        if (trailer && header.formatVersion === 2 && value && typeof value === 'object' && 'digest' in value) {
          digestLine = String((value as { digest: unknown }).digest);
          continue;
        }
        if (trailer) throw new BackupFileError(file, 'has lines after its end marker', n);
        recheck?.update(line + '\n');
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
      if (recheck && recheck.digest('hex') !== digestLine) throw new BackupFileError(file, 'changed while it was being restored; nothing was restored');
      for (const [name, expected] of Object.entries(trailer.counts)) {
        if ((counts[name] ?? 0) !== expected) throw new BackupFileError(file, `table ${name}: expected ${expected} rows, read ${counts[name] ?? 0}; nothing was restored`);
      }
      for (const t of tables.values()) {
        for (const col of t.serials) {
          await sql`select setval(pg_get_serial_sequence(${t.name}, ${col}), coalesce((select max(${sql.ref(col)}) from ${sql.table(t.name)}), 0) + 1, false)`.execute(trx);
        }
      }
    });
  } finally {
    // Closes the file when a check stops the restore part-way.
    await lines.return(undefined);
  }
  return counts;
}
