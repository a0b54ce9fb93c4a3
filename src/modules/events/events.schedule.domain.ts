/**
 * The meeting scheduler of matchmaking events (pure, no database; web code may import it). It places accepted
 * meeting requests into slots and tables so that nobody has two meetings in one slot, both sides are available in
 * the meeting's slot and no slot uses more than K tables, making the number of meetings (or, weighted, the sum of
 * their priorities: 2 = must meet, 1 = would like to meet, any positive number accepted) as large as possible.
 *
 * `scheduleFast` is a priority-first greedy (most constrained requests first) followed by repair moves (chains of
 * moved meetings that free a slot for an unplaced one); it reports a valid upper bound, so objective / bound says how
 * far from optimal it can be. The exact and improving mode with HiGHS is events.schedule.exact.ts (a worker thread).
 */
import { Board, indexInstance, plateauSearch, type IndexedInstance } from './events.schedule.board.domain.ts';
import type { ScheduleInstance } from './events.schedule.input.domain.ts';

export { parseInstance, ScheduleInputError, MAX_INSTANCE_BYTES } from './events.schedule.input.domain.ts';
export type { ScheduleInstance, ScheduleSlot } from './events.schedule.input.domain.ts';

/** One placed meeting: the request's id, the slot's id and the table, numbered 1..K. */
export interface ScheduledMeeting {
  request: string;
  slot: string;
  table: number;
}

/** A schedule: its objective (meetings, or sum of priorities), an upper bound on any schedule's objective (null when unknown), the meetings and the request ids left out. */
export interface ScheduleResult {
  objective: number;
  bound: number | null;
  scheduled: ScheduledMeeting[];
  unscheduled: string[];
}

/** Options of the scheduler: `weighted` maximises the sum of priorities instead of the number of meetings. */
export interface ScheduleOptions {
  weighted?: boolean;
}

/** One meeting that a reschedule moved: where it was and where it is now (null: it no longer fits anywhere). */
export interface MovedMeeting {
  request: string;
  from: { slot: string; table: number };
  to: { slot: string; table: number } | null;
}

/**
 * The heaviest of a participant's requests that fit into distinct slots, each in a slot it allows: a maximum-weight
 * matching of requests to slots. The sets of requests that can be matched form a matroid (a transversal matroid), so
 * taking requests heaviest first and keeping each one an augmenting path can still seat is exact.
 * `requests` must be sorted heaviest first.
 */
export function participantMatchingWeight(requests: readonly number[], allowed: readonly ArrayLike<number>[], w: ArrayLike<number>, T: number): number {
  const owner = new Int32Array(T).fill(-1);
  let seen = new Uint8Array(T);
  const seat = (r: number): boolean => {
    for (let i = 0; i < allowed[r].length; i++) {
      const s = allowed[r][i];
      if (seen[s]) continue;
      seen[s] = 1;
      if (owner[s] === -1 || seat(owner[s])) {
        owner[s] = r;
        return true;
      }
    }
    return false;
  };
  let total = 0;
  let seated = 0;
  for (const r of requests) {
    if (seated === T) break;
    seen = new Uint8Array(T);
    if (seat(r)) {
      total += w[r];
      seated++;
    }
  }
  return total;
}

/**
 * An upper bound on the objective of any feasible schedule, from counting: all requests that have a common slot;
 * T × K tables (or the K·T heaviest requests); each slot's min(K, participants there / 2); and half the sum, over
 * participants, of the heaviest of their requests that can be given distinct slots each allows (every meeting counts
 * at both its sides; never more than their min(#requests, #slots) heaviest).
 */
