/**
 * `luoshi complexity`: read a CSV table, compute economic complexity, write the results (and
 * optionally the proximity of every product pair) as CSV. The CLI registers it; this does the work.
 */
import { readFile } from 'node:fs/promises';
import { computeComplexity, type ComplexityProgress } from './complexity.domain.ts';
import { complexityCsv, proximityCsv, writeCsv } from './complexity.output.ts';
import { parseComplexityCsv } from './complexity.table.ts';

/** What the command is asked to do; column options name columns of the input's header. */
export interface ComplexityCommandOptions {
  /** Input CSV path. */
  file: string;
  loc: string;
  prod: string;
  val: string;
  time?: string;
  /** Population column: presence by RPOP ≥ threshold. */
  pop?: string;
  /** RCA (or RPOP) presence threshold; default 1. */
  threshold?: number;
  asymmetric?: boolean;
  continuous?: boolean;
  /** A 0/1 column giving presence directly (may be the value column itself). */
  presence?: string;
  /** Output CSV path. */
  out: string;
  /** Proximity CSV path; not written when absent. */
  proximity?: string;
  onProgress?: (progress: ComplexityCommandProgress) => void;
}

/** Progress over reading, each engine stage of each period, and writing. */
export interface ComplexityCommandProgress {
  stage: 'read' | ComplexityProgress['stage'] | 'write';
  period?: string;
  done: number;
  total: number;
}

/** What the command did, for the CLI to print. */
export interface ComplexityCommandSummary {
  /** Rows written to `out`. */
  rows: number;
  /** Distinct locations, products and periods in the output. */
  locations: number;
  products: number;
  periods: number;
  /** Things a person should know (dropped locations, disconnected networks …). */
  warnings: string[];
}

/**
 * Runs the whole computation from file to file; throws ComplexityInputError on a bad table.
 * @example await runComplexityCommand({ file: 'exports.csv', loc: 'country', prod: 'hs', val: 'usd', out: 'eci.csv' })
 */
export async function runComplexityCommand(opts: ComplexityCommandOptions): Promise<ComplexityCommandSummary> {
  const table = parseComplexityCsv(await readFile(opts.file), {
    loc: opts.loc,
    prod: opts.prod,
    val: opts.val,
    ...(opts.time ? { time: opts.time } : {}),
    ...(opts.pop ? { pop: opts.pop } : {}),
    ...(opts.presence ? { presence: opts.presence } : {}),
  });
  const total = table.periods.length * 5 + 2;
  opts.onProgress?.({ stage: 'read', done: 1, total });
  const result = computeComplexity(
    table.periods,
    { threshold: opts.threshold, asymmetric: opts.asymmetric, continuous: opts.continuous },
    (p) => opts.onProgress?.({ ...p, done: p.done + 1, total }),
  );
  const columns = { loc: opts.loc, prod: opts.prod, val: opts.val, ...(opts.time ? { time: opts.time } : {}) };
  await writeCsv(opts.out, complexityCsv(result, columns));
  if (opts.proximity) await writeCsv(opts.proximity, proximityCsv(result, columns));
  opts.onProgress?.({ stage: 'write', done: total, total });
  return {
    rows: result.periods.reduce((n, p) => n + p.locations.length * p.products.length, 0),
    locations: new Set(result.periods.flatMap((p) => p.locations)).size,
    products: new Set(result.periods.flatMap((p) => p.products)).size,
    periods: result.periods.length,
    warnings: result.periods.flatMap((p) => p.warnings),
  };
}
