import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { dryRun } from '../../lib/dry-run.ts';
import { searchTokens } from '../../lib/search-tokens.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { listRegions, recordAudit } from '../org/index.ts';
import { atlasPolicy } from './atlas.policy.ts';
import {
  ENTERPRISE_FIELDS,
  duplicateIssue,
  headerColumns,
  missingColumns,
  readEnterpriseRow,
  type ColumnMap,
  type EnterpriseRecord,
} from './atlas.enterprise.domain.ts';
import { csvFileRows, xlsxFileRows, type FileRow } from './atlas.enterprise-file.ts';
import { BULK_ROWS, commitStage, createStage, existingNames, existingUsccs, settleBulkWrite, stageEnterprises } from './atlas.enterprises.repo.ts';

/** Rows checked against the directory and staged per batch. */
const BATCH = 10_000;
/** Rows read between progress reports (the bar moves while a batch is still being parsed). */
const PROGRESS_EVERY = 1000;
/** Problems listed in the error (the message gives the total). */
const MAX_LISTED = 1000;
/** Rows scanned for the header (title rows above it are skipped). */
const HEADER_SCAN = 20;

/** What importing an enterprise file did (or, in a dry run, would do). */
export interface EnterpriseImportResult {
  dryRun: boolean;
  fileName: string;
  encoding: string | null;
  headerRow: number;
  /** Which header cell each field was read from. */
  columns: Partial<Record<(typeof ENTERPRISE_FIELDS)[number], string>>;
  /** Data rows read (blank rows not counted). */
  rows: number;
  imported: number;
}

/** How far an import is: bytes of the file read, and rows done. */
export type ImportProgress = (p: { bytes: number; totalBytes: number; rows: number }) => void;

/**
 * Imports enterprises from a CSV (UTF-8 or GBK) or xlsx file, streamed: the header is found among the first rows
 * by its wording (企业名称, 统一社会信用代码, 行政区划代码 …), every row is checked (USCC check character, known region,
 * size, tags, dates) and duplicates — the same code, or the same normalised name in the same region, within the file
 * or against the directory — are reported, never merged. The bulk path: checked batches are appended to a staging
 * table of the transaction (one array parameter per column) while the next batch is parsed, then moved into the
 * directory in one INSERT … SELECT at the end, all in one transaction: a file with any problem saves nothing, and the
 * error lists each problem by row and field. A dry run does the same and rolls back.
 */
export async function importEnterprises(
  ctx: ServiceContext,
  file: string,
  opts: { dryRun?: boolean; fileName?: string; onProgress?: ImportProgress; header?: HeaderChoice } = {},
): Promise<EnterpriseImportResult> {
  requireAbility(atlasPolicy.enterprise.import, ctx.actor, undefined as never, 'import enterprises');
  const fileName = opts.fileName ?? path.basename(file);
  const totalBytes = fs.statSync(file).size;
  const work = (trx: Tx) => importRows(trx, ctx, file, fileName, totalBytes, opts.onProgress, opts.header);
  if (opts.dryRun) return { ...(await dryRun(ctx.db, (trx) => work(trx as Tx))), dryRun: true };
  const result = await inTransaction(ctx, work);
  if (result.imported >= BULK_ROWS) await settleBulkWrite(ctx.db, ['atlas_enterprises', 'atlas_enterprise_terms']);
  return result;
}

/**
 * The header a person chose (the import page's column mapping): its row, and every field's column by index (the
 * page starts from what the header matcher recognised; a field left out is not read).
 */
export interface HeaderChoice {
  row: number;
  mapping: ColumnMap;
}

