/**
 * Expected progress (序时进度), class and warning of a task on a given day: pure rules, no I/O.
 *
 * Expected progress runs linearly from the later of the plan's effective date (印发日期) and the task's start to its
 * deadline; milestones with a date and a percent are intermediate points. Long-term and recurring tasks (长期坚持,
 * 每季度) have no expected percent and are judged by whether their reports arrive on time. The numbers of the rule
 * (5 points, 15 days, 2 late reports) are a plan's {@link ProgressRule}, {@link DEFAULT_RULE} unless a supervisor
 * changed them.
 */

/** 超进度, 达进度, 欠进度, 已完成, 逾期. */
export type ProgressClass = 'ahead' | 'on_track' | 'behind' | 'done' | 'overdue';
/** 蓝, 黄, 红 — or none. */
export type WarningLevel = 'blue' | 'yellow' | 'red';

/** Every class, the most worrying first, as the office reads them. */
export const PROGRESS_CLASSES: readonly ProgressClass[] = ['overdue', 'behind', 'on_track', 'ahead', 'done'];
/** Every warning, most urgent first. */
export const WARNING_LEVELS: readonly WarningLevel[] = ['red', 'yellow', 'blue'];

/** Chinese and English names of the classes and warnings, as the UI and the messages show them. */
export const CLASS_NAMES: Record<ProgressClass, { zh: string; en: string }> = {
  ahead: { zh: '超进度', en: 'ahead' },
  on_track: { zh: '达进度', en: 'on track' },
  behind: { zh: '欠进度', en: 'behind' },
  done: { zh: '已完成', en: 'done' },
  overdue: { zh: '逾期', en: 'overdue' },
};
export const WARNING_NAMES: Record<WarningLevel, { zh: string; en: string }> = {
  red: { zh: '红', en: 'red' },
  yellow: { zh: '黄', en: 'yellow' },
  blue: { zh: '蓝', en: 'blue' },
};

/** The numbers of the rule; a supervisor may change them per plan. */
export interface ProgressRule {
  /** Ahead when the accepted percent is more than this many points above expected. */
  aheadPoints: number;
  /** Behind when it is more than this many points below expected. */
  behindPoints: number;
  /** Blue when the deadline is within this many days and the task is not closed. */
  blueDays: number;
  /** Red after this many late reports in a row (yellow after one). */
  redLateReports: number;
}

/** The default rule of issue 7. */
export const DEFAULT_RULE: ProgressRule = { aheadPoints: 5, behindPoints: 5, blueDays: 15, redLateReports: 2 };

/** What the rules need to know of a task. */
export interface ProgressTask {
  /** one_off | phased | ongoing, as the ledger stores it. */
  kind: 'one_off' | 'phased' | 'ongoing';
  /** The deadline says 长期坚持 or the like. */
  ongoing: boolean;
  recurrence: string | null;
  startDate: string | null;
  dueDate: string | null;
  /** Intermediate points: a date and the percent expected by then. */
  milestones: readonly { date: string; percent: number }[];
  /** Closed (办结): the date its closing report was accepted, or null while open. */
  closedOn: string | null;
}

/** What is known of a task's reports on the day. */
export interface ProgressFacts {
  /** The plan's effective date (印发日期), or null when unknown. */
  planEffectiveDate: string | null;
  /** The percent of the latest accepted report, or null when none was accepted. */
  actual: number | null;
  /** How many of the latest reports in a row were late or are overdue (see {@link lateReportStreak}). */
  lateReports: number;
}

/** A task's standing on a day, with its reason in words. */
export interface TaskStanding {
  asOf: string;
  expected: number | null;
  actual: number | null;
  class: ProgressClass;
  warning: WarningLevel | null;
  lateReports: number;
  reason: { zh: string; en: string };
  /**
   * What of the standing holds from day to day, as stored (task_progress): the reason with its day-dependent words as
   * placeholders ({@link renderReason}) and the line expected progress follows ({@link expectedLine}), so the daily
   * recompute finds most tasks unchanged and rewrites only the others; the words are rendered for the day they are read for.
   */
  stored: { reason: { zh: string; en: string }; line: string | null };
}

const DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

