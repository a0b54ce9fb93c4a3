import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import type { Db } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { requireAbility } from '../../lib/abilities.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { ENTERPRISE_FIELDS, FIELD_NAMES, PLACE_FIELDS, headerColumns, type ColumnMap } from './atlas.enterprise.domain.ts';
import { csvFileRows, xlsxFileRows } from './atlas.enterprise-file.ts';
import type { FilePreview, ImportJob, ImportStart } from './atlas.ui.schema.ts';

/**
 * The import page's uploads and runs, kept in the database (db/migrations/0018_atlas_import_jobs.sql): an upload is
 * kept for an hour after its last use (previewed, dry-run, then imported without sending it again); an import runs
 * in the background on the server that started it, which writes its progress and beats a heartbeat, and the page
 * polls it from any server. A job whose server ended (its heartbeat stopped) is marked failed when next looked at;
 * its import either finished in its one transaction or wrote nothing. The running server also keeps its own jobs'
 * progress in memory: the embedded database has one connection, held by the import's transaction until it ends.
 */
export const UPLOAD_KEEP_MS = 60 * 60 * 1000;
/** A running job whose heartbeat is older than this is taken for interrupted. */
export const HEARTBEAT_STALE_MS = 30_000;
const HEARTBEAT_MS = 5_000;
const PART_BYTES = 8 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 400 * 1024 * 1024;
const PREVIEW_ROWS = 10;
const HEADER_SCAN = 20;
const TMP = path.join(os.tmpdir(), 'luoshi-atlas-uploads');

/** This server process, as a job's runner. */
const RUNNER = `${os.hostname()}:${process.pid}:${crypto.randomUUID()}`;
/** The jobs this process runs, with their latest progress. */
const live = new Map<string, ImportJob & { owner: string | null }>();

const later = (ms: number) => new Date(Date.now() + ms);

/** Removes expired uploads (their parts go with them) and ended jobs past their expiry; returns how many uploads went. */
export async function sweepImports(db: Db): Promise<number> {
  const now = new Date();
  const gone = await db.deleteFrom('atlas_import_uploads').where('expires_at', '<', now).where('id', 'not in', db.selectFrom('atlas_import_jobs').select('upload_id').where('status', '=', 'running').where('upload_id', 'is not', null).$narrowType<{ upload_id: string }>()).executeTakeFirst();
  await db.deleteFrom('atlas_import_jobs').where('expires_at', '<', now).where('status', '<>', 'running').execute();
  return Number(gone.numDeletedRows);
}

/** Writes a file's bytes to a temporary path for the streaming readers; the caller removes it. */
function tempFile(fileName: string): string {
  fs.mkdirSync(TMP, { recursive: true });
  return path.join(TMP, `${crypto.randomUUID()}${path.extname(fileName).toLowerCase()}`);
}

/** Keeps an uploaded enterprise file and previews it: the header found, the first rows, the columns recognised. */
export async function previewUpload(ctx: ServiceContext, fileName: string, bytes: Uint8Array): Promise<FilePreview> {
  requireAbility(atlasPolicy.enterprise.import, ctx.actor, undefined as never, 'import enterprises');
  if (!/\.(csv|xlsx)$/i.test(fileName)) {
    throw new ValidationError(bilingual(`${fileName} 不是 CSV 或 xlsx 文件`, `${fileName} is not a CSV or xlsx file`), [{ field: 'file', message: bilingual('须为 .csv 或 .xlsx', 'must be .csv or .xlsx') }]);
  }
  if (bytes.length > MAX_UPLOAD_BYTES) {
    throw new ValidationError(bilingual(`${fileName} 超过 400 MB`, `${fileName} is larger than 400 MB`), [{ field: 'file', message: bilingual('文件过大', 'file too large') }]);
  }
  await recover(ctx.db);
  await sweepImports(ctx.db);
  const file = tempFile(fileName);
  fs.writeFileSync(file, bytes);
  const info: { encoding?: 'utf-8' | 'gbk' } = {};
  const xlsx = /\.xlsx$/i.test(fileName);
  const first: string[][] = [];
  let found: { row: number; map: ColumnMap } | null = null;
  const rows: string[][] = [];
  let header: string[] = [];
  try {
    for await (const r of xlsx ? xlsxFileRows(file) : csvFileRows(file, info)) {
      if (!found) {
        first.push(r.cells);
        const map = headerColumns(r.cells);
        if (map) {
          found = { row: r.row, map };
          header = r.cells;
        } else if (r.row >= HEADER_SCAN) break;
        continue;
      }
      if (r.cells.every((c) => !c?.trim())) continue;
      rows.push(r.cells);
      if (rows.length >= PREVIEW_ROWS) break;
    }
  } catch (error) {
    throw new ValidationError(bilingual(`无法读取 ${fileName}：${(error as Error).message}`, `cannot read ${fileName}: ${(error as Error).message}`), [{ field: 'file', message: (error as Error).message }]);
  } finally {
    fs.rmSync(file, { force: true });
  }
  if (!found) {
    // No header recognised: the first row stands as the header, and the person maps its columns.
    header = first[0] ?? [];
    rows.push(...first.slice(1, 1 + PREVIEW_ROWS));
  }
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('atlas_import_uploads').values({ id, owner: ctx.actor.userId, file_name: fileName, size: bytes.length, expires_at: later(UPLOAD_KEEP_MS) }).execute();
    for (let part = 0, at = 0; at < bytes.length || part === 0; part++, at += PART_BYTES) {
      await trx.insertInto('atlas_import_upload_parts').values({ upload_id: id, part, bytes: Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(PART_BYTES, bytes.length - at)) }).execute();
    }
  });
  return {
    upload: id,
    fileName,
    encoding: xlsx ? null : (info.encoding ?? 'utf-8'),
    headerRow: found?.row ?? 1,
    header,
    rows,
    mapping: (found?.map ?? {}) as Record<string, number>,
    // The name is required, and one of the place fields (the region is read from the first that has one).
    fields: ENTERPRISE_FIELDS.map((f) => ({ key: f, ...FIELD_NAMES[f], required: f === 'name', place: (PLACE_FIELDS as readonly string[]).includes(f) })),
  };
}

