/**
 * Reading an enterprise file for the import: rows parsed, checked, duplicates within the file found, search terms
 * and pinyin key made, handed on in batches. A large file is read in a worker thread, so that the second core
 * parses and checks the next rows while the main thread writes the last batch. This file is both the caller's API
 * and the worker's entry point.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { searchTerms } from '../../lib/search-tokens.ts';
import { serveWorkerStream, spawnModuleWorker, workerStream } from '../../lib/worker-job.ts';
import { duplicateIssue, headerColumns, missingColumns, readEnterpriseRow, type ColumnMap, type EnterpriseRecord } from './atlas.enterprise.domain.ts';
import { csvFileRows, xlsxFileRows, type FileRow } from './atlas.enterprise-file.ts';
import { pinyinKey } from './atlas.pinyin.ts';
import { makeChainLookup, type LinkableChain } from './atlas.enterprise-links.domain.ts';
import { RegionResolver, type ListedRegion } from './atlas.region-resolve.domain.ts';
import { makeLinkProposer } from './atlas.link-proposals.domain.ts';


const ROLE = 'luoshi-enterprise-read-worker';
/** This file's TypeScript source, which the worker runs when the caller is bundled. */
const SOURCE = ['src', 'modules', 'atlas', 'atlas.enterprise-read.worker.ts'];

/** Rows per batch. */
export const READ_BATCH = 10_000;
/** Rows read between progress reports (the bar moves while a batch is still being parsed). */
const PROGRESS_EVERY = 1000;
/** Rows scanned for the header (title rows above it are skipped). */
export const HEADER_SCAN = 20;
/** Batches the worker may have ready beyond the one the caller is on (memory stays a few batches, whatever the file). */
const AHEAD = 2;

/** The header a person chose (the import page's column mapping): its row, and every field's column by index. */
export interface HeaderChoice {
  row: number;
  mapping: ColumnMap;
}

/**
 * What to read: the file, its name as the person knows it (for messages, and .xlsx or not), the listed regions,
 * and the chains (with their segments) the 产业链 and 环节 columns may name — resolved here, in memory, row by row.
 */
export interface ReadInput {
  file: string;
  fileName: string;
  regions: ListedRegion[];
  chains?: LinkableChain[];
  header?: HeaderChoice;
  /** Propose links from the main products of rows that name no chain or segment (atlas.link-proposals.domain.ts). */
  propose?: boolean;
}

/** A checked row, ready to stage: its row number, search terms (searchTerms) and pinyin key. */
export type ReadRecord = EnterpriseRecord & { row: number; searchTokens: string[]; namePinyin: string };

/** What the reading hands on: the header once, then batches of new rows with the problems found since the last. */
export type ReadEvent =
  | { type: 'header'; row: number; map: ColumnMap; cells: string[] }
  | { type: 'batch'; records: ReadRecord[]; issues: FieldIssue[]; rows: number; bytes: number };

/**
 * The end of the reading: data rows read (blank rows not counted), a CSV's encoding, and how the rows' regions were
 * found where not by a listed region in their own columns: told from the USCC or the address, or a finer place
 * (a county of a listed city, a district code of a province) counted in the listed region it lies in.
 */
export interface ReadSummary {
  rows: number;
  encoding: 'utf-8' | 'gbk' | null;
  regions: RegionTally;
  /** Rows given proposed links, and the links proposed. */
  proposed: { rows: number; links: number };
}

export interface RegionTally {
  fromUscc: number;
  fromAddress: number;
  within: number;
}

export interface ReadProgress {
  bytes: number;
  rows: number;
}

/**
 * Reads the file in this thread: the header found among the first rows by its wording (or the row a person chose),
 * every row checked, and duplicates within the file — the same code, or the same normalised name in the same
 * region — reported against the row they repeat, never merged. A missing header or required column throws.
 */
