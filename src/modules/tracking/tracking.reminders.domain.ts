import { periodOf, previousPeriod, taskCycle, type Period, type ReportCycle } from './tracking.reports.domain.ts';

/** A plan's reminder numbers: how many days before a due date, and how many times when late (the day after, then weekly). */
export interface ReminderRule {
  daysBefore: number;
  lateLimit: number;
}

/** The rule of a plan that set none. */
export const DEFAULT_REMINDER_RULE: ReminderRule = { daysBefore: 3, lateLimit: 3 };

/** One unit's place on one task of an issued plan, as the planner sees it. */
export interface PlannerLine {
  regionCode: string;
  planId: string;
  taskId: string;
  seq: string | null;
  title: string;
  unitId: string;
  role: 'lead' | 'co';
  recurrence: string | null;
  closed: boolean;
  issuedDate: string | null;
  reportCycle: ReportCycle;
  reportDueDay: number;
  rule: ReminderRule;
}

/** A reminder the planner wants to exist. */
export interface PlannedReminder {
  regionCode: string;
  planId: string;
  taskId: string;
  unitId: string;
  period: string;
  due: string;
  kind: 'due_soon' | 'late';
  round: number;
  dedupeKey: string;
  /** Days until the due date (due_soon) or since it (late). */
  days: number;
  line: PlannerLine;
}

const DAY = 86_400_000;
/** Whole days from one YYYY-MM-DD to another. */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** Whether a report with this status (or none) is still owed. */
export const stillOwed = (status: string | null | undefined) => !status || status === 'draft' || status === 'returned';

/** The key that makes one reminder of a kind per unit, task, period and round, however often or wherever it is planned. */
export function reminderKey(kind: 'due_soon' | 'late', taskId: string, unitId: string, period: string, round: number): string {
  return `${kind}|${taskId}|${unitId}|${period}|${round}`;
}

/**
 * The key of a 催办 by hand: one per unit, task and period on a China day, so a second click (or a second supervisor)
 * the same day finds the first instead of sending the unit the same words again.
 * @example manualReminderKey('t1', 'u1', '2026-11', '2026-12-05') // 'manual|t1|u1|2026-11|2026-12-05'
 */
export function manualReminderKey(taskId: string, unitId: string, period: string, day: string): string {
  return `manual|${taskId}|${unitId}|${period}|${day}`;
}

/**
 * The periods a unit still owes a progress report for on a day, the earlier first: the previous period (when it ended
 * after the plan took effect) and the current one, less those whose report is submitted or accepted. A closed task,
 * or a plan not yet in effect, owes nothing.
 */
export function owedPeriods(line: PlannerLine, today: string, status: (line: PlannerLine, period: string) => string | null): Period[] {
  if (line.closed || (line.issuedDate && line.issuedDate > today)) return [];
  const current = periodOf(taskCycle(line.reportCycle, line.recurrence), today, line.reportDueDay);
  const previous = previousPeriod(current, line.reportDueDay);
  const periods = !line.issuedDate || line.issuedDate <= previous.end ? [previous, current] : [current];
  return periods.filter((p) => stillOwed(status(line, p.key)));
}

/**
 * The reminders due today for the units that still owe a report: `daysBefore` days before the due date up to the
 * due date itself (one, 'due_soon'), and when late the day after the due date and every 7 days after (round 0, 1, …)
 * up to `lateLimit` times. The current and the previous period are looked at, as a unit's page does; a closed task,
 * and a period that ended before the plan took effect, owe nothing. `status(line, period)` gives the unit's report
 * status for that period, or null.
 * @example planReminders(lines, '2025-06-22', (l, p) => null) // due_soon for every line whose period is due 2025-06-25
 */
export function planReminders(lines: PlannerLine[], today: string, status: (line: PlannerLine, period: string) => string | null): PlannedReminder[] {
  const out: PlannedReminder[] = [];
  for (const line of lines) {
    for (const p of owedPeriods(line, today, status).reverse()) {
      const base = { regionCode: line.regionCode, planId: line.planId, taskId: line.taskId, unitId: line.unitId, period: p.key, due: p.due, line };
      const untilDue = daysBetween(today, p.due);
      if (untilDue >= 0 && untilDue <= line.rule.daysBefore) {
        out.push({ ...base, kind: 'due_soon', round: 0, days: untilDue, dedupeKey: reminderKey('due_soon', line.taskId, line.unitId, p.key, 0) });
      } else if (untilDue < 0) {
        const round = Math.floor((-untilDue - 1) / 7);
        if (round < line.rule.lateLimit) out.push({ ...base, kind: 'late', round, days: -untilDue, dedupeKey: reminderKey('late', line.taskId, line.unitId, p.key, round) });
      }
    }
  }
  return out;
}

