import type { ScheduleInstance } from './events.schedule.domain.ts';

/** A seeded generator of floats in [0, 1) (mulberry32). */
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

/** A tiny seeded instance for tests: `p` participants, up to `r` requests, `t` slots, `k` tables, priorities 1 or 2. */
export function tinyInstance(seed: number, p = 6, r = 10, t = 3, k = 2): ScheduleInstance {
  const random = seeded(seed);
  const participants = Array.from({ length: p }, (_, i) => {
    const available = Array.from({ length: t }, (_, s) => String(s + 1)).filter(() => random() < 0.75);
    return { id: `p${i}`, available: available.length ? available : ['1'] };
  });
  const requests: ScheduleInstance['requests'] = [];
  const seen = new Set<string>();
  for (let tries = 0; requests.length < r && tries < 1000; tries++) {
    const a = Math.floor(random() * p);
    const b = Math.floor(random() * p);
    const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    requests.push({ id: `r${requests.length}`, from: `p${a}`, to: `p${b}`, priority: random() < 0.3 ? 2 : 1 });
  }
  return { slots: Array.from({ length: t }, (_, s) => ({ id: String(s + 1) })), tables: k, participants, requests };
}

/** The best objective of any feasible schedule, by exhaustive search (tiny instances only). */
export function bruteForceOptimum(instance: ScheduleInstance, weighted = false): number {
  const slots = instance.slots.map((s) => s.id);
  const available = new Map(instance.participants.map((p) => [p.id, new Set(p.available)]));
  const busy = new Set<string>();
  const used = new Map<string, number>();
  const weights = instance.requests.map((r) => (weighted ? r.priority : 1));
  const rest = weights.map((_, i) => weights.slice(i).reduce((a, b) => a + b, 0));
  let best = 0;
  const visit = (i: number, value: number): void => {
    if (value > best) best = value;
    if (i === instance.requests.length || value + rest[i] <= best) return;
    const { from, to } = instance.requests[i];
    for (const s of slots) {
      if (!available.get(from)!.has(s) || !available.get(to)!.has(s)) continue;
      if (busy.has(`${from}@${s}`) || busy.has(`${to}@${s}`) || (used.get(s) ?? 0) >= instance.tables) continue;
      busy.add(`${from}@${s}`).add(`${to}@${s}`);
      used.set(s, (used.get(s) ?? 0) + 1);
      visit(i + 1, value + weights[i]);
      busy.delete(`${from}@${s}`);
      busy.delete(`${to}@${s}`);
      used.set(s, used.get(s)! - 1);
    }
    visit(i + 1, value);
  };
  visit(0, 0);
  return best;
}
