/**
 * The results record (实绩档案): per unit or per leader over a period, what they led, closed on time, let run
 * overdue, which deadlines they had moved, the projects signed and landed and the escalations received. The
 * organisation department's evidence for judging cadres by results (以实绩论英雄). Pure rules; the service gathers
 * the facts.
 */
import { dayNumber } from './tracking.progress.domain.ts';

/** Who a row is about. */
export type ResultsBy = 'unit' | 'leader';

/** A period, both days included. */
export interface Period {
  from: string;
  to: string;
}

/** Someone a task names: a unit or person id, or the name as written while unmatched. */
export interface Party {
  key: string;
  name: string;
}

/** One task as the record needs it. */
export interface ResultTask {
  id: string;
  /** The day the task's plan took effect (印发日期); a task counts from then. */
  startOn: string | null;
  /** The deadline in force (after approved changes), or null for long-term tasks. */
  dueDate: string | null;
  /** The day it was closed (办结), or null while open. */
  closedOn: string | null;
  leadUnits: Party[];
  supportUnits: Party[];
  leaders: Party[];
  /** Days on which a change of its deadline was approved. */
  deadlineChangesOn: string[];
}

/** What a unit or leader brought in besides tasks, over the period (projects, escalations), by key. */
export interface ResultExtras {
  projectsSigned: number;
  amountSigned: number;
  projectsLanded: number;
  amountLanded: number;
  escalations: number;
}

/** One row of the record. */
export interface ResultRow extends ResultExtras {
  key: string;
  name: string;
  /** Tasks led (牵头) that were open at some time in the period. */
  led: number;
  /** Tasks supported (配合), for units; 0 for leaders. */
  supported: number;
  /** Closed in the period by their deadline (or without one). */
  closedOnTime: number;
  /** Closed in the period after their deadline. */
  closedLate: number;
  /** Past their deadline and still open on some day of the period (late closures included). */
  overdue: number;
  /** Approved deadline changes in the period. */
  deadlineChanges: number;
  /**
   * The closed-on-time rate (按时办结率, 0–100): of the tasks due in the period or closed in it, the share closed by
   * their deadline (or without one), whenever that was; null when no task fell due or was closed. A task closed early
   * in the period with its deadline after it counts as on time, as it does in closedOnTime: a unit that finished
   * ahead must not read "—" beside 按时办结 1.
   */
  onTimeRate: number | null;
  /** Tasks whose deadline fell in the period. */
  dueInPeriod: number;
}

const NO_EXTRAS: ResultExtras = { projectsSigned: 0, amountSigned: 0, projectsLanded: 0, amountLanded: 0, escalations: 0 };

const inPeriod = (day: string, p: Period) => day >= p.from && day <= p.to;

/** Whether a task was open at some time in the period. */
function activeIn(t: ResultTask, p: Period): boolean {
  return (t.startOn === null || t.startOn <= p.to) && (t.closedOn === null || t.closedOn >= p.from);
}

/** Whether a task was past its deadline and not yet closed on some day of the period. */
export function overdueIn(t: ResultTask, p: Period): boolean {
  if (t.dueDate === null) return false;
  const first = Math.max(dayNumber(p.from), dayNumber(t.dueDate) + 1);
  const last = t.closedOn === null ? dayNumber(p.to) : Math.min(dayNumber(p.to), dayNumber(t.closedOn));
  return first <= last;
}

/**
 * The record's rows for units (lead and supporting) or leaders, the busiest first, then by name in pinyin order;
 * a party with nothing in the period is left out. `extras` adds projects and escalations by the same keys.
 * @example resultsRecord(tasks, { from: '2026-01-01', to: '2026-06-30' }, 'unit')[0].closedOnTime
 */
export function resultsRecord(tasks: readonly ResultTask[], period: Period, by: ResultsBy, extras: ReadonlyMap<string, Partial<ResultExtras> & { name?: string }> = new Map()): ResultRow[] {
  if (period.from > period.to) throw new RangeError(`period from ${period.from} is after ${period.to}`);
  const rows = new Map<string, ResultRow>();
  // The rate's numerator and denominator by key: tasks due or closed in the period, and those of them closed on time.
  const rateOnTime = new Map<string, number>();
  const rateBase = new Map<string, number>();
  const row = (party: Party): ResultRow => {
    let r = rows.get(party.key);
    if (!r) {
      r = { key: party.key, name: party.name, led: 0, supported: 0, closedOnTime: 0, closedLate: 0, overdue: 0, deadlineChanges: 0, onTimeRate: null, dueInPeriod: 0, ...NO_EXTRAS };
      rows.set(party.key, r);
    }
    return r;
  };
  for (const t of tasks) {
    const active = activeIn(t, period);
    // A task due in the period counts towards the on-time rate even when it was closed (early) before the period.
    const due = t.dueDate !== null && inPeriod(t.dueDate, period);
    if (!active && !due) continue;
    const leads = [...new Map((by === 'unit' ? t.leadUnits : t.leaders).map((l) => [l.key, l])).values()];
    const closedIn = t.closedOn !== null && inPeriod(t.closedOn, period);
    const late = closedIn && t.dueDate !== null && t.closedOn! > t.dueDate;
    const overdue = overdueIn(t, period);
    const changes = t.deadlineChangesOn.filter((d) => inPeriod(d, period)).length;
    const settled = due || closedIn;
    const closedOnTime = t.closedOn !== null && (t.dueDate === null || t.closedOn <= t.dueDate);
    for (const party of leads) {
      const r = row(party);
      if (due) r.dueInPeriod++;
      if (settled) {
        rateBase.set(party.key, (rateBase.get(party.key) ?? 0) + 1);
        if (closedOnTime) rateOnTime.set(party.key, (rateOnTime.get(party.key) ?? 0) + 1);
      }
      if (!active) continue;
      r.led++;
      if (closedIn && !late) r.closedOnTime++;
      if (late) r.closedLate++;
      if (overdue) r.overdue++;
      r.deadlineChanges += changes;
    }
    if (active && by === 'unit') for (const party of new Map(t.supportUnits.map((s) => [s.key, s])).values()) if (!leads.some((l) => l.key === party.key)) row(party).supported++;
  }
  for (const [key, extra] of extras) {
    const r = rows.get(key) ?? (extra.name ? row({ key, name: extra.name }) : undefined);
    if (!r) continue;
    r.projectsSigned += extra.projectsSigned ?? 0;
    r.amountSigned += extra.amountSigned ?? 0;
    r.projectsLanded += extra.projectsLanded ?? 0;
    r.amountLanded += extra.amountLanded ?? 0;
    r.escalations += extra.escalations ?? 0;
  }
  for (const r of rows.values()) {
    const base = rateBase.get(r.key) ?? 0;
    r.onTimeRate = base > 0 ? Math.round((1000 * (rateOnTime.get(r.key) ?? 0)) / base) / 10 : null;
    r.amountSigned = Math.round(r.amountSigned * 100) / 100;
    r.amountLanded = Math.round(r.amountLanded * 100) / 100;
  }
  const collator = new Intl.Collator('zh-CN-u-co-pinyin');
  return [...rows.values()].sort((a, b) => b.led - a.led || b.supported - a.supported || collator.compare(a.name, b.name));
}