/** Writes an upload's parts, one at a time, to a temporary file. */
async function materialise(db: Db, uploadId: string, fileName: string): Promise<string> {
  const file = tempFile(fileName);
  const out = fs.openSync(file, 'w');
  try {
    for (let part = 0; ; part++) {
      const row = await db.selectFrom('atlas_import_upload_parts').select('bytes').where('upload_id', '=', uploadId).where('part', '=', part).executeTakeFirst();
      if (!row) break;
      fs.writeSync(out, row.bytes);
    }
  } finally {
    fs.closeSync(out);
  }
  return file;
}

type JobRow = { id: string; owner: string | null; file_name: string; dry_run: boolean; status: 'running' | 'done' | 'failed'; bytes: number; total_bytes: number; rows: number; result: unknown; error: unknown };
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
function publicJob(r: JobRow): ImportJob {
  return {
    id: r.id, status: r.status, dryRun: r.dry_run, fileName: r.file_name, bytes: Number(r.bytes), totalBytes: Number(r.total_bytes), rows: r.rows,
    result: (json(r.result) ?? null) as ImportJob['result'], error: (json(r.error) ?? null) as ImportJob['error'],
  };
}

/** Starts a dry run or an import of an uploaded file in the background; the page polls {@link getImportJob}. */
export async function startImport(ctx: ServiceContext, input: ImportStart): Promise<ImportJob> {
  requireAbility(atlasPolicy.enterprise.import, ctx.actor, undefined as never, 'import enterprises');
  await recover(ctx.db);
  const upload = await ctx.db.selectFrom('atlas_import_uploads').select(['id', 'owner', 'file_name', 'size']).where('id', '=', input.upload).where('expires_at', '>', new Date()).executeTakeFirst();
  if (!upload || upload.owner !== ctx.actor.userId) throw bilingualNotFound('上传的文件已过期，请重新上传', 'The uploaded file (it expires after an hour; upload it again)');
  await ctx.db.updateTable('atlas_import_uploads').set({ expires_at: later(UPLOAD_KEEP_MS) }).where('id', '=', upload.id).execute();
  const { importEnterprises } = await import('./atlas.enterprises.import.service.ts');
  const id = crypto.randomUUID();
  const totalBytes = Number(upload.size);
  const job: ImportJob & { owner: string | null } = {
    id, status: 'running', dryRun: input.dryRun, fileName: upload.file_name, bytes: 0, totalBytes, rows: 0, result: null, error: null, owner: ctx.actor.userId,
  };
  await ctx.db.insertInto('atlas_import_jobs').values({
    id, owner: ctx.actor.userId, upload_id: upload.id, file_name: upload.file_name, dry_run: input.dryRun, status: 'running', total_bytes: totalBytes, runner: RUNNER, heartbeat_at: new Date(), expires_at: later(UPLOAD_KEEP_MS),
  }).execute();
  live.set(id, job);
  // Progress and the heartbeat go to the database without being waited for (on the embedded database they queue
  // behind the import's transaction; the page then reads this process's memory).
  const beat = () => {
    void ctx.db.updateTable('atlas_import_jobs').set({ bytes: job.bytes, rows: job.rows, heartbeat_at: new Date() }).where('id', '=', id).where('status', '=', 'running').execute().catch(() => {});
  };
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  const mapping = input.mapping ? Object.fromEntries(Object.entries(input.mapping).filter(([k]) => (ENTERPRISE_FIELDS as readonly string[]).includes(k))) : undefined;
  void (async () => {
    let file: string | null = null;
    try {
      file = await materialise(ctx.db, upload.id, upload.file_name);
      const r = await importEnterprises(ctx, file, {
        dryRun: input.dryRun,
        fileName: upload.file_name,
        header: mapping && input.headerRow ? { row: input.headerRow, mapping: mapping as ColumnMap } : undefined,
        onProgress: (p) => Object.assign(job, { bytes: p.bytes, rows: p.rows }),
        proposeLinks: input.proposeLinks === true,
      });
      Object.assign(job, { status: 'done', bytes: totalBytes, rows: r.rows, result: { rows: r.rows, imported: r.imported, links: r.links, headerRow: r.headerRow, encoding: r.encoding, columns: r.columns, regions: r.regions, proposed: r.proposed } });
    } catch (error) {
      const e = error instanceof AppError ? error : null;
      Object.assign(job, {
        status: 'failed',
        error: {
          message: e ? e.message : bilingual(`导入失败，未写入任何企业：${(error as Error).message}`, `The import failed; no enterprise was written: ${(error as Error).message}`),
          issues: e ? e.details.map((d) => ({ field: d.field, message: d.message, ...(d.row ? { row: d.row } : {}) })) : [],
        },
      });
    } finally {
      clearInterval(timer);
      if (file) fs.rmSync(file, { force: true });
      await endJob(ctx.db, job, job.status === 'done' && !input.dryRun ? upload.id : null).catch(() => {});
      live.delete(id);
    }
  })();
  const { owner: _owner, ...view } = job;
  return { ...view };
}

