import type { ScheduleInstance } from './events.schedule.input.domain.ts';

/**
 * An instance by index, for the scheduler's inner loops: request r is between participants `ra[r]` and `rb[r]`,
 * weighs `w[r]` (1, or its priority when weighted) and may sit in the slot indices `allowed[r]` (both sides
 * available).
 */
export interface IndexedInstance {
  T: number;
  K: number;
  P: number;
  R: number;
  ra: Int32Array;
  rb: Int32Array;
  w: Float64Array;
  allowed: Int32Array[];
  /** allowed as a flag per request and slot: `allowedIn[r * T + s]`. */
  allowedIn: Uint8Array;
  /** The requests of each participant. */
  byParticipant: Int32Array[];
}

/** The instance by index; `weighted` makes each request weigh its priority instead of 1. */
export function indexInstance(instance: ScheduleInstance, weighted = false): IndexedInstance {
  const T = instance.slots.length;
  const slotIndex = new Map(instance.slots.map((s, i) => [s.id, i]));
  const participantIndex = new Map(instance.participants.map((p, i) => [p.id, i]));
  const masks = instance.participants.map((p) => {
    const m = new Uint8Array(T);
    for (const s of p.available) {
      const i = slotIndex.get(s);
      if (i !== undefined) m[i] = 1;
    }
    return m;
  });
  const R = instance.requests.length;
  const ra = new Int32Array(R);
  const rb = new Int32Array(R);
  const w = new Float64Array(R);
  const allowed: Int32Array[] = [];
  instance.requests.forEach((r, i) => {
    ra[i] = participantIndex.get(r.from) ?? -1;
    rb[i] = participantIndex.get(r.to) ?? -1;
    w[i] = weighted ? r.priority : 1;
    const both: number[] = [];
    if (ra[i] >= 0 && rb[i] >= 0) for (let s = 0; s < T; s++) if (masks[ra[i]][s] && masks[rb[i]][s]) both.push(s);
    allowed.push(Int32Array.from(both));
  });
  const P = instance.participants.length;
  const allowedIn = new Uint8Array(R * T);
  const lists: number[][] = Array.from({ length: P }, () => []);
  for (let r = 0; r < R; r++) {
    for (const s of allowed[r]) allowedIn[r * T + s] = 1;
    if (ra[r] >= 0) lists[ra[r]].push(r);
    if (rb[r] >= 0) lists[rb[r]].push(r);
  }
  return { T, K: instance.tables, P, R, ra, rb, w, allowed, allowedIn, byParticipant: lists.map((l) => Int32Array.from(l)) };
}

/**
 * A schedule being built: which slot each request sits in (-1: none), who is busy when, how full each slot is.
 * Every change is logged so a failed chain of moves can be rolled back to a mark.
 */
export class Board {
  readonly slotOf: Int32Array;
  private readonly busy: Int32Array;
  readonly count: Int32Array;
  /** The requests in each slot (unordered), with each request's position there. */
  private readonly members: Int32Array[];
  private readonly pos: Int32Array;
  private readonly log: number[] = [];
  private readonly locked: Uint8Array;
  placed = 0;
  value = 0;
  /** Whether every request weighs the same. */
  private readonly uniform: boolean;

  constructor(readonly x: IndexedInstance) {
    this.slotOf = new Int32Array(x.R).fill(-1);
    this.busy = new Int32Array(x.P * x.T).fill(-1);
    this.count = new Int32Array(x.T);
    this.members = Array.from({ length: x.T }, () => new Int32Array(x.K));
    this.pos = new Int32Array(x.R);
    this.locked = new Uint8Array(x.R);
    this.uniform = x.w.every((v) => v === x.w[0]);
  }

  /** The meeting participant p has in slot s, or -1. */
  occupant(p: number, s: number): number {
    return this.busy[p * this.x.T + s];
  }

  /** Whether request r can sit in slot s without moving anything. */
  fits(r: number, s: number): boolean {
    const { T, K, ra, rb } = this.x;
    return this.count[s] < K && this.busy[ra[r] * T + s] < 0 && this.busy[rb[r] * T + s] < 0;
  }

  place(r: number, s: number): void {
    const { T, ra, rb, w } = this.x;
    this.busy[ra[r] * T + s] = r;
    this.busy[rb[r] * T + s] = r;
    this.slotOf[r] = s;
    this.pos[r] = this.count[s];
    this.members[s][this.count[s]++] = r;
    this.placed++;
    this.value += w[r];
    this.log.push(r, -1);
  }

  remove(r: number): void {
    const { T, ra, rb, w } = this.x;
    const s = this.slotOf[r];
    this.busy[ra[r] * T + s] = -1;
    this.busy[rb[r] * T + s] = -1;
    this.slotOf[r] = -1;
    const last = this.members[s][--this.count[s]];
    this.members[s][this.pos[r]] = last;
    this.pos[last] = this.pos[r];
    this.placed--;
    this.value -= w[r];
    this.log.push(r, s);
  }

  mark(): number {
    return this.log.length;
  }

