import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { dryRun } from '../../lib/dry-run.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { actorRegion, listRegions, recordAudit } from '../org/index.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { ENTERPRISE_FIELDS, duplicateIssue, type ColumnMap } from './atlas.enterprise.domain.ts';
import { readEnterpriseFile, readEnterpriseFileInWorker, type HeaderChoice, type ReadEvent, type ReadInput, type ReadRecord, type ReadSummary, type RegionTally } from './atlas.enterprise-read.worker.ts';
import { BULK_ROWS, type StagedEnterprise, commitStage, commitStagedLinks, createStage, existingNames, existingUsccs, lockEmptyDirectory, settleBulkWrite, stageEnterprises } from './atlas.enterprises.repo.ts';
import type { LinkableChain } from './atlas.enterprise-links.domain.ts';
import { usableChains } from './atlas.lookup.service.ts';
import { adaptationIds, dataChainId, findVersionId } from './atlas.chains.repo.ts';
import { cachedChainVersion } from './atlas.chain-cache.ts';
import { forgetCoverage } from './atlas.analysis.repo.ts';
import { matchPoints } from './atlas.analysis.domain.ts';
import { locator } from './atlas.link-places.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

/** Problems listed in the error (the message gives the total). */
const MAX_LISTED = 1000;
/** Files from this size (about 30,000 rows of CSV) are read in a worker thread; smaller ones are done before a worker would have started. */
const WORKER_BYTES = 4 << 20;

export type { HeaderChoice };

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
  /** Enterprise–segment links written (or, in a dry run, that would be), from the 产业链 and 环节 columns. */
  links: number;
  /** Rows whose region was told from the USCC or the address, or counted in the listed region their finer place lies in. */
  regions: RegionTally;
  /** Links proposed from main products (part of `links`), and the rows they are for. */
  proposed: { rows: number; links: number };
}

/** How far an import is: bytes of the file read, and rows done. */
export type ImportProgress = (p: { bytes: number; totalBytes: number; rows: number }) => void;

/** Where an import's time went, phase by phase, in milliseconds (for benchmarks: bench/atlas-import.ts --trace). */
export type ImportPhases = (phase: string, ms: number) => void;

/**
 * Imports enterprises from a CSV (UTF-8 or GBK) or xlsx file, streamed: the header is found among the first rows
 * by its wording (企业名称, 统一社会信用代码, 行政区划代码 …), every row is checked (USCC check character, known region,
 * size, tags, dates) and duplicates — the same code, or the same normalised name in the same region, within the file
 * or against the directory — are reported, never merged. The bulk path: checked batches are appended to a staging
 * table of the transaction (one array parameter per column) while the next batch is read — for a large file in a
 * worker thread, a few batches ahead at most (atlas.enterprise-read.worker.ts) — then moved into the directory in
 * one INSERT … SELECT at the end, all in one transaction: a file with any problem saves nothing, and the
 * error lists each problem by row and field. A dry run does the same and rolls back.
 */
export async function importEnterprises(
  ctx: ServiceContext,
  file: string,
  opts: { dryRun?: boolean; fileName?: string; onProgress?: ImportProgress; header?: HeaderChoice; inWorker?: boolean; onPhase?: ImportPhases; proposeLinks?: boolean } = {},
): Promise<EnterpriseImportResult> {
  requireAbility(atlasPolicy.enterprise.import, ctx.actor, undefined as never, 'import enterprises');
  const fileName = opts.fileName ?? path.basename(file);
  const totalBytes = fs.statSync(file).size;
  const inWorker = opts.inWorker ?? totalBytes >= WORKER_BYTES;
  const phase: ImportPhases = opts.onPhase ?? (() => {});
  const work = async (trx: Tx) => {
    const regions = (await listRegions({ ...ctx, db: trx })).map((r) => ({ code: r.code, name: r.name, shortName: r.short_name }));
    const chains = await linkableChains(trx, await actorRegion(trx, ctx.actor));
    return importRows(trx, ctx, { file, fileName, regions, chains, header: opts.header, propose: opts.proposeLinks }, totalBytes, inWorker, opts.onProgress, phase);
  };
  if (opts.dryRun) return { ...(await dryRun(ctx.db, (trx) => work(trx as Tx))), dryRun: true };
  let t = performance.now();
  const result = await inTransaction(ctx, work);
  phase('transaction, in all', performance.now() - t);
  t = performance.now();
  const settle = [...(result.imported >= BULK_ROWS ? (['atlas_enterprises', 'atlas_enterprise_terms'] as const) : []), ...(result.links >= BULK_ROWS ? (['atlas_enterprise_segments'] as const) : [])];
  if (settle.length) await settleBulkWrite(ctx.db, settle, phase);
  phase('after the commit, in all', performance.now() - t);
  return result;
}