// The day numbers of the days seen lately: a recompute asks for the same few thousand days hundreds of thousands of
// times (every task's start, deadline, milestones, asOf). Emptied when it grows past DAY_CACHE_SIZE, so it stays small.
const dayCache = new Map<string, number>();
const DAY_CACHE_SIZE = 50_000;

/** Days since 1970-01-01 of an ISO calendar date (leap years counted by the calendar). */
export function dayNumber(iso: string): number {
  const known = dayCache.get(iso);
  if (known !== undefined) return known;
  const m = ISO.exec(iso);
  if (!m) throw new Error(`Not an ISO date (YYYY-MM-DD): ${iso}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(t);
  if (back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) {
    throw new Error(`No such day: ${iso}`);
  }
  const n = Math.round(t / DAY);
  if (dayCache.size >= DAY_CACHE_SIZE) dayCache.clear();
  dayCache.set(iso, n);
  return n;
}

/** Days from a to b (negative when b is earlier). */
export const daysBetween = (a: string, b: string): number => dayNumber(b) - dayNumber(a);

/** A percent rounded to one decimal, as it is shown and stored. */
export const roundPercent = (p: number): number => Math.round(p * 10) / 10;

const clampPercent = (p: number) => Math.min(100, Math.max(0, p));
const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

/**
 * True when the task is judged by on-time reporting rather than by percent on this day: it recurs or has no end,
 * and either names no deadline or its deadline (the first phase of 2024年9月底前完成，长期坚持) has passed.
 */
export function isLongTerm(task: ProgressTask, asOf: string): boolean {
  const open = task.kind === 'ongoing' || task.ongoing || task.recurrence !== null;
  return open && (task.dueDate === null || asOf > task.dueDate);
}

/** Where expected progress starts: the later of the plan's effective date and the task's start. */
export function progressStart(task: ProgressTask, planEffectiveDate: string | null): string | null {
  return later(planEffectiveDate, task.startDate);
}

/**
 * The percent a task should have reached by asOf (序时进度), rounded to one decimal, or null when it has none (a
 * long-term task, or no deadline or start known). 0 up to the start, 100 from the deadline on; in between linear,
 * bending at each milestone that falls between them (milestones never make it go down).
 * @example expectedPercent({ ...task, startDate: null, dueDate: '2025-12-31', milestones: [] }, '2025-01-01', '2025-07-02') // 50
 */
export function expectedPercent(task: ProgressTask, planEffectiveDate: string | null, asOf: string): number | null {
  const line = expectedLine(task, planEffectiveDate, asOf);
  return line === null ? null : percentOnLine(line, asOf);
}

/**
 * The line expected progress follows on asOf, as text that holds from day to day: its points (day, percent) from the
 * start to the deadline, `2025-01-01:0,2025-06-30:40,2025-12-31:100`; null when the task has no expected percent on
 * asOf (long-term, or no deadline or start known). {@link percentOnLine} reads the percent of any day off it.
 */
export function expectedLine(task: ProgressTask, planEffectiveDate: string | null, asOf: string): string | null {
  const points = linePoints(task, planEffectiveDate, asOf);
  return points === null ? null : lineText(points);
}

type LinePoint = [day: string, percent: number];

/** The points of {@link expectedLine} (null when it has none). */
function linePoints(task: ProgressTask, planEffectiveDate: string | null, asOf: string): LinePoint[] | null {
  dayNumber(asOf);
  if (isLongTerm(task, asOf) || task.dueDate === null) return null;
  const start = progressStart(task, planEffectiveDate);
  if (start === null) return null;
  const due = task.dueDate;
  // Points from the start to the deadline; a milestone outside that span, or below an earlier one, is left out so the
  // line only rises.
  const points: LinePoint[] = [[start, 0]];
  if (task.milestones.length) {
    const sorted = task.milestones.length === 1 ? task.milestones : [...task.milestones].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const m of sorted) {
      const p = clampPercent(m.percent);
      const [lastDay, lastPct] = points[points.length - 1];
      if (dayNumber(m.date) > dayNumber(lastDay) && m.date < due && p >= lastPct) points.push([m.date, p]);
    }
  }
  points.push([due, 100]);
  return points;
}

const lineText = (points: readonly LinePoint[]): string => {
  let text = '';
  for (let i = 0; i < points.length; i++) text += `${i ? ',' : ''}${points[i][0]}:${points[i][1]}`;
  return text;
};

/** The percent reached on day number t along points of (day number, percent), rounded to one decimal. */
function percentAt(days: readonly number[], percents: readonly number[], t: number): number {
  const last = days.length - 1;
  if (t >= days[last]) return 100;
  if (t <= days[0]) return 0;
  for (let i = 1; i <= last; i++) {
    if (t <= days[i]) return roundPercent(percents[i - 1] + ((percents[i] - percents[i - 1]) * (t - days[i - 1])) / (days[i] - days[i - 1]));
  }
  return 100;
}

// Lines read lately, as day numbers and percents: the stored rows of a plan share a few thousand lines, each read
// for its expected percent and again for its reason's words. Emptied when it grows past LINE_CACHE_SIZE.
const lineCache = new Map<string, { days: number[]; percents: number[] }>();
const LINE_CACHE_SIZE = 20_000;

function parsedLine(line: string): { days: number[]; percents: number[] } {
  const known = lineCache.get(line);
  if (known) return known;
  const days: number[] = [];
  const percents: number[] = [];
  for (const x of line.split(',')) {
    const [d, p] = x.split(':');
    days.push(dayNumber(d));
    percents.push(Number(p));
  }
  const parsed = { days, percents };
  if (lineCache.size >= LINE_CACHE_SIZE) lineCache.clear();
  lineCache.set(line, parsed);
  return parsed;
}

/**
 * The percent a line of {@link expectedLine} reaches on a day, rounded to one decimal: 0 up to the start, 100 from
 * the deadline on, linear in between, bending at each milestone.
 */
export function percentOnLine(line: string, asOf: string): number {
  const { days, percents } = parsedLine(line);
  return percentAt(days, percents, dayNumber(asOf));
}

/** One report a task owed: when it was due, and when it was submitted (null while not). */
export interface ReportDue {
  dueDate: string;
  submittedOn: string | null;
}

/**
 * How many of the latest reports due before asOf were late, in a row: a report is late when it came after its due day,
 * or has not come and its due day has passed. A due day that is asOf itself is not yet late.
 * @example lateReportStreak([{ dueDate: '2025-05-25', submittedOn: '2025-05-27' }, { dueDate: '2025-06-25', submittedOn: null }], '2025-06-30') // 2
 */
export function lateReportStreak(dues: readonly ReportDue[], asOf: string): number {
  const past = dues.filter((d) => d.dueDate < asOf).sort((a, b) => (a.dueDate < b.dueDate ? 1 : -1));
  let streak = 0;
  for (const d of past) {
    const late = d.submittedOn === null ? true : d.submittedOn > d.dueDate;
    if (!late) break;
    streak++;
  }
  return streak;
}

/** A date as 2025年6月30日. */
export function zhDate(iso: string): string {
  const known = zhDates.get(iso);
  if (known !== undefined) return known;
  const [y, m, d] = iso.split('-').map(Number);
  const words = `${y}年${m}月${d}日`;
  if (zhDates.size >= DAY_CACHE_SIZE) zhDates.clear();
  zhDates.set(iso, words);
  return words;
}
// The words of the days written lately (every closed or overdue task's reason names a day).
const zhDates = new Map<string, string>();

/** A percent or number of points as written: 72.5, 10 (no trailing .0). */
export const num = (p: number): string => String(roundPercent(p));

interface Reason {
  zh: string;
  en: string;
}

// The stored reason holds from day to day: what moves with the day is written as a placeholder, rendered for the day
// the standing is read for (renderReason): {day} the day, {exp} the expected percent, {gap:A} how far the accepted
// percent A is from it, {since:D} the days since D, {until:D} the days left to D.
function comparison(actual: number | null): Reason {
  const a = actual ?? 0;
  const done = actual === null ? { zh: '尚无已采纳的进度', en: 'no accepted report yet' } : { zh: `实际完成${num(a)}%`, en: `${num(a)}% done` };
  return { zh: `截至{day}应完成{exp}%，${done.zh}，{gap:${a}}`, en: `As of {day}, {exp}% expected, ${done.en}, {gap:${a}}` };
}

function gapWords(a: number, expected: number): Reason {
  const diff = roundPercent(a - expected);
  return diff > 0
    ? { zh: `超前${num(diff)}个百分点`, en: `${num(diff)} points ahead` }
    : diff < 0
      ? { zh: `落后${num(-diff)}个百分点`, en: `${num(-diff)} points behind` }
      : { zh: '与序时进度持平', en: 'level with expected' };
}

const PLACEHOLDER = /\{(day|exp|gap|since|until)(?::([^}]*))?\}/g;

/**
 * A stored reason (with placeholders; see {@link classify}) in words for a day, the expected percent read off the
 * task's line ({@link expectedLine}). A reason without placeholders is returned as it is.
 * @example renderReason('截至{day}应完成{exp}%，实际完成10%，{gap:10}', '2025-01-01:0,2025-12-31:100', '2025-07-02', 'zh') // '截至2025年7月2日应完成50%，实际完成10%，落后40个百分点'
 */
export function renderReason(template: string, line: string | null, asOf: string, lang: 'zh' | 'en'): string {
  return renderWith(template, () => (line === null ? 0 : percentOnLine(line, asOf)), asOf, lang);
}

/** {@link renderReason} with the expected percent given (asked for only when the reason holds {exp} or {gap}). */
function renderWith(template: string, expectedOf: () => number, asOf: string, lang: 'zh' | 'en'): string {
  if (!template.includes('{')) return template;
  return template.replace(PLACEHOLDER, (_, what: string, arg: string | undefined) => {
    switch (what) {
      case 'day':
        return lang === 'zh' ? zhDate(asOf) : asOf;
      case 'exp':
        return num(expectedOf());
      case 'gap':
        return gapWords(Number(arg), expectedOf())[lang];
      case 'since':
        return String(daysBetween(arg!, asOf));
      default:
        return String(daysBetween(asOf, arg!));
    }
  });
}

/** A standing as stored (task_progress: reason with placeholders, expected line) in words and numbers for a day. */
export function renderStored(stored: { reason: { zh: string; en: string }; line: string | null }, asOf: string): { expected: number | null; reason: { zh: string; en: string } } {
  return {
    expected: stored.line === null ? null : percentOnLine(stored.line, asOf),
    reason: { zh: renderReason(stored.reason.zh, stored.line, asOf, 'zh'), en: renderReason(stored.reason.en, stored.line, asOf, 'en') },
  };
}

const lateReason = (n: number): Reason =>
  n === 1 ? { zh: '最近1期报告逾期未报或迟报', en: 'the latest report was late' } : { zh: `连续${n}期报告逾期未报或迟报`, en: `the latest ${n} reports in a row were late` };

const join = (parts: Reason[]): Reason => ({ zh: parts.map((p) => p.zh).join('；'), en: parts.map((p) => p.en).join('; ') });

/**
 * A task's class and warning on asOf, with the reason in words.
 *
 * Class: done when closed; overdue when the deadline has passed and it is not closed; ahead when the accepted percent
 * is more than `aheadPoints` above expected; behind when more than `behindPoints` below, or a report is late; on
 * track otherwise. Warning: red when overdue or after `redLateReports` late reports in a row; yellow when behind or
 * after one; blue when the deadline is within `blueDays` days and it is not closed.
 * @example classify(task, { planEffectiveDate: '2025-01-01', actual: 10, lateReports: 0 }, '2025-06-30').reason.zh
 *   // '截至2025年6月30日应完成49.5%，实际完成10%，落后39.5个百分点'
 */
export function classify(task: ProgressTask, facts: ProgressFacts, asOf: string, rule: ProgressRule = DEFAULT_RULE): TaskStanding {
  dayNumber(asOf);
  const actual = facts.actual === null ? null : roundPercent(clampPercent(facts.actual));
  const lateReports = Math.max(0, facts.lateReports);
  // The standing as stored, and in words for asOf: the words are rendered when first read (the daily recompute
  // stores only the reason with placeholders, and never reads them).
  const stand = (expected: number | null, cls: ProgressClass, warning: WarningLevel | null, reason: Reason, line: string | null): TaskStanding => {
    let words: Reason | undefined;
    return {
      asOf,
      actual,
      lateReports,
      expected,
      class: cls,
      warning,
      get reason() {
        return (words ??= { zh: renderWith(reason.zh, () => expected ?? 0, asOf, 'zh'), en: renderWith(reason.en, () => expected ?? 0, asOf, 'en') });
      },
      stored: { reason, line },
    };
  };

  if (task.closedOn !== null && task.closedOn <= asOf) {
    return stand(null, 'done', null, { zh: `已于${zhDate(task.closedOn)}办结`, en: `Closed on ${task.closedOn}` }, null);
  }
  const longTerm = isLongTerm(task, asOf);
  if (!longTerm && task.dueDate !== null && asOf > task.dueDate) {
    const done = actual === null ? { zh: '尚无已采纳的进度', en: 'no accepted report' } : { zh: `实际完成${num(actual)}%`, en: `${num(actual)}% done` };
    // Expected is 100 from the deadline on: the line of a deadline alone.
    const line = `${task.dueDate}:100`;
    return stand(100, 'overdue', 'red', { zh: `完成时限${zhDate(task.dueDate)}已过{since:${task.dueDate}}天，尚未办结，${done.zh}`, en: `Deadline ${task.dueDate} passed {since:${task.dueDate}} days ago and not closed; ${done.en}` }, line);
  }

  const points = linePoints(task, facts.planEffectiveDate, asOf);
  const line = points === null ? null : lineText(points);
  const expected = points === null ? null : percentAt(points.map((p) => dayNumber(p[0])), points.map((p) => p[1]), dayNumber(asOf));
  const parts: Reason[] = [];
  let cls: ProgressClass = 'on_track';
  if (expected !== null) {
    const diff = roundPercent((actual ?? 0) - expected);
    parts.push(comparison(actual));
    if (diff > rule.aheadPoints) cls = 'ahead';
    else if (diff < -rule.behindPoints) cls = 'behind';
  } else if (longTerm) {
    parts.push({ zh: '长期或定期任务，按是否按时报送评价', en: 'Long-term or recurring task, judged by on-time reports' });
  } else {
    parts.push({ zh: '完成时限不明，无法计算序时进度，按是否按时报送评价', en: 'No deadline understood, so no expected percent; judged by on-time reports' });
  }
  if (lateReports > 0) {
    parts.push(lateReason(lateReports));
    if (cls === 'on_track') cls = 'behind';
  } else if (expected === null) {
    parts.push({ zh: '报告均按时报送', en: 'reports on time' });
  }

  let warning: WarningLevel | null = null;
  if (lateReports >= rule.redLateReports) warning = 'red';
  else if (cls === 'behind' || lateReports >= 1) warning = 'yellow';
  else if (task.dueDate !== null && !longTerm) {
    const left = daysBetween(asOf, task.dueDate);
    if (left >= 0 && left <= rule.blueDays) {
      warning = 'blue';
      parts.push({ zh: `距完成时限${zhDate(task.dueDate)}还有{until:${task.dueDate}}天`, en: `{until:${task.dueDate}} days to the deadline ${task.dueDate}` });
    }
  }
  return stand(expected, cls, warning, join(parts), line);
}

/** The next_change of a standing that no day changes (a closed task's): far beyond any day a plan is judged on. */
export const NEVER = '9999-12-31';

/** The ISO day of a day number (days since 1970-01-01). */
const isoOfDay = (n: number): string => new Date(n * DAY).toISOString().slice(0, 10);

/**
 * The first day after asOf on which a task's stored standing (class, warning, late reports, reports owed and on time,
 * line, reason with placeholders) could differ from the one on asOf, its inputs unchanged (migration 0035): the day
 * its expected-progress class crosses the rule's points along the line, the blue window opens
 * (deadline − blueDays), the deadline passes (overdue; a long-term task's line ends), a day it was closed on comes, or
 * the day after the next report falls due (`nextReportDue`, on or after asOf: it is owed from the day after).
 * {@link NEVER} when none comes (closed by asOf). It may be earlier than the true change (the standing is then
 * recomputed and found the same), never later.
 */
export function nextChange(task: ProgressTask, facts: ProgressFacts, asOf: string, rule: ProgressRule, nextReportDue: string | null): string {
  if (task.closedOn !== null && task.closedOn <= asOf) return NEVER;
  const today = dayNumber(asOf);
  let next = Infinity;
  const consider = (n: number) => {
    if (n > today && n < next) next = n;
  };
  if (task.closedOn !== null) consider(dayNumber(task.closedOn));
  if (nextReportDue !== null) consider(dayNumber(nextReportDue) + 1);
  if (task.dueDate !== null) {
    const due = dayNumber(task.dueDate);
    consider(due + 1);
    consider(due - rule.blueDays);
    // The class by expected progress moves only one way as the line rises (ahead, on track, behind): the first day it
    // differs from asOf's, found by halving the days up to the deadline (100% expected from then on).
    if (today <= due) {
      const points = linePoints(task, facts.planEffectiveDate, asOf);
      if (points !== null) {
        const days = points.map((p) => dayNumber(p[0]));
        const percents = points.map((p) => p[1]);
        const actual = facts.actual === null ? 0 : roundPercent(clampPercent(facts.actual));
        const classOn = (t: number) => {
          const diff = roundPercent(actual - percentAt(days, percents, t));
          return diff > rule.aheadPoints ? 1 : diff < -rule.behindPoints ? -1 : 0;
        };
        const now = classOn(today);
        if (classOn(due) !== now) {
          let lo = today; // same class
          let hi = due; // another
          while (hi - lo > 1) {
            const mid = Math.floor((lo + hi) / 2);
            if (classOn(mid) === now) lo = mid;
            else hi = mid;
          }
          consider(hi);
        }
      }
    }
  }
  return next === Infinity ? NEVER : isoOfDay(next);
}

/** The stored standing's columns that are rendered for the day shown (task_progress, migration 0029). */
interface StoredColumns {
  as_of: string | null;
  expected: number | string | null;
  expected_line: string | null;
  reason_zh: string | null;
  reason_en: string | null;
}

/**
 * A stored standing (a row of task_progress, its as_of the day it is shown for: own or its plan's) with its expected
 * percent and reason in words for that day. Rows stored before 0029 (no line, no placeholders) come back as they are.
 */
export function shownStanding<T extends StoredColumns>(row: T): T {
  if (row.as_of === null) return row;
  const day = row.as_of;
  const line = row.expected_line;
  return {
    ...row,
    expected: line === null ? row.expected : percentOnLine(line, day),
    reason_zh: row.reason_zh === null ? null : renderReason(row.reason_zh, line, day, 'zh'),
    reason_en: row.reason_en === null ? null : renderReason(row.reason_en, line, day, 'en'),
  } as T;
}

/**
 * The days reports fall due on, after `from` and up to `to` (both included as ISO dates: from < day ≤ to): the
 * `dueDay` of each period's last month (monthly: every month; quarterly: March, June, September, December; half-yearly:
 * June, December; yearly: December).
 * @example reportDueDates(1, 25, '2025-03-10', '2025-06-30') // ['2025-03-25', '2025-04-25', '2025-05-25', '2025-06-25']
 */
export function reportDueDates(stepMonths: number, dueDay: number, from: string, to: string): string[] {
  if (stepMonths <= 0 || to <= from) return [];
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  const out: string[] = [];
  for (let k = fy * 12 + fm - 1; k <= ty * 12 + tm - 1; k++) {
    const month = (k % 12) + 1;
    if (month % stepMonths !== 0) continue;
    const day = `${Math.floor(k / 12)}-${String(month).padStart(2, '0')}-${String(dueDay).padStart(2, '0')}`;
    if (day > from && day <= to) out.push(day);
  }
  return out;
}

/** The first day of the period whose report falls due on `dueDate` (a period spans `stepMonths` months). */
export function periodStart(stepMonths: number, dueDate: string): string {
  const [y, m] = dueDate.split('-').map(Number);
  const k = y * 12 + m - 1 - (Math.max(1, stepMonths) - 1);
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`;
}