  rollback(mark: number): void {
    while (this.log.length > mark) {
      const was = this.log.pop()!;
      const r = this.log.pop()!;
      if (was < 0) this.remove(r);
      else this.place(r, was);
      this.log.length -= 2;
    }
  }

  /** The requests that changed slot since `mark` (placed, removed or moved; each once), with the slot each had at the mark. */
  changedSince(mark: number): Map<number, number> {
    const was = new Map<number, number>();
    // Each log entry is (request, slot it was removed from, or -1 when it was placed): the first one per request tells where it was.
    for (let i = mark; i < this.log.length; i += 2) if (!was.has(this.log[i])) was.set(this.log[i], this.log[i + 1]);
    for (const [r, s] of was) if (this.slotOf[r] === s) was.delete(r);
    return was;
  }

  /** Forgets the log (the moves so far are kept for good). */
  commit(): void {
    this.log.length = 0;
  }

  /** The requests in slot s. */
  inSlot(s: number): Int32Array {
    return this.members[s].subarray(0, this.count[s]);
  }

  /** Places r, without moving anything, in the emptiest of its slots where it fits; false when none. */
  insertDirect(r: number): boolean {
    let best = -1;
    for (const s of this.x.allowed[r]) if (this.fits(r, s) && (best < 0 || this.count[s] < this.count[best])) best = s;
    if (best < 0) return false;
    this.place(r, best);
    return true;
  }

  /**
   * Places r, moving other meetings along a chain of at most `depth` moves: in a slot where r's participants are
   * busy (or the slot is full), their meetings are lifted out, r goes in, and each lifted meeting is placed again
   * the same way one level down. Either everything succeeds or nothing changes.
   */
  insertChain(r: number, depth: number): boolean {
    if (this.insertDirect(r)) return true;
    if (depth <= 0) return false;
    const { T, K, ra, rb, allowed } = this.x;
    this.locked[r] = 1;
    try {
      for (const s of allowed[r]) {
        const ma = this.busy[ra[r] * T + s];
        const mb = this.busy[rb[r] * T + s];
        if ((ma >= 0 && this.locked[ma]) || (mb >= 0 && this.locked[mb])) continue;
        const mark = this.mark();
        const lifted: number[] = [];
        if (ma >= 0) lifted.push(ma);
        if (mb >= 0 && mb !== ma) lifted.push(mb);
        if (lifted.length === 0 && this.count[s] >= K) {
          const m = this.movableOut(s);
          if (m < 0) continue;
          lifted.push(m);
        }
        for (const m of lifted) this.remove(m);
        this.place(r, s);
        if (lifted.every((m) => this.insertChain(m, depth - 1))) return true;
        this.rollback(mark);
      }
      return false;
    } finally {
      this.locked[r] = 0;
    }
  }

  /** The weight of the meetings that must leave slot s for r to sit there (the lightest one when the slot is only full). */
  costIn(r: number, s: number): number {
    const { T, K, ra, rb, w } = this.x;
    const ma = this.busy[ra[r] * T + s];
    const mb = this.busy[rb[r] * T + s];
    if (ma < 0 && mb < 0) {
      if (this.count[s] < K) return 0;
      if (this.uniform) return w[r];
      let light = Infinity;
      for (const m of this.inSlot(s)) light = Math.min(light, w[m]);
      return light;
    }
    return (ma >= 0 ? w[ma] : 0) + (mb >= 0 && mb !== ma ? w[mb] : 0);
  }

  /** Lifts out of slot s the meetings in r's way (into `lifted`): r's sides' meetings, or a light one when the slot is only full. */
  liftFor(r: number, s: number, lifted: number[], random: () => number): void {
    const { T, K, ra, rb, w } = this.x;
    lifted.length = 0;
    const ma = this.busy[ra[r] * T + s];
    const mb = this.busy[rb[r] * T + s];
    if (ma >= 0) lifted.push(ma);
    if (mb >= 0 && mb !== ma) lifted.push(mb);
    if (lifted.length === 0 && this.count[s] >= K) {
      const members = this.inSlot(s);
      let light = Infinity;
      for (const m of members) light = Math.min(light, w[m]);
      const candidates = [...members].filter((m) => w[m] === light);
      lifted.push(candidates[Math.floor(random() * candidates.length)]);
    }
    for (const m of lifted) this.remove(m);
  }

  /**
   * Fills slot s with unplaced requests of the given participants that fit there now (after meetings were lifted
   * out of it); pushes each onto `placed`.
   */
  refill(s: number, participants: number[], placed: number[]): void {
    const { T, allowedIn, byParticipant } = this.x;
    for (const p of participants) {
      for (const q of byParticipant[p]) if (this.slotOf[q] < 0 && allowedIn[q * T + s] && this.fits(q, s)) {
        this.place(q, s);
        placed.push(q);
        break;
      }
    }
  }

  /** A meeting of slot s (not locked) that fits directly in another of its slots, or -1. */
  private movableOut(s: number): number {
    for (const m of this.inSlot(s)) {
      if (this.locked[m]) continue;
      for (const s2 of this.x.allowed[m]) if (s2 !== s && this.fits(m, s2)) return m;
    }
    return -1;
  }