async function endJob(db: Db, job: ImportJob, removeUpload: string | null) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('atlas_import_jobs').set({
      status: job.status, bytes: job.bytes, rows: job.rows, result: job.result ? JSON.stringify(job.result) : null, error: job.error ? JSON.stringify(job.error) : null,
      heartbeat_at: new Date(), expires_at: later(UPLOAD_KEEP_MS),
    }).where('id', '=', job.id).execute();
    // An imported file is not imported twice: its upload goes once the import has been kept.
    if (removeUpload) await trx.deleteFrom('atlas_import_uploads').where('id', '=', removeUpload).execute();
  });
}

/** The message of a job whose server stopped while it ran. */
const INTERRUPTED = bilingual('导入因服务器停止而中断，未写入任何企业；请重新开始导入', 'The import was interrupted when its server stopped; no enterprise was written. Start the import again.');

/**
 * An import's progress and, once ended, its result or its row-level error report: from this process's memory while
 * it runs here, else from the database. A running job whose heartbeat stopped is marked failed there and then.
 */
export async function getImportJob(ctx: ServiceContext, id: string): Promise<ImportJob> {
  requireAbility(atlasPolicy.enterprise.import, ctx.actor, undefined as never, 'import enterprises');
  const mine = live.get(id);
  if (mine) {
    if (mine.owner !== ctx.actor.userId) throw bilingualNotFound(`导入任务 ${id} 不存在`, `Import ${id}`);
    const { owner: _owner, ...view } = mine;
    return { ...view };
  }
  await recover(ctx.db);
  const row = await ctx.db.selectFrom('atlas_import_jobs').select(['id', 'owner', 'file_name', 'dry_run', 'status', 'bytes', 'total_bytes', 'rows', 'result', 'error', 'heartbeat_at']).where('id', '=', id).executeTakeFirst();
  if (!row || row.owner !== ctx.actor.userId) throw bilingualNotFound(`导入任务 ${id} 不存在`, `Import ${id}`);
  if (row.status === 'running' && new Date(row.heartbeat_at).getTime() < Date.now() - HEARTBEAT_STALE_MS) {
    await failInterruptedJobs(ctx.db);
    return getImportJob(ctx, id);
  }
  return publicJob(row as unknown as JobRow);
}

/** Whether a process of this host with this id still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Marks failed the running jobs that no server runs any more: their heartbeat older than {@link HEARTBEAT_STALE_MS},
 * or run by a process of this host that has ended, or by an earlier start of this same process id (a container's
 * server restarted). Done once by each process before its first use of imports, and when a page polls such a job.
 */
export async function failInterruptedJobs(db: Db): Promise<number> {
  const running = await db.selectFrom('atlas_import_jobs').select(['id', 'runner', 'heartbeat_at']).where('status', '=', 'running').execute();
  const stale = Date.now() - HEARTBEAT_STALE_MS;
  const host = os.hostname();
  const ended = running.filter((j) => {
    if (live.has(j.id) || j.runner === RUNNER) return false;
    const [h, pid] = j.runner.split(':');
    return new Date(j.heartbeat_at).getTime() < stale || (h === host && (Number(pid) === process.pid || !alive(Number(pid))));
  });
  if (ended.length === 0) return 0;
  const r = await db
    .updateTable('atlas_import_jobs')
    .set({ status: 'failed', error: JSON.stringify({ message: INTERRUPTED, issues: [] }), expires_at: later(UPLOAD_KEEP_MS) })
    .where('status', '=', 'running')
    .where('id', 'in', ended.map((j) => j.id))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

let recovered: Promise<unknown> | null = null;
/** The first use of imports in this process fails the jobs an earlier process left running. */
const recover = (db: Db) => (recovered ??= failInterruptedJobs(db).catch(() => (recovered = null)));