export function combinatorialBound(x: IndexedInstance): number {
  const { T, K, P, R, ra, rb, w, allowed } = x;
  const feasible: number[] = [];
  for (let r = 0; r < R; r++) if (allowed[r].length > 0) feasible.push(r);
  const weights = feasible.map((r) => w[r]).sort((a, b) => b - a);
  const sumTop = (ws: number[], n: number): number => ws.slice(0, n).reduce((a, b) => a + b, 0);
  let bound = sumTop(weights, T * K);

  const ofParticipant: number[][] = Array.from({ length: P }, () => []);
  const inSlot = Array.from({ length: T }, () => new Set<number>());
  const weightsInSlot: number[][] = Array.from({ length: T }, () => []);
  for (const r of feasible) {
    ofParticipant[ra[r]].push(r);
    ofParticipant[rb[r]].push(r);
    for (const s of allowed[r]) {
      inSlot[s].add(ra[r]).add(rb[r]);
      weightsInSlot[s].push(w[r]);
    }
  }
  let participants = 0;
  for (let p = 0; p < P; p++) participants += participantMatchingWeight(ofParticipant[p].sort((a, b) => w[b] - w[a] || a - b), allowed, w, T);
  bound = Math.min(bound, participants / 2);
  let slots = 0;
  for (let s = 0; s < T; s++) slots += sumTop(weightsInSlot[s].sort((a, b) => b - a), Math.min(K, Math.floor(inSlot[s].size / 2)));
  bound = Math.min(bound, slots);
  // Meetings are whole: unweighted, the bound is an integer; weighted with integer priorities too.
  return Number.isInteger(weights.reduce((a, b) => a + b, 0)) ? Math.floor(bound + 1e-9) : bound;
}

/** The order requests are placed in: heaviest (highest priority) first, then fewest common slots, then busiest sides. */
function placementOrder(x: IndexedInstance, priorities: Float64Array): number[] {
  const { P, R, ra, rb, allowed } = x;
  const degree = new Int32Array(P);
  for (let r = 0; r < R; r++) {
    degree[ra[r]]++;
    degree[rb[r]]++;
  }
  const order = Array.from({ length: R }, (_, r) => r).filter((r) => allowed[r].length > 0);
  return order.sort(
    (a, b) =>
      priorities[b] - priorities[a] ||
      allowed[a].length - allowed[b].length ||
      degree[rb[b]] + degree[ra[b]] - degree[ra[a]] - degree[rb[a]] ||
      a - b,
  );
}

/**
 * Fills a board: places what fits directly in order, then repairs with chains of moves (deeper each round) and,
 * weighted, by replacing lighter meetings; stops at the bound.
 */
export function improveBoard(board: Board, order: number[], weighted: boolean, bound: number, depths = [1, 2, 3]): void {
  for (const r of order) if (board.slotOf[r] < 0) board.insertDirect(r);
  board.commit();
  for (const depth of depths) {
    if (board.value >= bound - 1e-9) break;
    for (const r of order) if (board.slotOf[r] < 0) board.insertChain(r, depth);
    board.commit();
  }
  if (weighted && board.value < bound - 1e-9) {
    for (const r of order) if (board.slotOf[r] < 0) board.insertByReplacing(r);
    board.commit();
  }
}

/** The schedule a board holds, tables numbered in each slot (a `keep` map of request → previous table is honoured where free). */
export function resultOfBoard(instance: ScheduleInstance, board: Board, bound: number | null, keep?: Map<number, number>): ScheduleResult {
  const { T, K } = board.x;
  const scheduled: ScheduledMeeting[] = [];
  for (let s = 0; s < T; s++) {
    const used = new Uint8Array(K + 1);
    const tableOf = new Map<number, number>();
    const members = [...board.inSlot(s)].sort((a, b) => a - b);
    for (const r of members) {
      const t = keep?.get(r);
      if (t !== undefined && t >= 1 && t <= K && !used[t]) {
        used[t] = 1;
        tableOf.set(r, t);
      }
    }
    let next = 1;
    for (const r of members) {
      if (tableOf.has(r)) continue;
      while (used[next]) next++;
      used[next] = 1;
      tableOf.set(r, next);
    }
    for (const r of members) scheduled.push({ request: instance.requests[r].id, slot: instance.slots[s].id, table: tableOf.get(r)! });
  }
  const unscheduled = instance.requests.filter((_, r) => board.slotOf[r] < 0).map((r) => r.id);
  return { objective: roundValue(board.value), bound, scheduled, unscheduled };
}

function roundValue(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}

function prioritiesOf(instance: ScheduleInstance): Float64Array {
  return Float64Array.from(instance.requests, (r) => r.priority);
}

/** Moves of the plateau search per request at most: the fast mode's effort (it stops sooner after 5 moves per request without a gain). */
const FAST_ITERATIONS_PER_REQUEST = 20;