/** A YYYY-MM-DD day as Chinese writes it: 2026年11月25日. */
export const cnDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** What a reminder says, in Chinese and English: its title (the e-mail's subject) and body. */
export interface ReminderText {
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
}

/**
 * The words of a reminder to a unit about its report on a task for a period. `days` is the days until the due date
 * (due_soon) or since it (late, and manual when the report is late; 0 for a 催办 before the due date).
 * @example reminderText({ kind: 'late', days: 3, planTitle: '决定', … }).titleZh // '【催办】《决定》任务3进展报告已逾期3天'
 * @example reminderText({ kind: 'manual', days: 10, period: '2026-11', due: '2026-11-25', … }).bodyZh // '…2026-11期进展报告截止日期2026年11月25日，已逾期10天，请尽快报送。…'
 */
export function reminderText(r: { kind: 'due_soon' | 'late' | 'manual'; days: number; due: string; period: string; seq: string | null; title: string; unitName: string; role: 'lead' | 'co'; planTitle: string }): ReminderText {
  const task = r.seq ? `任务${r.seq}` : '任务';
  const taskEn = r.seq ? `task ${r.seq}` : 'a task';
  const roleZh = r.role === 'lead' ? '牵头' : '配合';
  // A unit serves several plans whose tasks are each numbered from 1: "任务3" alone does not say which task it is.
  const planTask = `《${r.planTitle}》${task}`;
  const planTaskEn = `${taskEn} of "${r.planTitle}"`;
  // A 催办 by hand names the period it is about: a unit may owe last month's report and this month's at once.
  const lateByHand = r.kind === 'manual' && r.days > 0;
  const titleZh =
    r.kind === 'late'
      ? `【催办】${planTask}进展报告已逾期${r.days}天`
      : r.kind === 'due_soon'
        ? `【提醒】${planTask}进展报告将于${cnDate(r.due)}截止`
        : lateByHand
          ? `【催办】${planTask} ${r.period}期进展报告已逾期${r.days}天，请尽快报送`
          : `【催办】请尽快报送${planTask} ${r.period}期进展报告`;
  const titleEn =
    r.kind === 'late'
      ? `Reminder: the progress report on ${planTaskEn} is ${r.days} day(s) late`
      : r.kind === 'due_soon'
        ? `Reminder: the progress report on ${planTaskEn} is due on ${r.due}`
        : lateByHand
          ? `Reminder: the ${r.period} progress report on ${planTaskEn} is ${r.days} day(s) late; please send it now`
          : `Reminder: please send the ${r.period} progress report on ${planTaskEn}`;
  const state =
    r.kind === 'late'
      ? `截止日期${cnDate(r.due)}已过${r.days}天，尚未报送`
      : r.kind === 'due_soon'
        ? `请于${cnDate(r.due)}前报送`
        : lateByHand
          ? `截止日期${cnDate(r.due)}，已逾期${r.days}天，请尽快报送`
          : `截止日期${cnDate(r.due)}，请尽快报送`;
  const bodyZh = `${r.unitName}：贵单位${roleZh}的《${r.planTitle}》${task}“${r.title}”${r.period}期进展报告${state}。请登录落实系统“我的填报”办理。`;
  const stateEn =
    r.kind === 'late' || lateByHand
      ? `was due on ${r.due} and is ${r.days} day(s) late${lateByHand ? '; please send it now' : ''}`
      : r.kind === 'due_soon'
        ? `is due on ${r.due}`
        : `is due on ${r.due}; please send it now`;
  const bodyEn = `${r.unitName}: the ${r.period} progress report on ${taskEn} "${r.title}" of "${r.planTitle}" ${stateEn}. Please sign in to Luoshi (My reporting).`;
  return { titleZh, titleEn, bodyZh, bodyEn };
}

/**
 * When a failed delivery is tried again: one minute after the first failure, doubling each time, at most six hours.
 * @example retryDelayMs(3) // 240000
 */
export function retryDelayMs(attempts: number, baseMs = 60_000, maxMs = 6 * 3600_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * A secret shown without giving it away: its last 4 characters (all masked when it is short).
 * @example maskSecret('SECabcdef123456') // '••••3456'
 */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '••••' : `••••${secret.slice(-4)}`;
}

/**
 * A webhook URL shown without its token: each query value masked but its last 4 characters.
 * @example maskWebhook('https://oapi.dingtalk.com/robot/send?access_token=abcdef123456') // 'https://oapi.dingtalk.com/robot/send?access_token=••••3456'
 */
export function maskWebhook(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? pair : `${pair.slice(0, eq)}=${maskSecret(pair.slice(eq + 1))}`;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

/** Checks an e-mail address the way the settings page does: something@host.tld, no spaces. */
export const isEmailAddress = (s: string) => /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(s);