async function importRows(trx: Tx, ctx: ServiceContext, file: string, fileName: string, totalBytes: number, onProgress?: ImportProgress, chosen?: HeaderChoice): Promise<EnterpriseImportResult> {
  const regions = new Set((await listRegions({ ...ctx, db: trx })).map((r) => r.code));
  const info: { encoding?: 'utf-8' | 'gbk' } = {};
  let bytes = 0;
  const xlsx = /\.xlsx$/i.test(fileName);
  const source: AsyncGenerator<FileRow> = xlsx ? xlsxFileRows(file, (b) => (bytes = b)) : csvFileRows(file, info, (b) => (bytes = b));

  const issues: FieldIssue[] = [];
  let issueCount = 0;
  const report = (issue: FieldIssue) => {
    issueCount++;
    if (issues.length < MAX_LISTED) issues.push(issue);
  };
  let header: { row: number; map: ColumnMap; cells: string[] } | null = null;
  const usccRow = new Map<string, number>();
  const nameRow = new Map<string, number>();
  let batch: { row: number; record: EnterpriseRecord }[] = [];
  let rows = 0;

  let staged = 0;
  // The batch being checked and staged runs in the database while the next one is parsed (one at a time, in order).
  // A failure is seen at the next await of `writing`; the catch only keeps an abandoned one from going unhandled.
  const track = (p: Promise<void>) => (p.catch(() => {}), p);
  let writing: Promise<void> = track(createStage(trx));
  const check = async (chunk: { row: number; record: EnterpriseRecord }[], rowsSoFar: number) => {
    const found = await existingUsccs(trx, chunk.flatMap((b) => (b.record.uscc ? [b.record.uscc] : [])));
    const names = await existingNames(trx, chunk.map((b) => b.record));
    const fresh = chunk.filter((b) => {
      if (b.record.uscc && found.has(b.record.uscc)) report(duplicateIssue(b.row, 'uscc', null, b.record.uscc));
      else if (names.has(`${b.record.regionCode}\u0000${b.record.nameNorm}`)) report(duplicateIssue(b.row, 'name', null, b.record.name));
      else return true;
      return false;
    });
    // Once the file has a problem nothing will be kept: the rest is only checked.
    if (issueCount === 0) {
      await stageEnterprises(trx, fresh.map((b) => ({ ...b.record, searchTokens: searchTokens(b.record.name, ...b.record.mainProducts, ...b.record.tags) })));
      staged += fresh.length;
    }
    onProgress?.({ bytes, totalBytes, rows: rowsSoFar });
  };
  const flush = async () => {
    const chunk = batch;
    batch = [];
    await writing;
    writing = track(check(chunk, rows));
  };

  for await (const { row, cells } of source) {
    if (!header) {
      const map = chosen ? (row === chosen.row ? { ...chosen.mapping } : null) : headerColumns(cells);
      if (map) {
        header = { row, map, cells };
        const missing = missingColumns(map);
        if (missing.length) throw new ValidationError(bilingual(`${fileName} 缺少必需的列`, `${fileName} lacks required columns`), missing.map((m) => ({ ...m, row })));
      } else if (row >= (chosen?.row ?? HEADER_SCAN)) break;
      continue;
    }
    if (cells.every((c) => !c || !String(c).trim())) continue;
    rows++;
    if (rows % PROGRESS_EVERY === 0) onProgress?.({ bytes, totalBytes, rows });
    const read = readEnterpriseRow(cells, header.map, row, regions);
    if (read.issues) {
      read.issues.forEach(report);
      continue;
    }
    const r = read.record;
    const nameKey = `${r.regionCode}\u0000${r.nameNorm}`;
    if (r.uscc && usccRow.has(r.uscc)) report(duplicateIssue(row, 'uscc', usccRow.get(r.uscc)!, r.uscc));
    else if (nameRow.has(nameKey)) report(duplicateIssue(row, 'name', nameRow.get(nameKey)!, r.name));
    else {
      if (r.uscc) usccRow.set(r.uscc, row);
      nameRow.set(nameKey, row);
      batch.push({ row, record: r });
      if (batch.length >= BATCH) await flush();
    }
  }
  if (!header) {
    throw new ValidationError(
      bilingual(`${fileName} 的前 ${HEADER_SCAN} 行中没有表头（需有“企业名称”“行政区划代码”等列）`, `${fileName} has no header row in its first ${HEADER_SCAN} rows (columns such as 企业名称 and 行政区划代码)`),
      [{ field: '表头', message: bilingual('未找到表头', 'no header row found') }],
    );
  }
  await flush();
  await writing;
  if (issueCount > 0) {
    const cut = issues.length < issueCount;
    throw new ValidationError(
      bilingual(
        `${fileName} 有 ${issueCount} 处错误，未导入任何企业${cut ? `（列出前 ${issues.length} 处）` : ''}`,
        `${fileName} has ${issueCount} problem${issueCount === 1 ? '' : 's'}; no enterprise was imported${cut ? ` (the first ${issues.length} listed)` : ''}`,
      ),
      issues,
    );
  }
  const imported = await commitStage(trx, staged);
  const columns = Object.fromEntries(Object.entries(header.map).map(([f, i]) => [f, header!.cells[i]!])) as EnterpriseImportResult['columns'];
  await recordAudit(trx, ctx.actor, {
    action: 'import',
    entity: 'enterprise_import',
    entityId: crypto.randomUUID(),
    summary: `${fileName}: ${imported}`,
    after: { fileName, rows, imported },
  });
  return { dryRun: false, fileName, encoding: xlsx ? null : (info.encoding ?? 'utf-8'), headerRow: header.row, columns, rows, imported };
}