/**
 * The fast scheduler for interactive use: a priority-first greedy and repair moves, with a combinatorial bound.
 * @example const { objective, bound, scheduled } = scheduleFast(parseInstance(json), { weighted: true })
 */
export function scheduleFast(instance: ScheduleInstance, options: ScheduleOptions = {}): ScheduleResult {
  const weighted = Boolean(options.weighted);
  const x = indexInstance(instance, weighted);
  const bound = combinatorialBound(x);
  return resultOfBoard(instance, fastBoard(instance, x, bound, weighted), bound);
}

/** The fast mode's board: greedy placement (weighted, replacing lighter meetings), then the plateau search (`effort` times as long). */
export function fastBoard(instance: ScheduleInstance, x: IndexedInstance, bound: number, weighted: boolean, effort = 1): Board {
  const board = new Board(x);
  improveBoard(board, placementOrder(x, prioritiesOf(instance)), weighted, bound, []);
  plateauSearch(board, effort * Math.max(20_000, FAST_ITERATIONS_PER_REQUEST * x.R), bound, 1, effort * Math.max(5_000, 5 * x.R));
  return board;
}

/**
 * Every way a schedule breaks the rules, one message each ([] when it is feasible): unknown request or slot, a
 * request placed twice, a table outside 1..K or used twice in a slot, a participant in two meetings of one slot or
 * in a slot they cannot attend, more than K meetings in a slot.
 */
export function checkSchedule(instance: ScheduleInstance, scheduled: ScheduledMeeting[]): string[] {
  const problems: string[] = [];
  const requests = new Map(instance.requests.map((r) => [r.id, r]));
  const slots = new Set(instance.slots.map((s) => s.id));
  const available = new Map(instance.participants.map((p) => [p.id, new Set(p.available)]));
  const seen = new Set<string>();
  const tables = new Map<string, string>();
  const who = new Map<string, string>();
  const perSlot = new Map<string, number>();
  scheduled.forEach((m, i) => {
    const at = `scheduled[${i}] (request "${m.request}")`;
    const r = requests.get(m.request);
    if (!r) return void problems.push(`${at}: unknown request`);
    if (seen.has(m.request)) problems.push(`${at}: request scheduled twice`);
    seen.add(m.request);
    if (!slots.has(m.slot)) return void problems.push(`${at}: unknown slot "${m.slot}"`);
    if (!Number.isInteger(m.table) || m.table < 1 || m.table > instance.tables) problems.push(`${at}: table ${m.table} outside 1..${instance.tables}`);
    const table = `${m.slot}\u0000${m.table}`;
    const other = tables.get(table);
    if (other !== undefined) problems.push(`${at}: table ${m.table} of slot "${m.slot}" already holds request "${other}"`);
    tables.set(table, m.request);
    perSlot.set(m.slot, (perSlot.get(m.slot) ?? 0) + 1);
    for (const p of [r.from, r.to]) {
      if (!available.get(p)?.has(m.slot)) problems.push(`${at}: participant "${p}" is not available in slot "${m.slot}"`);
      const key = `${p}\u0000${m.slot}`;
      const busy = who.get(key);
      if (busy !== undefined) problems.push(`${at}: participant "${p}" already meets in slot "${m.slot}" (request "${busy}")`);
      who.set(key, m.request);
    }
  });
  for (const [slot, n] of perSlot) if (n > instance.tables) problems.push(`slot "${slot}": ${n} meetings but only ${instance.tables} tables`);
  return problems;
}

/** Moves a lifted meeting may make to find a new place in a swap (a chain of at most this many moves). */
const EJECTION_DEPTH = 2;

/**
 * The swap of rescheduling: places the unplaced request r in one of its slots by lifting out the meetings in its way
 * there, all of strictly lower priority, and placing each again elsewhere by a chain of at most `EJECTION_DEPTH`
 * moves (a lifted meeting that finds no place is left out). Of the slots where the objective does not drop, it takes
 * the one that gains most, then changes fewest meetings; false (nothing changed) when there is none.
 */