async function importRows(
  trx: Tx,
  ctx: ServiceContext,
  input: ReadInput,
  totalBytes: number,
  inWorker: boolean,
  onProgress: ImportProgress | undefined,
  phase: ImportPhases,
): Promise<EnterpriseImportResult> {
  const { fileName } = input;
  const issues: FieldIssue[] = [];
  let issueCount = 0;
  const report = (issue: FieldIssue) => {
    issueCount++;
    if (issues.length < MAX_LISTED) issues.push(issue);
  };
  let header: { row: number; map: ColumnMap; cells: string[] } | null = null;

  let staged = 0;
  // The chains the staged rows link to (as kept: a region's adaptation's links are its shared chain's).
  const linkedChains = new Set<string>();
  // The batch being checked and staged runs in the database while the next one is read (one at a time, in order).
  // A failure is seen at the next await of `writing`; the catch only keeps an abandoned one from going unhandled.
  const track = (p: Promise<void>) => (p.catch(() => {}), p);
  let stage = { copy: false };
  // An empty directory (kept so by a lock) holds nothing the rows could duplicate: only the file's own duplicates are checked.
  let directoryEmpty = false;
  let place: Awaited<ReturnType<typeof locator>> | null = null;
  let writing: Promise<void> = track(
    (async () => {
      if (input.chains?.length) place = await locator();
      stage = await createStage(trx);
      directoryEmpty = await lockEmptyDirectory(trx);
    })(),
  );
  // Summed over the batches, for the trace.
  const spent = { reading: 0, duplicates: 0, staging: 0 };
  const check = async (chunk: ReadRecord[], progress: { rows: number; bytes: number }) => {
    let t = performance.now();
    const found = directoryEmpty ? new Set<string>() : await existingUsccs(trx, chunk.flatMap((r) => (r.uscc ? [r.uscc] : [])));
    const names = directoryEmpty ? new Set<string>() : await existingNames(trx, chunk);
    spent.duplicates += performance.now() - t;
    const fresh = chunk.filter((r) => {
      if (r.uscc && found.has(r.uscc)) report(duplicateIssue(r.row, 'uscc', null, r.uscc));
      else if (names.has(`${r.regionCode}\u0000${r.nameNorm}`)) report(duplicateIssue(r.row, 'name', null, r.name));
      else return true;
      return false;
    });
    // Once the file has a problem nothing will be kept: the rest is only checked.
    if (issueCount === 0) {
      t = performance.now();
      for (const r of fresh) {
        if (!r.links) continue;
        // The links' place and points, as fillLinkPlaces writes them after a link by hand (atlas.link-places.ts).
        (r as StagedEnterprise).linkPlace = { ...place!(r), points: matchPoints({ evidence: r.links.evidence, tags: r.tags, sizeBand: r.sizeBand }) };
        for (const l of r.links.links) linkedChains.add(l.chainId);
      }
      await stageEnterprises(trx, fresh, stage);
      spent.staging += performance.now() - t;
      staged += fresh.length;
    }
    onProgress?.({ bytes: progress.bytes, totalBytes, rows: progress.rows });
  };

  // A large file is read in a worker thread (the second core parses and checks while this one writes).
  const read = inWorker ? readEnterpriseFileInWorker : readEnterpriseFile;
  const events = read(input, (p) => onProgress?.({ ...p, totalBytes }));
  let next: IteratorResult<ReadEvent, ReadSummary>;
  const started = performance.now();
  const nextEvent = async () => {
    const t = performance.now();
    const e = await events.next();
    spent.reading += performance.now() - t;
    return e;
  };
  try {
    for (next = await nextEvent(); !next.done; next = await nextEvent()) {
      const event = next.value;
      if (event.type === 'header') {
        header = event;
        continue;
      }
      event.issues.forEach(report);
      await writing;
      writing = track(check(event.records, event));
    }
  } finally {
    // Left early (the database failed): the reading, and its worker, end too.
    await events.return(undefined as never);
  }
  const { rows, encoding, regions, proposed } = next.value;
  await writing;
  phase('reading, checking and staging, in all', performance.now() - started);
  phase('  waiting for the reader (parse, checks, terms, pinyin)', spent.reading);
  phase('  duplicate checks against the directory', spent.duplicates);
  phase('  staging writes', spent.staging);
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
  if (!header) throw new Error('the enterprise file was read without a header');
  const imported = await commitStage(trx, staged, phase);
  let links = 0;
  if (linkedChains.size > 0) {
    const t = performance.now();
    links = await commitStagedLinks(trx, fileName, chinaDay());
    // Their coverage cells and map counts are counted afresh at the next reading, their adaptations' too.
    const forget = [...linkedChains];
    for (const c of input.chains ?? []) if (linkedChains.has(c.id)) forget.push(...(await adaptationIds(trx, c)));
    await forgetCoverage(trx, forget);
    phase('links: INSERT … SELECT, coverage forgotten', performance.now() - t);
  }
  const columns = Object.fromEntries(Object.entries(header.map).map(([f, i]) => [f, header!.cells[i]!])) as EnterpriseImportResult['columns'];
  await recordAudit(trx, ctx.actor, {
    action: 'import',
    entity: 'enterprise_import',
    entityId: crypto.randomUUID(),
    summary: `${fileName}: ${imported}${links ? ` · ${links} links` : ''}`,
    after: { fileName, rows, imported, links },
  });
  return { dryRun: false, fileName, encoding, headerRow: header.row, columns, rows, imported, links, regions, proposed };
}

/**
 * The chains the importer's region may use (atlas.lookup.service.ts usableChains: its own and adapted ones before the
 * shared), each with its current version's segments (read through the shared cache) and the chain its links are
 * kept under: what the 产业链 and 环节 columns are resolved against, in memory, by the reader.
 */
async function linkableChains(trx: Tx, regionCode: string): Promise<LinkableChain[]> {
  const out: LinkableChain[] = [];
  for (const c of await usableChains(trx, regionCode)) {
    const versionId = await findVersionId(trx, c.id, c.current_version);
    if (!versionId) continue;
    const v = await cachedChainVersion(trx, versionId);
    out.push({ id: c.id, dataId: await dataChainId(trx, c), region_code: c.region_code, key: c.key, name: v.name, segments: v.segments.map((s) => ({ key: s.key, parent: s.parent, name: s.name, terms: [...s.products, ...s.technologies] })) });
  }
  return out;
}
