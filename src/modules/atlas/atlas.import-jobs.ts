import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { requireAbility } from '../../lib/abilities.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { ENTERPRISE_FIELDS, FIELD_NAMES, headerColumns, type ColumnMap } from './atlas.enterprise.domain.ts';
import { csvFileRows, xlsxFileRows } from './atlas.enterprise-file.ts';
import type { FilePreview, ImportJob, ImportStart } from './atlas.ui.schema.ts';

/**
 * The import page's uploads and runs. An upload is kept on disk for an hour (previewed, dry-run, then imported
 * without sending it again); an import runs in the background and the page polls its progress. Both live in this
 * process: a restart forgets them (the page then asks for the file again), and an import either finished in its
 * one transaction or wrote nothing.
 */
const DIR = path.join(os.tmpdir(), 'luoshi-atlas-uploads');
const KEEP_MS = 60 * 60 * 1000;
const PREVIEW_ROWS = 10;
const HEADER_SCAN = 20;

interface Upload {
  id: string;
  file: string;
  fileName: string;
  owner: string | null;
  at: number;
}
const uploads = new Map<string, Upload>();
const jobs = new Map<string, ImportJob & { owner: string | null; at: number }>();

function sweep() {
  const now = Date.now();
  for (const [id, u] of uploads) {
    if (now - u.at > KEEP_MS && ![...jobs.values()].some((j) => j.status === 'running' && j.fileName === u.fileName)) {
      uploads.delete(id);
      fs.rm(u.file, { force: true }, () => {});
    }
  }
  for (const [id, j] of jobs) if (j.status !== 'running' && now - j.at > KEEP_MS) jobs.delete(id);
}

/** Keeps an uploaded enterprise file and previews it: the header found, the first rows, the columns recognised. */
export async function previewUpload(ctx: ServiceContext, fileName: string, bytes: Uint8Array): Promise<FilePreview> {
  requireAbility(atlasPolicy.enterprise.import, ctx.actor, undefined as never, 'import enterprises');
  if (!/\.(csv|xlsx)$/i.test(fileName)) {
    throw new ValidationError(bilingual(`${fileName} 不是 CSV 或 xlsx 文件`, `${fileName} is not a CSV or xlsx file`), [{ field: 'file', message: bilingual('须为 .csv 或 .xlsx', 'must be .csv or .xlsx') }]);
  }
  sweep();
  fs.mkdirSync(DIR, { recursive: true });
  const id = crypto.randomUUID();
  const file = path.join(DIR, `${id}${path.extname(fileName).toLowerCase()}`);
  fs.writeFileSync(file, bytes);
  uploads.set(id, { id, file, fileName, owner: ctx.actor.userId, at: Date.now() });

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
  }
  if (!found) {
    // No header recognised: the first row stands as the header, and the person maps its columns.
    header = first[0] ?? [];
    rows.push(...first.slice(1, 1 + PREVIEW_ROWS));
  }
  return {
    upload: id,
    fileName,
    encoding: xlsx ? null : (info.encoding ?? 'utf-8'),
    headerRow: found?.row ?? 1,
    header,
    rows,
    mapping: (found?.map ?? {}) as Record<string, number>,
    fields: ENTERPRISE_FIELDS.map((f) => ({ key: f, ...FIELD_NAMES[f], required: f === 'name' || f === 'region' })),
  };
}

function publicJob(j: ImportJob & { owner: string | null; at: number }): ImportJob {
  const { owner: _owner, at: _at, ...job } = j;
  return job;
}

/** Starts a dry run or an import of an uploaded file in the background; the page polls {@link getImportJob}. */
export async function startImport(ctx: ServiceContext, input: ImportStart): Promise<ImportJob> {
  requireAbility(atlasPolicy.enterprise.import, ctx.actor, undefined as never, 'import enterprises');
  const upload = uploads.get(input.upload);
  if (!upload || upload.owner !== ctx.actor.userId || !fs.existsSync(upload.file)) throw bilingualNotFound('上传的文件已过期，请重新上传', 'The uploaded file (it expires after an hour; upload it again)');
  upload.at = Date.now();
  const { importEnterprises } = await import('./atlas.enterprises.import.service.ts');
  const id = crypto.randomUUID();
  const totalBytes = fs.statSync(upload.file).size;
  const job: ImportJob & { owner: string | null; at: number } = {
    id, status: 'running', dryRun: input.dryRun, fileName: upload.fileName, bytes: 0, totalBytes, rows: 0, result: null, error: null, owner: ctx.actor.userId, at: Date.now(),
  };
  jobs.set(id, job);
  const mapping = input.mapping ? Object.fromEntries(Object.entries(input.mapping).filter(([k]) => (ENTERPRISE_FIELDS as readonly string[]).includes(k))) : undefined;
  importEnterprises(ctx, upload.file, {
    dryRun: input.dryRun,
    fileName: upload.fileName,
    header: mapping && input.headerRow ? { row: input.headerRow, mapping: mapping as ColumnMap } : undefined,
    onProgress: (p) => Object.assign(job, { bytes: p.bytes, rows: p.rows }),
  })
    .then((r) => {
      Object.assign(job, { status: 'done', bytes: totalBytes, rows: r.rows, at: Date.now(), result: { rows: r.rows, imported: r.imported, headerRow: r.headerRow, encoding: r.encoding, columns: r.columns } });
      if (!input.dryRun) {
        uploads.delete(upload.id);
        fs.rm(upload.file, { force: true }, () => {});
      }
    })
    .catch((error: unknown) => {
      const e = error instanceof AppError ? error : null;
      Object.assign(job, {
        status: 'failed',
        at: Date.now(),
        error: {
          message: e ? e.message : bilingual(`导入失败，未写入任何企业：${(error as Error).message}`, `The import failed; no enterprise was written: ${(error as Error).message}`),
          issues: e ? e.details.map((d) => ({ field: d.field, message: d.message, ...(d.row ? { row: d.row } : {}) })) : [],
        },
      });
    });
  return publicJob(job);
}

/** An import's progress and, once ended, its result or its row-level error report. */
export function getImportJob(ctx: ServiceContext, id: string): ImportJob {
  requireAbility(atlasPolicy.enterprise.import, ctx.actor, undefined as never, 'import enterprises');
  const job = jobs.get(id);
  if (!job || job.owner !== ctx.actor.userId) throw bilingualNotFound(`导入任务 ${id} 不存在`, `Import ${id}`);
  return publicJob(job);
}