export function insertBySwap(board: Board, r: number, priority: Float64Array): boolean {
  const { K, ra, rb, allowed } = board.x;
  const blockersIn = (s: number): number[] | null => {
    const blockers: number[] = [];
    for (const p of [ra[r], rb[r]]) {
      const m = board.occupant(p, s);
      if (m >= 0 && !blockers.includes(m)) blockers.push(m);
    }
    if (blockers.length === 0 && board.count[s] >= K) {
      let lowest = -1;
      for (const m of board.inSlot(s)) if (lowest < 0 || priority[m] < priority[lowest]) lowest = m;
      blockers.push(lowest);
    }
    return blockers.every((m) => priority[m] < priority[r]) ? blockers : null;
  };
  /** Swaps r into slot s; the objective's gain. */
  const attempt = (s: number, blockers: number[]): number => {
    const before = board.value;
    for (const m of blockers) board.remove(m);
    board.place(r, s);
    for (const m of blockers) board.insertChain(m, EJECTION_DEPTH);
    return board.value - before;
  };
  let best = -1;
  let bestGain = -1e-9;
  let bestChanged = Infinity;
  for (const s of allowed[r]) {
    const blockers = blockersIn(s);
    if (!blockers || blockers.length === 0) continue;
    const mark = board.mark();
    const gain = attempt(s, blockers);
    const changed = board.changedSince(mark).size - 1;
    board.rollback(mark);
    if (gain > bestGain + 1e-9 || (gain > bestGain - 1e-9 && changed < bestChanged)) {
      best = s;
      bestGain = gain;
      bestChanged = changed;
    }
  }
  if (best < 0) return false;
  const mark = board.mark();
  // Rolled back, the board holds the same schedule, so the same swap gives the same gain (checked all the same).
  if (attempt(best, blockersIn(best)!) < -1e-9) {
    board.rollback(mark);
    return false;
  }
  return true;
}

/**
 * Reschedules after a cancellation, a late acceptance or changed availability: keeps every previous meeting that is
 * still valid where it was (same slot and table), places the new or displaced requests moving as few kept meetings as
 * possible (no moves first, then chains of one, two, three moves), and says which kept meetings moved. Then the
 * swap: a request still unplaced may take a slot from meetings of strictly lower priority (e.g. a must-meet from a
 * would-like-to-meet), which move elsewhere by short chains or, when nothing fits, are left out, as long as the
 * objective does not drop; of the possible slots the one changing fewest meetings is taken. A kept meeting is thus
 * only displaced for a more important one, and every displaced meeting is listed in `moved` (`to: null` when left out).
 * @example const { scheduled, moved } = reschedule(instance, previous.scheduled)
 */
export function reschedule(
  instance: ScheduleInstance,
  previous: ScheduledMeeting[],
  options: ScheduleOptions = {},
): ScheduleResult & { moved: MovedMeeting[] } {
  const weighted = Boolean(options.weighted);
  const x = indexInstance(instance, weighted);
  const bound = combinatorialBound(x);
  const board = new Board(x);
  const requestIndex = new Map(instance.requests.map((r, i) => [r.id, i]));
  const slotIndex = new Map(instance.slots.map((s, i) => [s.id, i]));
  const before = new Map<number, { slot: string; table: number }>();
  const keep = new Map<number, number>();
  for (const m of previous) {
    const r = requestIndex.get(m.request);
    if (r === undefined || before.has(r)) continue;
    before.set(r, { slot: m.slot, table: m.table });
    const s = slotIndex.get(m.slot);
    if (s !== undefined && x.allowed[r].includes(s) && board.fits(r, s)) {
      board.place(r, s);
      keep.set(r, m.table);
    }
  }
  board.commit();
  const order = placementOrder(x, prioritiesOf(instance));
  improveBoard(board, order, weighted, bound);
  const priorities = prioritiesOf(instance);
  for (const r of order) if (board.slotOf[r] < 0 && insertBySwap(board, r, priorities)) board.commit();
  const tablesKept = new Map<number, number>();
  for (const [r, t] of keep) if (board.slotOf[r] === slotIndex.get(before.get(r)!.slot)) tablesKept.set(r, t);
  const result = resultOfBoard(instance, board, bound, tablesKept);
  const now = new Map(result.scheduled.map((m) => [m.request, m]));
  const moved: MovedMeeting[] = [];
  for (const [r, from] of before) {
    const id = instance.requests[r].id;
    const to = now.get(id);
    if (to && to.slot === from.slot && to.table === from.table) continue;
    moved.push({ request: id, from, to: to ? { slot: to.slot, table: to.table } : null });
  }
  return { ...result, moved };
}
