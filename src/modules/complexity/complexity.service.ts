/**
 * Complexity analyses: read an uploaded table, run the engine in a worker in the background, store the results with
 * their audit entry, and list, show or delete analyses. Queries on the results are in complexity.results.service.ts.
 */
import { abilitiesOf, requireAbility } from '../../lib/abilities.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { actorRegion, recordAudit, type Actor } from '../org/index.ts';
import type { Db } from '../../server/db.ts';
import type { ComplexityPeriodResult, ComplexityProgress } from './complexity.domain.ts';
import { bilingual, bilingualNotFound, halves } from '../../lib/bilingual.ts';
import { ComplexityInputError } from './complexity.errors.ts';
import { complexityPolicy } from './complexity.policy.ts';
import { productSpaceEdges } from './complexity.space.domain.ts';
import { parseTableOffThread } from './complexity.parse.worker.ts';
import type { ComplexityColumns, ComplexityTable } from './complexity.table.ts';
import type { AnalysisOptions, AnalysisSource, AnalysisSummary, PeriodSummary } from './complexity.tables.ts';
import { computeComplexityInWorker } from './complexity.worker.ts';
import * as repo from './complexity.repo.ts';
import { RunStopped, startRun, stopRun, waitForRun } from './complexity.runs.ts';

/** The largest upload accepted: a long CSV of a few million rows. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * Limits on what is computed and stored. The engine holds dense matrices: a period of L locations × P products keeps
 * about 6 doubles a cell, and proximity P² doubles; 2,500 products is finer than HS 4-digit (~1,240) and CIC 4-digit.
 */
export const LIMITS = { cellsPerPeriod: 5_000_000, products: 2_500, storedBytes: 768 * 1024 * 1024 } as const;

/** A running analysis whose process has been silent this long has stopped (a restart or a crash). */
const STALE_SECONDS = 120;
const HEARTBEAT_MS = 20_000;

/** What an analysis is asked to compute. */
export interface AnalysisRequest {
  columns: ComplexityColumns;
  threshold?: number;
  asymmetric?: boolean;
  continuous?: boolean;
}

/** An upload to analyse: the CSV bytes, its file name, an optional display name, and the options. */
export interface CreateAnalysisInput {
  bytes: Uint8Array;
  fileName: string;
  name?: string;
  options: AnalysisRequest;
  regionCode?: string;
  /** Where the table came from when the product built it (the atlas); absent for an upload. */
  source?: AnalysisSource;
}

/** An analysis as the API shows it: status, progress, summary, and what the caller may do with it. */
export type AnalysisView = repo.AnalysisRow & { periods: string[]; abilities: (keyof typeof complexityPolicy.analysis)[] };

const view = (actor: Actor) => (row: repo.AnalysisRow): AnalysisView => ({
  ...row,
  periods: row.summary?.periods.map((p) => p.period) ?? [],
  abilities: abilitiesOf(complexityPolicy.analysis, actor, { createdBy: row.created_by }),
});

/**
 * Reads the table (a bad one is refused with its line and column, and nothing is stored), records the analysis as
 * running, and computes it in a worker in the background. Waits up to `waitMs` for the result (0: answer at once;
 * the caller polls {@link getAnalysis}); returns the analysis as it then stands.
 * @example await createAnalysis(ctx, { bytes, fileName: 'exports.csv', options: { columns: { loc: 'country', prod: 'hs4', val: 'usd' } } }, { waitMs: 1000 })
 */