export async function* readEnterpriseFile(input: ReadInput, onProgress: (p: ReadProgress) => void = () => {}): AsyncGenerator<ReadEvent, ReadSummary> {
  const { fileName, header: chosen } = input;
  const regions = new RegionResolver(input.regions);
  const tally: RegionTally = { fromUscc: 0, fromAddress: 0, within: 0 };
  const proposer = input.propose && input.chains?.length ? makeLinkProposer(input.chains) : null;
  const proposed = { rows: 0, links: 0 };
  const chains = makeChainLookup(input.chains ?? []);
  const info: { encoding?: 'utf-8' | 'gbk' } = {};
  let bytes = 0;
  const xlsx = /\.xlsx$/i.test(fileName);
  const source: AsyncGenerator<FileRow> = xlsx ? xlsxFileRows(input.file, (b) => (bytes = b)) : csvFileRows(input.file, info, (b) => (bytes = b));
  let map: ColumnMap | null = null;
  const usccRow = new Map<string, number>();
  const nameRow = new Map<string, number>();
  let records: ReadRecord[] = [];
  let issues: FieldIssue[] = [];
  let rows = 0;
  for await (const { row, cells } of source) {
    if (!map) {
      const found = chosen ? (row === chosen.row ? { ...chosen.mapping } : null) : headerColumns(cells);
      if (found) {
        map = found;
        const missing = missingColumns(map);
        if (missing.length) throw new ValidationError(bilingual(`${fileName} 缺少必需的列`, `${fileName} lacks required columns`), missing.map((m) => ({ ...m, row })));
        yield { type: 'header', row, map, cells };
      } else if (row >= (chosen?.row ?? HEADER_SCAN)) break;
      continue;
    }
    if (blank(cells)) continue;
    rows++;
    if (rows % PROGRESS_EVERY === 0) onProgress({ bytes, rows });
    const read = readEnterpriseRow(cells, map, row, regions, chains, proposer);
    if (read.issues) {
      for (const issue of read.issues) issues.push(issue);
      continue;
    }
    const r = read.record;
    if (read.region.source === 'uscc') tally.fromUscc++;
    else if (read.region.source === 'address') tally.fromAddress++;
    if (read.region.within) tally.within++;
    if (r.links?.source) {
      proposed.rows++;
      proposed.links += r.links.links.length;
    }
    const nameKey = `${r.regionCode}\u0000${r.nameNorm}`;
    if (r.uscc && usccRow.has(r.uscc)) issues.push(duplicateIssue(row, 'uscc', usccRow.get(r.uscc)!, r.uscc));
    else if (nameRow.has(nameKey)) issues.push(duplicateIssue(row, 'name', nameRow.get(nameKey)!, r.name));
    else {
      if (r.uscc) usccRow.set(r.uscc, row);
      nameRow.set(nameKey, row);
      records.push(Object.assign(r, { row, searchTokens: searchTerms(r.name, ...r.mainProducts, ...r.tags), namePinyin: pinyinKey(r.name) }));
      if (records.length >= READ_BATCH) {
        yield { type: 'batch', records, issues, rows, bytes };
        records = [];
        issues = [];
      }
    }
  }
  if (!map) {
    throw new ValidationError(
      bilingual(`${fileName} 的前 ${HEADER_SCAN} 行中没有表头（需有“企业名称”“行政区划代码”等列）`, `${fileName} has no header row in its first ${HEADER_SCAN} rows (columns such as 企业名称 and 行政区划代码)`),
      [{ field: '表头', message: bilingual('未找到表头', 'no header row found') }],
    );
  }
  yield { type: 'batch', records, issues, rows, bytes };
  return { rows, encoding: xlsx ? null : (info.encoding ?? 'utf-8'), regions: tally, proposed };
}

function blank(cells: string[]): boolean {
  for (const c of cells) if (c && String(c).trim()) return false;
  return true;
}

type PostedError = { name: string; message: string; details?: FieldIssue[] };

/** The same as {@link readEnterpriseFile}, read in a worker thread a few batches ahead of the caller. */
export function readEnterpriseFileInWorker(input: ReadInput, onProgress: (p: ReadProgress) => void = () => {}): AsyncGenerator<ReadEvent, ReadSummary> {
  return workerStream<ReadEvent, ReadSummary, ReadProgress, PostedError>(() => spawnModuleWorker(import.meta.url, SOURCE, { role: ROLE }), input, {
    ahead: AHEAD,
    onProgress,
    toError: (posted) => (posted.name === 'ValidationError' ? new ValidationError(posted.message, posted.details) : Object.assign(new Error(posted.message), { name: posted.name })),
    exitMessage: (code) => bilingual(`读取企业文件的进程意外退出（退出码 ${code}）`, `The worker reading the enterprise file stopped (exit code ${code})`),
  });
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === ROLE) {
  serveWorkerStream<ReadInput, ReadEvent, ReadSummary, ReadProgress, PostedError>(parentPort, readEnterpriseFile, (error) => {
    const e = error instanceof Error ? error : new Error(String(error));
    return { name: e.name, message: e.message, details: e instanceof ValidationError ? e.details : undefined };
  });
}
