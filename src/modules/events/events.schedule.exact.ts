/**
 * The exact and improving meeting scheduler with HiGHS (WebAssembly). Run it through events.schedule.worker.ts: a
 * HiGHS solve blocks its thread until it ends or reaches its time limit.
 *
 * Model: a binary x[r,s] for each request r and each slot s both sides can attend (no table index: tables are
 * identical, so a capacity row per slot replaces per-table assignment and tables are numbered afterwards); each
 * request at most once, each participant at most one meeting per slot, each slot at most K meetings; maximise the
 * number of meetings (or the sum of priorities).
 *
 * The bound comes first: the LP relaxation of the aggregated model (`relaxationBound`: one y[r] ∈ [0,1] per request,
 * each participant in at most as many meetings as the slots they can use, at most T·K meetings), which solves in
 * seconds even at 12,000 requests and on event-shaped instances is usually the optimum itself. Then, from the fast
 * schedule, the schedule is improved a few slots at a time (the meetings outside a window of slots stay, the window
 * is re-optimised with the unplaced requests) until it meets the bound; a moderate instance that is still short is
 * then solved as one model, started from the best schedule and stopped as soon as it meets the bound. HiGHS in
 * WebAssembly can abort on a model too large for its memory: every solve is caught, and the best schedule so far is kept.
 */
import loadHighs, { type Highs } from 'highs';
import { Board, indexInstance, type IndexedInstance } from './events.schedule.board.domain.ts';
import { combinatorialBound, fastBoard, resultOfBoard, type ScheduleResult } from './events.schedule.domain.ts';
import type { ScheduleInstance } from './events.schedule.input.domain.ts';

/** Options of the exact / improving mode. */
export interface ExactOptions {
  weighted?: boolean;
  /** Seconds for the whole run (default 30). */
  timeLimit?: number;
  /** Largest number of x[r,s] variables solved as one model; beyond it the improving mode works by windows (default 60,000). */
  maxColumns?: number;
  /** Slots per window of the improving mode (default 3). */
  windowSlots?: number;
  /** Share of the time the windows may take before a moderate instance is solved as one model (default 1/3). */
  windowShare?: number;
}

/** The result of the exact / improving mode: the schedule, its best bound, the relative gap and how it was reached. */
export interface ExactResult extends ScheduleResult {
  /** (bound − objective) / bound; 0 when proven optimal. */
  gap: number | null;
  proven: boolean;
  method: 'exact' | 'windows' | 'fast';
  /** What happened on the way, e.g. a HiGHS failure that left the fast schedule in place. */
  notes: string[];
}

interface Column {
  r: number;
  s: number;
}

interface Solved {
  status: number;
  objective: number;
  dualBound: number;
  values: Float64Array | number[] | null;
}

const OPTIMAL = 7;

let runtime: Promise<Highs> | undefined;
function highsRuntime(): Promise<Highs> {
  runtime ??= loadHighs();
  return runtime;
}

/**
 * Builds and solves the model over `columns` (slot capacities `capacity`), as a MIP from the 0/1 start `start`, or
 * as an LP when `relax`. Rows are each request, each (participant, slot) and each slot that a column touches.
 */
function solve(highs: Highs, x: IndexedInstance, columns: Column[], capacity: Int32Array, timeLimit: number, start: Uint8Array | null, relax: boolean, target = Infinity): Solved {
  const rows = new Map<number, number>();
  const rowUpper: number[] = [];
  const row = (key: number, upper: number): number => {
    let i = rows.get(key);
    if (i === undefined) {
      i = rowUpper.length;
      rows.set(key, i);
      rowUpper.push(upper);
    }
    return i;
  };
  const { T, P, ra, rb, w } = x;
  const n = columns.length;
  const starts = new Int32Array(n + 1);
  const indices = new Int32Array(n * 4);
  const values = new Float64Array(n * 4).fill(1);
  columns.forEach(({ r, s }, j) => {
    const entries = [row(r, 1), row(x.R + ra[r] * T + s, 1), row(x.R + rb[r] * T + s, 1), row(x.R + P * T + s, capacity[s])].sort((a, b) => a - b);
    indices.set(entries, j * 4);
    starts[j + 1] = (j + 1) * 4;
  });
  const m = rowUpper.length;
  const model = highs.createModel({
    numCols: n,
    numRows: m,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(columns, (c) => w[c.r]),
    colLower: new Float64Array(n),
    colUpper: new Float64Array(n).fill(1),
    rowLower: new Float64Array(m).fill(-highs.infinity),
    rowUpper: Float64Array.from(rowUpper),
    matrix: { format: 'csc', numRows: m, numCols: n, starts, indices, values },
    ...(relax ? {} : { integrality: new Int32Array(n).fill(1) as Int32Array }),
  });
  try {
    // Whole weights make whole objectives: a dual bound less than one above the incumbent already proves it.
    model.options.set({ output_flag: false, time_limit: Math.max(0.5, timeLimit), mip_rel_gap: 0, ...(integral(x) ? { mip_abs_gap: 1 - 1e-6 } : {}) });
    if (start && !relax) model.setSolution({ colValue: Float64Array.from(start) });
    // Stop as soon as the incumbent meets a bound known from elsewhere (the relaxation): it is then optimal.
    if (relax || !Number.isFinite(target)) model.run();
    else
      model.run({
        [highs.constants.callbackType.mipInterrupt]: (event) => {
          if ((event.data.mip_primal_bound ?? -Infinity) >= target - 1e-9) event.interrupt();
        },
      });
    const status = model.getModelStatus();
    const solution = model.getSolution();
    const objective = model.getObjectiveValue();
    const dual = relax ? objective : Number(model.info.get('mip_dual_bound'));
    return { status, objective, dualBound: Number.isFinite(dual) ? dual : Infinity, values: solution.colValue ?? null };
  } finally {
    model.dispose();
  }
}

