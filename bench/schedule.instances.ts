/**
 * Seeded meeting-scheduler instances shaped like real matchmaking events: who asks to meet is mildly skewed (some
 * participants are busy requesters), who is asked is Zipf-skewed (a few enterprises and investors are wanted by
 * many), every participant attends 70–100% of the slots, and about a quarter of the requests are "must meet"
 * (priority 2), the rest "would like to meet" (1).
 * Run: npx tsx bench/schedule.instances.ts 600 3000 16 150 [seed] > instance.json
 */
import type { ScheduleInstance } from '../src/modules/events/events.schedule.domain.ts';

/** A small seeded generator of floats in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws indices 0..n-1 with weight 1/(rank+1)^s, ranks shuffled so popularity does not follow the id. */
function zipf(n: number, s: number, random: () => number): () => number {
  const rank = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rank[i], rank[j]] = [rank[j], rank[i]];
  }
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += 1 / (rank[i] + 1) ** s;
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A seeded instance of `participants`, `requests`, `slots` and `tables`. */
export function generateInstance(participants: number, requests: number, slots: number, tables: number, seed = 1): ScheduleInstance {
  const random = seeded(seed);
  const asker = zipf(participants, 0.4, random);
  const asked = zipf(participants, 0.8, random);
  const people = Array.from({ length: participants }, (_, i) => {
    const share = 0.7 + 0.3 * random();
    const available = Array.from({ length: slots }, (_, s) => String(s + 1)).filter(() => random() < share);
    return { id: `p${i + 1}`, available: available.length > 0 ? available : ['1'] };
  });
  const pairs = new Set<number>();
  const list: ScheduleInstance['requests'] = [];
  while (list.length < requests) {
    const a = asker();
    const b = asked();
    if (a === b) continue;
    const key = Math.min(a, b) * participants + Math.max(a, b);
    if (pairs.has(key)) continue;
    pairs.add(key);
    list.push({ id: `r${list.length + 1}`, from: people[a].id, to: people[b].id, priority: random() < 0.25 ? 2 : 1 });
  }
  return { slots: Array.from({ length: slots }, (_, s) => ({ id: String(s + 1) })), tables, participants: people, requests: list };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [p, r, t, k, seed] = process.argv.slice(2).map(Number);
  const instance = generateInstance(p || 600, r || 3000, t || 16, k || 150, seed || 1);
  process.stdout.write(JSON.stringify({ ...instance, slots: instance.slots.length }));
}