export async function createAnalysis(ctx: ServiceContext, input: CreateAnalysisInput, opts: { waitMs?: number } = {}): Promise<AnalysisView> {
  requireAbility(complexityPolicy.analysis.create, ctx.actor, undefined as never, 'run a complexity analysis');
  const options = normaliseOptions(input.options);
  const started = performance.now();
  const table = await readTable(input.bytes, input.fileName, options.columns);
  checkLimits(table);
  const parseMs = performance.now() - started;

  const name = (input.name?.trim() || input.fileName.replace(/\.[^.]+$/, '') || input.fileName).slice(0, 200);
  const row = await inTransaction(ctx, async (trx) => {
    const created = await repo.insertAnalysis(trx, { name, sourceName: input.fileName, options, createdBy: ctx.actor.userId, regionCode: input.regionCode ?? (await actorRegion(trx, ctx.actor)), source: input.source ?? null });
    await recordAudit(trx, ctx.actor, {
      action: 'create',
      entity: 'complexity_analysis',
      entityId: created.id,
      regionCode: created.region_code,
      summary: `运行经济复杂度分析《${name}》（${input.fileName}，${table.rows} 行）`,
      after: { name, source_name: input.fileName, options, rows: table.rows, periods: table.periods.map((p) => p.period), ...(input.source ? { source: input.source } : {}) },
    });
    return created;
  });
  // The run outlives the request: it works on the database itself, never on a caller's transaction.
  const db = ctx.db.isTransaction ? null : ctx.db;
  const running = startRun(row.id, (signal, whenTurn) => runAnalysis(db ?? ctx.db, ctx.actor, row, table, options, parseMs, signal, whenTurn));
  if (!db) await running;
  else await waitForRun(row.id, opts.waitMs ?? 0);
  return getAnalysis(ctx, row.id);
}

/** Analyses, newest first (running ones with their progress), each with the caller's abilities. */
export async function listAnalyses(ctx: ServiceContext): Promise<AnalysisView[]> {
  requireAbility(complexityPolicy.analysis.read, ctx.actor, undefined as never, 'list complexity analyses');
  await repo.failStaleRuns(ctx.db, STALE_SECONDS, INTERRUPTED);
  return (await repo.listAnalyses(ctx.db)).map(view(ctx.actor));
}

/** One analysis: status and progress while it runs, its summary when done, its error when it failed. */
export async function getAnalysis(ctx: ServiceContext, id: string): Promise<AnalysisView> {
  requireAbility(complexityPolicy.analysis.read, ctx.actor, undefined as never, 'read a complexity analysis');
  await repo.failStaleRuns(ctx.db, STALE_SECONDS, INTERRUPTED);
  const row = await repo.findAnalysis(ctx.db, id);
  if (!row) throw bilingualNotFound(`经济复杂度分析 ${id} 不存在`, `Complexity analysis ${id}`);
  return view(ctx.actor)(row);
}

/** Deletes an analysis and its results (stopping it first if it is still running), with an audit entry. */
export async function deleteAnalysis(ctx: ServiceContext, id: string): Promise<void> {
  const row = await repo.findAnalysis(ctx.db, id);
  if (!row) throw bilingualNotFound(`经济复杂度分析 ${id} 不存在`, `Complexity analysis ${id}`);
  requireAbility(complexityPolicy.analysis.delete, ctx.actor, { createdBy: row.created_by }, 'delete a complexity analysis');
  await stopRun(id, 'deleted');
  await inTransaction(ctx, async (trx) => {
    await repo.deleteAnalysis(trx, row);
    const { summary, ...before } = row;
    await recordAudit(trx, ctx.actor, {
      action: 'delete',
      entity: 'complexity_analysis',
      entityId: id,
      regionCode: row.region_code,
      summary: `删除经济复杂度分析《${row.name}》`,
      before: { ...before, periods: summary?.periods.map((p) => p.period) ?? [] },
    });
  });
}

const INTERRUPTED = '计算中断（服务器已重启或停止），请重新运行 / the run was interrupted (the server restarted or stopped); run it again';

function normaliseOptions(request: AnalysisRequest): AnalysisOptions {
  const threshold = request.threshold ?? 1;
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new ValidationError('阈值须为不小于 0 的数 / the threshold must be a number ≥ 0', [{ field: 'threshold', message: 'must be ≥ 0' }]);
  }
  const columns: ComplexityColumns = { loc: request.columns.loc.trim(), prod: request.columns.prod.trim(), val: request.columns.val.trim() };
  for (const key of ['time', 'pop', 'presence', 'label'] as const) {
    const name = request.columns[key]?.trim();
    if (name) columns[key] = name;
  }
  const issues: FieldIssue[] = (['loc', 'prod', 'val'] as const).filter((k) => !columns[k]).map((k) => ({ field: k, message: '请选择列 / choose a column' }));
  const roles = [columns.loc, columns.prod, columns.time].filter(Boolean);
  if (new Set(roles).size !== roles.length) issues.push({ field: 'columns', message: '地区、产品、时间须为不同的列 / location, product and time must be different columns' });
  if (issues.length) throw new ValidationError('请选择数据表的列 / choose the columns of the table', issues);
  return { columns, threshold, asymmetric: request.asymmetric ?? false, continuous: request.continuous ?? false };
}