function integral(x: IndexedInstance): boolean {
  return x.w.every(Number.isInteger);
}

/** A bound as a whole objective where the objective is whole (every weight an integer). */
function tighten(x: IndexedInstance, bound: number): number {
  return integral(x) ? Math.floor(bound + 1e-6) : bound;
}

/**
 * An upper bound on any schedule's objective: the LP relaxation of the aggregated model, a y[r] ∈ [0,1] per request
 * with a common slot, Σ y over each participant's requests ≤ the number of slots that participant can use (a slot
 * where they and at least one partner are available), Σ y ≤ T·K; maximise Σ w[r]·y[r]. Every schedule is a solution
 * (y = 1 for its meetings), so it bounds the optimum; it implies each counting bound of `combinatorialBound` except
 * the per-slot one, so it is taken together with that (the minimum). Null when HiGHS does not solve it in time.
 * @example const bound = relaxationBound(await loadHighs(), indexInstance(instance, true), 10)
 */
export function relaxationBound(highs: Highs, x: IndexedInstance, timeLimit: number): number | null {
  const { T, K, P, R, ra, rb, w, allowed } = x;
  const usable = new Int32Array(P);
  const seen = new Uint8Array(P * T);
  const columns: number[] = [];
  for (let r = 0; r < R; r++) {
    if (allowed[r].length === 0) continue;
    columns.push(r);
    for (const s of allowed[r])
      for (const p of [ra[r], rb[r]])
        if (!seen[p * T + s]) {
          seen[p * T + s] = 1;
          usable[p]++;
        }
  }
  const n = columns.length;
  if (n === 0) return 0;
  const starts = new Int32Array(n + 1);
  const indices = new Int32Array(n * 3);
  columns.forEach((r, j) => {
    indices.set([ra[r], rb[r], P].sort((a, b) => a - b), j * 3);
    starts[j + 1] = (j + 1) * 3;
  });
  const model = highs.createModel({
    numCols: n,
    numRows: P + 1,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(columns, (r) => w[r]),
    colLower: new Float64Array(n),
    colUpper: new Float64Array(n).fill(1),
    rowLower: new Float64Array(P + 1).fill(-highs.infinity),
    rowUpper: Float64Array.from([...usable, T * K]),
    matrix: { format: 'csc', numRows: P + 1, numCols: n, starts, indices, values: new Float64Array(n * 3).fill(1) },
  });
  try {
    model.options.set({ output_flag: false, time_limit: Math.max(0.5, timeLimit) });
    model.run();
    if (model.getModelStatus() !== OPTIMAL) return null;
    return tighten(x, model.getObjectiveValue());
  } finally {
    model.dispose();
  }
}

function finish(instance: ScheduleInstance, board: Board, bound: number, method: ExactResult['method'], notes: string[]): ExactResult {
  const result = resultOfBoard(instance, board, bound);
  const gap = bound > 0 ? Math.max(0, (bound - result.objective) / bound) : 0;
  return { ...result, gap: Math.round(gap * 1e6) / 1e6, proven: gap < 1e-9, method, notes };
}

/**
 * The exact or improving schedule within `timeLimit` seconds, with its best bound and gap.
 * @example const { objective, bound, gap } = await scheduleExact(instance, { timeLimit: 30 })
 */
