/**
 * The exact and improving meeting scheduler with HiGHS (WebAssembly). Run it through events.schedule.worker.ts: a
 * HiGHS solve blocks its thread until it ends or reaches its time limit.
 *
 * Model: a binary x[r,s] for each request r and each slot s both sides can attend; each request at most once, each
 * participant at most one meeting per slot, each slot at most K meetings; maximise the number of meetings (or the
 * sum of priorities). Tables are numbered afterwards. A moderate instance is solved as one model, started from the
 * fast schedule. A large one is improved from the fast schedule a few slots at a time: the meetings outside a window
 * of slots stay, the window is re-optimised (including unplaced requests), and the window moves on; its bound is
 * the LP relaxation of the whole model when that solves in time, else the combinatorial bound. HiGHS in WebAssembly
 * can abort on a model too large for its memory: every solve is caught, and the best schedule so far is kept.
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
function solve(highs: Highs, x: IndexedInstance, columns: Column[], capacity: Int32Array, timeLimit: number, start: Uint8Array | null, relax: boolean): Solved {
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
    model.options.set({ output_flag: false, time_limit: Math.max(0.5, timeLimit), mip_rel_gap: 0 });
    if (start && !relax) model.setSolution({ colValue: Float64Array.from(start) });
    model.run();
    const status = model.getModelStatus();
    const solution = model.getSolution();
    const objective = model.getObjectiveValue();
    const dual = relax ? objective : Number(model.info.get('mip_dual_bound'));
    return { status, objective, dualBound: Number.isFinite(dual) ? dual : Infinity, values: solution.colValue ?? null };
  } finally {
    model.dispose();
  }
}

/** A bound as a whole objective where the objective is whole (every weight an integer). */
function tighten(x: IndexedInstance, bound: number): number {
  return x.w.every(Number.isInteger) ? Math.floor(bound + 1e-6) : bound;
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
  // The start: the fast schedule with a longer plateau search (seconds at most), so HiGHS mostly has to prove it.
  const board = fastBoard(instance, x, bound, weighted, 5);
  if (board.value >= bound - 1e-9) return finish(instance, board, bound, 'fast', notes);

  let highs: Highs;
  try {
    highs = await highsRuntime();
  } catch (error) {
    notes.push(`HiGHS could not be loaded (${(error as Error).message}); the fast schedule is kept`);
    return finish(instance, board, bound, 'fast', notes);
  }

  const all: Column[] = [];
  for (let r = 0; r < x.R; r++) for (const s of x.allowed[r]) all.push({ r, s });
  const capacity = new Int32Array(x.T).fill(x.K);

  if (all.length <= (options.maxColumns ?? 60_000)) {
    try {
      const start = Uint8Array.from(all, ({ r, s }) => (board.slotOf[r] === s ? 1 : 0));
      const solved = solve(highs, x, all, capacity, left(), start, false);
      if (solved.values && solved.objective > board.value + 1e-9) {
        const next = new Board(x);
        all.forEach(({ r, s }, j) => {
          if (solved.values![j] > 0.5 && next.fits(r, s)) next.place(r, s);
        });
        if (next.value > board.value + 1e-9) return finish(instance, next, solved.status === OPTIMAL ? next.value : tighten(x, Math.min(bound, solved.dualBound)), 'exact', notes);
      }
      bound = solved.status === OPTIMAL ? board.value : tighten(x, Math.min(bound, solved.dualBound));
      return finish(instance, board, Math.max(bound, board.value), 'exact', notes);
    } catch (error) {
      notes.push(`HiGHS failed on the whole model (${all.length} variables: ${(error as Error).message}); improving by windows instead`);
    }
  }

  // The bound of a large instance: the LP relaxation of the whole model, if HiGHS manages it in a third of the time.
  try {
    const lp = solve(highs, x, all, capacity, left() / 3, null, true);
    if (lp.status === OPTIMAL) bound = Math.min(bound, tighten(x, lp.objective));
    else notes.push('the LP relaxation did not finish in time; the bound is combinatorial');
  } catch (error) {
    notes.push(`HiGHS failed on the LP relaxation (${(error as Error).message}); the bound is combinatorial`);
  }

  improveByWindows(highs, x, board, options.windowSlots ?? 3, left, bound, notes);
  return finish(instance, board, Math.max(bound, board.value), 'windows', notes);
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
    try {
      const solved = solve(highs, x, columns, capacity, Math.min(left(), Math.max(2, left() / 4)), start, false);
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