/** Reads the table (off the main thread when large); a bad one is refused naming the file, line and column. */
async function readTable(bytes: Uint8Array, fileName: string, columns: ComplexityColumns): Promise<ComplexityTable> {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw new ValidationError(`${fileName}：这是 Excel 工作簿，请另存为 CSV 后上传 / ${fileName}: this is an Excel workbook; save it as CSV first`, [
      { field: 'file', message: 'not CSV' },
    ]);
  }
  try {
    return await parseTableOffThread(bytes, columns);
  } catch (error) {
    if (!(error instanceof ComplexityInputError)) throw error;
    throw new ValidationError(bilingual(`${fileName}：${error.zh}`, `${fileName}: ${error.en}`), error.details);
  }
}

function checkLimits(table: ComplexityTable): void {
  let stored = 0;
  for (const p of table.periods) {
    const cells = p.locations.length * p.products.length;
    const label = p.period === '' ? '' : `（${p.period}）`;
    const labelEn = p.period === '' ? '' : ` (${p.period})`;
    if (p.products.length > LIMITS.products) {
      throw new ValidationError(
        `产品过多${label}：${p.products.length} 个，上限 ${LIMITS.products} 个，请按更粗的分类汇总 / too many products${labelEn}: ${p.products.length}, at most ${LIMITS.products}; aggregate to a coarser classification`,
        [{ field: 'prod', message: `${p.products.length} > ${LIMITS.products}` }],
      );
    }
    if (cells > LIMITS.cellsPerPeriod) {
      throw new ValidationError(
        `数据表过大${label}：${p.locations.length} 个地区 × ${p.products.length} 个产品，上限 ${LIMITS.cellsPerPeriod} 格 / the table is too large${labelEn}: ${p.locations.length} locations × ${p.products.length} products, at most ${LIMITS.cellsPerPeriod} cells`,
        [{ field: 'file', message: 'too large' }],
      );
    }
    stored += cells * 41 + p.products.length ** 2 * 8;
  }
  if (stored > LIMITS.storedBytes) {
    throw new ValidationError(
      `结果过大（约 ${Math.round(stored / 2 ** 20)} MB），请减少时期或产品 / the results would take about ${Math.round(stored / 2 ** 20)} MB; use fewer periods or products`,
      [{ field: 'file', message: 'too large' }],
    );
  }
}

/** Computes in a worker, then stores every period and marks the analysis done, in one transaction with its audit entry. */
async function runAnalysis(
  db: Db,
  actor: Actor,
  analysis: repo.AnalysisRow,
  table: ComplexityTable,
  options: AnalysisOptions,
  parseMs: number,
  signal: AbortSignal,
  whenTurn: () => Promise<void>,
): Promise<void> {
  let progress = 0.02;
  let lastWrite = 0;
  let writes: Promise<void> = Promise.resolve();
  const report = (value: number, force = false) => {
    progress = value;
    const now = Date.now();
    if (!force && now - lastWrite < 250) return;
    lastWrite = now;
    writes = writes.then(() => repo.setProgress(db, analysis, progress)).catch(() => {});
  };
  // The heartbeat tells other processes (and a restarted one) that the run is alive, queued or computing.
  const heartbeat = setInterval(() => report(progress, true), HEARTBEAT_MS).unref();
  try {
    await whenTurn();
    report(0.05, true);
    const computeStart = performance.now();
    const result = await computeComplexityInWorker(
      { periods: table.periods, options: { threshold: options.threshold, asymmetric: options.asymmetric, continuous: options.continuous } },
      (p: ComplexityProgress) => report(0.05 + (0.85 * p.done) / p.total),
      signal,
    );
    const computeMs = performance.now() - computeStart;
    report(0.92, true);
    await writes;
    signal.throwIfAborted();

    const storeStart = performance.now();
    const rows = result.periods.map((p, position) => periodRow(analysis, p, position));
    await inTransaction({ db, actor }, async (trx) => {
      for (const row of rows) await repo.insertPeriod(trx, row.row);
      const summary: AnalysisSummary = {
        rows: table.rows,
        periods: rows.map((r) => r.summary),
        warnings: result.periods.flatMap((p) => p.warnings),
        timings: { parseMs: round(parseMs), computeMs: round(computeMs), storeMs: round(performance.now() - storeStart) },
        ...(table.labels ? { labels: table.labels } : {}),
      };
      await repo.finishAnalysis(trx, analysis, summary);
      await recordAudit(trx, actor, {
        action: 'complete',
        entity: 'complexity_analysis',
        entityId: analysis.id,
        regionCode: analysis.region_code,
        summary: `经济复杂度分析《${analysis.name}》完成：${rows.map((r) => `${r.summary.period || '全部'} ${r.summary.locations}×${r.summary.products}`).join('，')}`,
        after: { status: 'done', periods: summary.periods.map(({ period, locations, products, warnings }) => ({ period, locations, products, warnings })) },
      });
    });
  } catch (error) {
    clearInterval(heartbeat);
    await writes;
    const stopped = signal.aborted && signal.reason instanceof RunStopped ? signal.reason : null;
    if (stopped?.reason === 'deleted') return;
    const message = stopped ? INTERRUPTED : failureText(error);
    try {
      if (await repo.failAnalysis(db, analysis, message)) {
        await recordAudit(db, actor, {
          action: 'fail',
          entity: 'complexity_analysis',
          entityId: analysis.id,
          regionCode: analysis.region_code,
          summary: `经济复杂度分析《${analysis.name}》失败`,
          after: { status: 'failed', error: message },
        });
      }
    } catch {
      // The database is gone (the server is closing): the next start sees the silent run and marks it interrupted.
    }
  } finally {
    clearInterval(heartbeat);
  }
}