export async function scheduleExact(instance: ScheduleInstance, options: ExactOptions = {}): Promise<ExactResult> {
  const started = Date.now();
  const timeLimit = options.timeLimit ?? 30;
  const left = (): number => timeLimit - (Date.now() - started) / 1000;
  const weighted = Boolean(options.weighted);
  const x = indexInstance(instance, weighted);
  const notes: string[] = [];
  let bound = combinatorialBound(x);
  let highs: Highs;
  try {
    highs = await highsRuntime();
  } catch (error) {
    notes.push(`HiGHS could not be loaded (${(error as Error).message}); the fast schedule is kept`);
    return finish(instance, fastBoard(instance, x, bound, weighted), bound, 'fast', notes);
  }
  // The bound first (up to half the time), so that the searches below stop as soon as they meet it.
  try {
    const relaxed = relaxationBound(highs, x, left() / 2);
    if (relaxed === null) notes.push('the LP relaxation of the aggregated model did not finish in time; the bound is combinatorial');
    else bound = Math.min(bound, relaxed);
  } catch (error) {
    notes.push(`HiGHS failed on the LP relaxation (${(error as Error).message}); the bound is combinatorial`);
  }
  // The start: the fast schedule with a longer plateau search (seconds at most), so HiGHS mostly has to prove it.
  const board = fastBoard(instance, x, bound, weighted, 5);
  if (board.value >= bound - 1e-9) return finish(instance, board, bound, 'fast', notes);

  const all: Column[] = [];
  for (let r = 0; r < x.R; r++) for (const s of x.allowed[r]) all.push({ r, s });
  const whole = all.length <= (options.maxColumns ?? 60_000);
  // Windows first (cheap solves, each started from the board); a moderate instance keeps time for the whole model.
  const reserve = whole ? left() * (1 - (options.windowShare ?? 1 / 3)) : 0;
  improveByWindows(highs, x, board, options.windowSlots ?? 3, () => left() - reserve, bound, notes);
  if (!whole || board.value >= bound - 1e-9) return finish(instance, board, Math.max(bound, board.value), 'windows', notes);

  const capacity = new Int32Array(x.T).fill(x.K);
  try {
    const start = Uint8Array.from(all, ({ r, s }) => (board.slotOf[r] === s ? 1 : 0));
    const solved = solve(highs, x, all, capacity, left(), start, false, bound);
    let best = board;
    if (solved.values && solved.objective > board.value + 1e-9) {
      const next = new Board(x);
      all.forEach(({ r, s }, j) => {
        if (solved.values![j] > 0.5 && next.fits(r, s)) next.place(r, s);
      });
      if (next.value > board.value + 1e-9) best = next;
    }
    if (solved.status === OPTIMAL) bound = best.value;
    else bound = Math.min(bound, tighten(x, solved.dualBound));
    return finish(instance, best, Math.max(bound, best.value), 'exact', notes);
  } catch (error) {
    notes.push(`HiGHS failed on the whole model (${all.length} variables: ${(error as Error).message}); the schedule improved by windows is kept`);
    return finish(instance, board, Math.max(bound, board.value), 'windows', notes);
  }
}

/**
 * Re-optimises the board a window of slots at a time (the meetings outside the window fixed), moving the window on
 * until the time is up, the bound is reached or a whole round of windows improves nothing.
 */
function improveByWindows(highs: Highs, x: IndexedInstance, board: Board, size: number, left: () => number, bound: number, notes: string[]): void {
  const { T, K, R, allowed } = x;
  const width = Math.min(size, T);
  let failures = 0;
  let idle = 0;
  for (let at = 0; left() > 0.5 && board.value < bound - 1e-9 && idle < T; at = (at + width) % T) {
    const window = Array.from({ length: width }, (_, i) => (at + i) % T);
    const inWindow = new Uint8Array(T);
    for (const s of window) inWindow[s] = 1;
    // Who is busy outside the window does not matter: each constraint is per slot, and the window's slots are free of fixed meetings.
    const columns: Column[] = [];
    for (let r = 0; r < R; r++) {
      const s0 = board.slotOf[r];
      if (s0 >= 0 && !inWindow[s0]) continue;
      for (const s of allowed[r]) if (inWindow[s]) columns.push({ r, s });
    }
    const capacity = new Int32Array(T).fill(K);
    const start = Uint8Array.from(columns, ({ r, s }) => (board.slotOf[r] === s ? 1 : 0));
    const before = board.value;
    let inside = 0;
    for (const s of window) for (const r of board.inSlot(s)) inside += x.w[r];
    try {
      // The window can stop once the whole schedule would meet the bound.
      const solved = solve(highs, x, columns, capacity, Math.min(left(), Math.max(2, left() / 4)), start, false, bound - (before - inside));
      if (solved.values && solved.objective > before + 1e-9) {
        const mark = board.mark();
        for (const s of window) for (const r of [...board.inSlot(s)]) board.remove(r);
        columns.forEach(({ r, s }, j) => {
          if (solved.values![j] > 0.5 && board.slotOf[r] < 0 && board.fits(r, s)) board.place(r, s);
        });
        if (board.value <= before + 1e-9) board.rollback(mark);
        board.commit();
      }
    } catch (error) {
      if (++failures <= 3) notes.push(`HiGHS failed on a window of ${columns.length} variables (${(error as Error).message}); that window is left as it was`);
    }
    idle = board.value > before + 1e-9 ? 0 : idle + width;
  }
}
