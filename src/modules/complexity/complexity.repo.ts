/**
 * SQL of complexity analyses and their results. Matrices travel as little-endian bytes: Float64 for numbers, one byte a
 * cell for presence; one location's row is read with substring() so a profile never loads a whole matrix.
 */
import { endianness } from 'node:os';
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { AnalysisOptions, AnalysisSource, AnalysisSummary, ComplexityTables } from './complexity.tables.ts';

type Handle = Db | Tx;

const LITTLE_ENDIAN = endianness() === 'LE';

/** A Float64Array as little-endian bytes (a view, not a copy, on little-endian machines). */
export function float64Bytes(values: Float64Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const out = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => out.writeDoubleLE(v, i * 8));
  return out;
}

/** Little-endian bytes back as a Float64Array (copied, so the result is aligned and owns its memory). */
export function float64From(bytes: Uint8Array): Float64Array {
  const out = new Float64Array(bytes.length / 8);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  }
  return out;
}

/** Bytes as a Uint8Array that owns its memory. */
export function bytesFrom(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes);
}

/** The columns of an analysis row (all small: results live in complexity_results). */
export type AnalysisRow = Awaited<ReturnType<typeof findAnalysis>> & {};

/** Inserts an analysis in state 'running'. */
export function insertAnalysis(trx: Handle, values: { name: string; sourceName: string; options: AnalysisOptions; createdBy: string | null; regionCode?: string; source?: AnalysisSource | null }) {
  return trx
    .insertInto('complexity_analyses')
    .values({
      name: values.name,
      source_name: values.sourceName,
      options: JSON.stringify(values.options),
      created_by: values.createdBy,
      source: values.source ? JSON.stringify(values.source) : null,
      ...(values.regionCode ? { region_code: values.regionCode } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One analysis by id alone, or undefined: the one lookup that finds its region when only the id is known (a URL). */
export function findAnalysis(db: Handle, id: string) {
  return db.selectFrom('complexity_analyses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Analyses, newest first. */
export function listAnalyses(db: Handle, limit = 200) {
  return db.selectFrom('complexity_analyses').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

/** Records how far a running analysis is (0…1); also its heartbeat. */
export async function setProgress(db: Handle, a: { region_code: string; id: string }, progress: number): Promise<void> {
  await db
    .updateTable('complexity_analyses')
    .set({ progress, updated_at: sql<Date>`now()` })
    .where('region_code', '=', a.region_code)
    .where('id', '=', a.id)
    .where('status', '=', 'running')
    .execute();
}

/** Marks an analysis done with its summary. */
export async function finishAnalysis(trx: Handle, a: { region_code: string; id: string }, summary: AnalysisSummary): Promise<void> {
  await trx
    .updateTable('complexity_analyses')
    .set({ status: 'done', progress: 1, summary: JSON.stringify(summary), error: null, updated_at: sql<Date>`now()`, finished_at: sql<Date>`now()` })
    .where('region_code', '=', a.region_code)
    .where('id', '=', a.id)
    .execute();
}

/** Marks a running analysis failed; returns whether it was still running. */
export async function failAnalysis(db: Handle, a: { region_code: string; id: string }, error: string): Promise<boolean> {
  const result = await db
    .updateTable('complexity_analyses')
    .set({ status: 'failed', error, updated_at: sql<Date>`now()`, finished_at: sql<Date>`now()` })
    .where('region_code', '=', a.region_code)
    .where('id', '=', a.id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks failed every running analysis whose process stopped beating (a restart, a crash); returns their ids. */
export async function failStaleRuns(db: Handle, silentSeconds: number, error: string): Promise<string[]> {
  const rows = await db
    .updateTable('complexity_analyses')
    .set({ status: 'failed', error, finished_at: sql<Date>`now()` })
    .where('status', '=', 'running')
    .where('updated_at', '<', sql<Date>`now() - make_interval(secs => ${silentSeconds})`)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Deletes an analysis and (by cascade) its results. */
export async function deleteAnalysis(trx: Handle, a: { region_code: string; id: string }): Promise<void> {
  await trx.deleteFrom('complexity_analyses').where('region_code', '=', a.region_code).where('id', '=', a.id).execute();
}

/** Stores one period's results. */
export async function insertPeriod(trx: Handle, row: Insertable<ComplexityTables['complexity_results']>): Promise<void> {
  await trx.insertInto('complexity_results').values(row).execute();
}

/** The periods of an analysis in order. */
export async function listPeriods(db: Handle, a: { region_code: string; id: string }): Promise<string[]> {
  const rows = await db
    .selectFrom('complexity_results')
    .select('period')
    .where('region_code', '=', a.region_code)
    .where('analysis_id', '=', a.id)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.period);
}

/** The vectors of one period (no matrices): names, diversity, ubiquity, ECI, COI, PCI, totals. */
export function findPeriodVectors(db: Handle, a: { region_code: string; id: string }, period: string) {
  return db
    .selectFrom('complexity_results')
    .select([
      'period',
      'position',
      'locations',
      'products',
      'diversity',
      'ubiquity',
      'complex_locations',
      'complex_products',
      'eci',
      'coi',
      'pci',
      'location_totals',
      'product_totals',
      'warnings',
    ])
    .where('region_code', '=', a.region_code)
    .where('analysis_id', '=', a.id)
    .where('period', '=', period)
    .executeTakeFirst();
}

/** The product space's links of one period (indices into complex_products). */
export function findPeriodSpace(db: Handle, a: { region_code: string; id: string }, period: string) {
  return db
    .selectFrom('complexity_results')
    .select(['space_source', 'space_target', 'space_proximity'])
    .where('region_code', '=', a.region_code)
    .where('analysis_id', '=', a.id)
    .where('period', '=', period)
    .executeTakeFirst();
}

/**
 * One location's rows of the matrices: values, RCA and presence at row `location` (of `products` columns), density
 * and COG at row `outlookRow` (of `complexProducts` columns; -1 when they are not stored for the location).
 */
export async function findLocationRows(
  db: Handle,
  a: { region_code: string; id: string },
  period: string,
  at: { location: number; products: number; outlookRow: number; complexProducts: number },
): Promise<{ val: Float64Array; rca: Float64Array; mcp: Uint8Array; density: Float64Array | null; cog: Float64Array | null }> {
  const row8 = at.products * 8;
  const from8 = at.location * row8 + 1;
  const c8 = at.complexProducts * 8;
  const cFrom8 = Math.max(0, at.outlookRow) * c8 + 1;
  const row = await db
    .selectFrom('complexity_results')
    .select([
      sql<Buffer>`substring(val from ${from8} for ${row8})`.as('val'),
      sql<Buffer>`substring(rca from ${from8} for ${row8})`.as('rca'),
      sql<Buffer>`substring(mcp from ${at.location * at.products + 1} for ${at.products})`.as('mcp'),
      sql<Buffer>`substring(density from ${cFrom8} for ${c8})`.as('density'),
      sql<Buffer>`substring(cog from ${cFrom8} for ${c8})`.as('cog'),
    ])
    .where('region_code', '=', a.region_code)
    .where('analysis_id', '=', a.id)
    .where('period', '=', period)
    .executeTakeFirstOrThrow();
  const inside = at.outlookRow >= 0;
  return {
    val: float64From(row.val),
    rca: float64From(row.rca),
    mcp: bytesFrom(row.mcp),
    density: inside ? float64From(row.density) : null,
    cog: inside ? float64From(row.cog) : null,
  };
}

/** Every period with every matrix, in order (for the full export). */
export function findAllPeriods(db: Handle, a: { region_code: string; id: string }) {
  return db
    .selectFrom('complexity_results')
    .selectAll()
    .where('region_code', '=', a.region_code)
    .where('analysis_id', '=', a.id)
    .orderBy('position')
    .execute();
}

/** Complexity's rows for `luoshi status`: analyses, and how many of them finished. */
export async function countComplexityRows(db: Handle): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`select count(*)::int as analyses, (count(*) filter (where status = 'done'))::int as analyses_done
    from complexity_analyses`.execute(db);
  return { ...rows[0] };
}