function failureText(error: unknown): string {
  if (error instanceof ComplexityInputError) return bilingual(`无法计算：${error.zh}`, `cannot compute: ${error.en}`);
  const { zh, en } = halves(error instanceof Error ? error.message : String(error));
  return bilingual(`计算失败：${zh}`, `the computation failed: ${en}`);
}

/** One period's row for complexity_results, with the product space's links worked out once, and its summary. */
function periodRow(analysis: repo.AnalysisRow, p: ComplexityPeriodResult, position: number) {
  const nLoc = p.locations.length;
  const nProd = p.products.length;
  const locationTotals = new Float64Array(nLoc);
  const productTotals = new Float64Array(nProd);
  for (let c = 0; c < nLoc; c++) {
    for (let q = 0; q < nProd; q++) {
      const v = p.values[c * nProd + q];
      locationTotals[c] += v;
      productTotals[q] += v;
    }
  }
  const space = productSpaceEdges(p.proximity, p.complexProducts.length);
  const summary: PeriodSummary = {
    period: p.period,
    locations: nLoc,
    products: nProd,
    complexLocations: p.complexLocations.length,
    complexProducts: p.complexProducts.length,
    eigen: p.eigen,
    spaceEdges: space.source.length,
    spaceThreshold: space.threshold,
    warnings: p.warnings,
  };
  const row = {
    region_code: analysis.region_code,
    analysis_id: analysis.id,
    period: p.period,
    position,
    locations: p.locations,
    products: p.products,
    diversity: Array.from(p.diversity),
    ubiquity: Array.from(p.ubiquity),
    complex_locations: Array.from(p.complexLocations),
    complex_products: Array.from(p.complexProducts),
    eci: Array.from(p.eci),
    coi: Array.from(p.coi),
    pci: Array.from(p.pci),
    location_totals: Array.from(locationTotals),
    product_totals: Array.from(productTotals),
    val: repo.float64Bytes(p.values),
    rca: repo.float64Bytes(p.rca),
    rpop: p.rpop ? repo.float64Bytes(p.rpop) : null,
    mcp: Buffer.from(p.mcp.buffer, p.mcp.byteOffset, p.mcp.byteLength),
    density: repo.float64Bytes(p.density),
    cog: repo.float64Bytes(p.cog),
    proximity: repo.float64Bytes(p.proximity),
    space_source: Array.from(space.source),
    space_target: Array.from(space.target),
    space_proximity: Array.from(space.proximity),
    eigen: JSON.stringify(p.eigen),
    dropped: JSON.stringify(p.dropped),
    warnings: JSON.stringify(p.warnings),
  };
  return { row, summary };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