  /**
   * Weighted repair: places r in a slot by lifting out meetings that weigh less together, placing them again
   * where they fit; keeps the change only when the total weight grows.
   */
  insertByReplacing(r: number): boolean {
    const { T, K, ra, rb, w, allowed } = this.x;
    for (const s of allowed[r]) {
      const ma = this.busy[ra[r] * T + s];
      const mb = this.busy[rb[r] * T + s];
      const lifted: number[] = [];
      if (ma >= 0) lifted.push(ma);
      if (mb >= 0 && mb !== ma) lifted.push(mb);
      if (lifted.length === 0 && this.count[s] >= K) {
        let lightest = -1;
        for (const m of this.inSlot(s)) if (lightest < 0 || w[m] < w[lightest]) lightest = m;
        lifted.push(lightest);
      }
      const before = this.value;
      const mark = this.mark();
      for (const m of lifted) this.remove(m);
      this.place(r, s);
      for (const m of lifted) this.insertChain(m, 1);
      const freed: number[] = [];
      for (const m of lifted) for (const p of [this.x.ra[m], this.x.rb[m]]) if (p !== ra[r] && p !== rb[r]) freed.push(p);
      this.refill(s, freed, []);
      if (this.value > before + 1e-9) return true;
      this.rollback(mark);
    }
    return false;
  }
}

/** A small seeded generator of floats in [0, 1) (mulberry32), so the search is repeatable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How often the plateau search takes a move that loses. */
const WORSENING = 0.01;

/**
 * A tabu search on the plateau of a full board: an unplaced request goes into one of its slots, the meetings in
 * its way are lifted out and placed elsewhere if they fit directly, and the move is taken when the objective does
 * not drop (now and then also when it does) (a lifted meeting may not go back to its slot for a while). Runs `iterations` moves, `stall` moves without a gain or until `bound`,
 * and leaves the board at the best schedule seen.
 */
export function plateauSearch(board: Board, iterations: number, bound: number, seed = 1, stall = Infinity): void {
  const { T, R, ra, rb, w, allowed } = board.x;
  const random = seeded(seed);
  const pool: number[] = [];
  const at = new Int32Array(R).fill(-1);
  const add = (r: number): void => {
    if (at[r] >= 0 || allowed[r].length === 0) return;
    at[r] = pool.length;
    pool.push(r);
  };
  const drop = (r: number): void => {
    const i = at[r];
    if (i < 0) return;
    const last = pool.pop()!;
    if (last !== r) {
      pool[i] = last;
      at[last] = i;
    }
    at[r] = -1;
  };
  for (let r = 0; r < R; r++) if (board.slotOf[r] < 0) add(r);
  const tabu = new Int32Array(R * T);
  let best = board.value;
  let bestSlots = Int32Array.from(board.slotOf);
  const lifted: number[] = [];
  const freed: number[] = [];
  const refilled: number[] = [];
  let lastGain = 0;
  for (let it = 1; it <= iterations && it - lastGain <= stall && pool.length > 0 && best < bound - 1e-9; it++) {
    const r = pool[Math.floor(random() * pool.length)];
    // The slot where the meetings in r's way weigh least (ties at random), skipping slots r was lately lifted from.
    let chosen = -1;
    let chosenCost = Infinity;
    let ties = 0;
    for (const s of allowed[r]) {
      if (tabu[r * T + s] > it) continue;
      const cost = board.costIn(r, s);
      if (cost < chosenCost - 1e-9) {
        chosen = s;
        chosenCost = cost;
        ties = 1;
      } else if (Math.abs(cost - chosenCost) <= 1e-9 && random() * ++ties < 1) chosen = s;
    }
    if (chosen < 0 || chosenCost > 2 * w[r] + 1e-9) continue;
    const before = board.value;
    const mark = board.mark();
    board.liftFor(r, chosen, lifted, random);
    board.place(r, chosen);
    for (const m of lifted) board.insertDirect(m);
    freed.length = 0;
    for (const m of lifted) for (const p of [ra[m], rb[m]]) if (p !== ra[r] && p !== rb[r] && !freed.includes(p)) freed.push(p);
    refilled.length = 0;
    if (freed.length > 0) board.refill(chosen, freed, refilled);
    // A move that loses is taken now and then (the best schedule seen is kept), to leave a local optimum.
    if (board.value < before - 1e-9 && random() >= WORSENING) {
      board.rollback(mark);
      board.commit();
      continue;
    }
    board.commit();
    drop(r);
    for (const q of refilled) drop(q);
    for (const m of lifted) {
      tabu[m * T + chosen] = it + 7 + Math.floor(random() * 10);
      if (board.slotOf[m] < 0) add(m);
    }
    if (board.value > best + 1e-9) {
      best = board.value;
      bestSlots = Int32Array.from(board.slotOf);
      lastGain = it;
    }
  }
  if (board.value < best - 1e-9) {
    for (let r = 0; r < R; r++) if (board.slotOf[r] >= 0) board.remove(r);
    for (let r = 0; r < R; r++) if (bestSlots[r] >= 0) board.place(r, bestSlots[r]);
    board.commit();
  }
}
