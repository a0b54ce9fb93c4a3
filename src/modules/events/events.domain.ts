/**
 * Pure rules of matchmaking events: the slot generator, the weight of a request's priority, and the conflict rules of a
 * meeting placed by hand. Web code may import values from here.
 */

/** How to lay out an event's meeting slots: `count` slots of `minutes` from `start` on `date`, a break after every `breakEvery`. */
export interface SlotPlan {
  /** YYYY-MM-DD, the day of the meetings. */
  date: string;
  /** HH:MM, China time. */
  start: string;
  count: number;
  minutes: number;
  breakEvery?: number;
  breakMinutes?: number;
}

/** A generated slot: its place, its label (09:00–09:20) and its times. */
export interface GeneratedSlot {
  position: number;
  label: string;
  startsAt: Date;
  endsAt: Date;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Every problem with a slot plan, each naming its field (zh, en). */
export function slotPlanProblems(p: SlotPlan): { field: string; zh: string; en: string }[] {
  const out: { field: string; zh: string; en: string }[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.date) || Number.isNaN(Date.parse(p.date))) out.push({ field: 'slots.date', zh: `日期 ${p.date} 无效`, en: `the date ${p.date} is not valid` });
  const m = /^(\d{1,2}):(\d{2})$/.exec(p.start);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) out.push({ field: 'slots.start', zh: `开始时间 ${p.start} 无效（应为 HH:MM）`, en: `the start time ${p.start} is not valid (HH:MM)` });
  if (!Number.isInteger(p.count) || p.count < 1 || p.count > 100) out.push({ field: 'slots.count', zh: '时段数应为 1–100', en: 'the number of slots must be 1–100' });
  if (!Number.isInteger(p.minutes) || p.minutes < 5 || p.minutes > 240) out.push({ field: 'slots.minutes', zh: '每个时段应为 5–240 分钟', en: 'a slot must last 5–240 minutes' });
  if (p.breakEvery !== undefined && (!Number.isInteger(p.breakEvery) || p.breakEvery < 1)) out.push({ field: 'slots.breakEvery', zh: '休息间隔应为正整数', en: 'the break interval must be a positive whole number' });
  if (p.breakMinutes !== undefined && (!Number.isInteger(p.breakMinutes) || p.breakMinutes < 0 || p.breakMinutes > 240)) out.push({ field: 'slots.breakMinutes', zh: '休息时长应为 0–240 分钟', en: 'a break must last 0–240 minutes' });
  if (!out.length) {
    const total = Number(m![1]) * 60 + Number(m![2]) + p.count * p.minutes + (p.breakEvery ? Math.floor((p.count - 1) / p.breakEvery) * (p.breakMinutes ?? 0) : 0);
    if (total > 24 * 60) out.push({ field: 'slots.count', zh: '时段超出当天', en: 'the slots run past midnight' });
  }
  return out;
}

/**
 * Lays out the slots of a plan (checked by `slotPlanProblems`), in China time (UTC+8).
 * @example generateSlots({ date: '2026-12-10', start: '09:00', count: 16, minutes: 20, breakEvery: 4, breakMinutes: 10 })[4].label // '10:30–10:50'
 */
export function generateSlots(p: SlotPlan): GeneratedSlot[] {
  const [h, min] = p.start.split(':').map(Number);
  let at = h! * 60 + min!;
  const out: GeneratedSlot[] = [];
  for (let i = 0; i < p.count; i++) {
    if (i > 0 && p.breakEvery && i % p.breakEvery === 0) at += p.breakMinutes ?? 0;
    const time = (m: number) => new Date(`${p.date}T${hhmm(m)}:00+08:00`);
    out.push({ position: i + 1, label: `${hhmm(at)}–${hhmm(at + p.minutes)}`, startsAt: time(at), endsAt: time(at + p.minutes) });
    at += p.minutes;
  }
  return out;
}

/** The scheduler's weight of a request: a must-meet counts twice a would-like. */
export const PRIORITY_WEIGHT = { must: 2, nice: 1 } as const;

/** A meeting as the conflict rules see it. */
export interface PlacedMeeting {
  id: string;
  a: string;
  b: string;
  slot: string | null;
  table: string | null;
}

/**
 * Why a meeting of `a` and `b` cannot be placed at `slot`/`table`, or null: the table is taken in that slot, either side
 * has another meeting then, or either side is not available in it. `others` are the event's other live meetings.
 */
export function placementProblem(
  m: { a: string; b: string; slot: string; table: string },
  others: PlacedMeeting[],
  available: Map<string, ReadonlySet<string>>,
  names: Map<string, string>,
): { zh: string; en: string } | null {
  const name = (id: string) => names.get(id) ?? id;
  for (const o of others) {
    if (o.slot !== m.slot) continue;
    if (o.table === m.table) return { zh: '该桌在这个时段已有会谈', en: 'the table already has a meeting in this slot' };
    for (const p of [m.a, m.b]) if (o.a === p || o.b === p) return { zh: `${name(p)} 在这个时段已有会谈`, en: `${name(p)} already has a meeting in this slot` };
  }
  for (const p of [m.a, m.b]) if (!available.get(p)?.has(m.slot)) return { zh: `${name(p)} 在这个时段没有空`, en: `${name(p)} is not available in this slot` };
  return null;
}

/** A random check-in code: 8 characters without look-alikes (0/O, 1/I/L). */
export function newCheckInCode(random: () => number = Math.random): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  let s = '';
  for (let i = 0; i < 8; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}
