/** Small pure helpers of the plans pages: guessing a plan's type, the status flow, grouping task rows. */
import { STATUS_FLOW } from '../ledger.status.domain.ts';
import type { PlanStatus, PlanType } from '../ledger.tables.ts';

// The keywords are written as escapes because UI source keeps its Chinese in the dictionaries:
// \u51b3\u5b9a 决定, \u610f\u89c1 意见, \u6e05\u5355 清单, \u4efb\u52a1\u5206\u5de5 任务分工.
const DECISION = /\u51b3\u5b9a/;
const OPINION = /\u610f\u89c1/;
const TASK_LIST = /\u6e05\u5355|\u4efb\u52a1\u5206\u5de5/;

/**
 * The plan type a title suggests: 决定 → decision, 意见 → opinion, 清单/任务分工 → task list, anything else a plan.
 * A title names the document it wraps last (关于印发…意见的通知), so the keyword nearest the end wins.
 * @example guessPlanType('国家职业教育改革实施方案') // 'plan'
 */
export function guessPlanType(title: string): PlanType {
  const last = (re: RegExp) => {
    let at = -1;
    for (const m of title.matchAll(new RegExp(re.source, 'g'))) at = m.index ?? at;
    return at;
  };
  const hits: [PlanType, number][] = [
    ['task_list', last(TASK_LIST)],
    ['decision', last(DECISION)],
    ['opinion', last(OPINION)],
  ];
  const best = hits.filter(([, at]) => at >= 0).sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : 'plan';
}

/** The states a plan may move to from its current one (forward, or one step back). */
export function nextStatuses(status: PlanStatus): PlanStatus[] {
  return STATUS_FLOW[status] ?? [];
}

/** The colour of a status tag: grey draft, orange consultation, blue adopted, green issued. */
export const STATUS_COLOR: Record<PlanStatus, string> = { draft: 'default', consultation: 'orange', adopted: 'blue', issued: 'green' };

/** A row of a task table: a group heading (一、… / （一）…) or a task. */
export type GroupedRow<T> = { type: 'group'; key: string; text: string; depth: number } | { type: 'task'; key: string; task: T };

/**
 * Puts group headings between tasks wherever their group path changes, as the official table draws them.
 * @example groupRows([{ id: 'a', group_path: ['一、…'] }], (t) => t.group_path, (t) => t.id) // [group 一、…, task a]
 */
export function groupRows<T>(tasks: T[], pathOf: (task: T) => string[], keyOf: (task: T) => string): GroupedRow<T>[] {
  const rows: GroupedRow<T>[] = [];
  let current: string[] = [];
  tasks.forEach((task) => {
    const path = pathOf(task);
    let same = 0;
    while (same < path.length && same < current.length && path[same] === current[same]) same++;
    for (let depth = same; depth < path.length; depth++) {
      rows.push({ type: 'group', key: `group-${rows.length}-${path.slice(0, depth + 1).join('/')}`, text: path[depth], depth: depth + 1 });
    }
    current = path;
    rows.push({ type: 'task', key: keyOf(task), task });
  });
  return rows;
}

/**
 * A date of the calendar as YYYY-MM-DD, or null; anything else (2019-02-30 included) is not sent to the server.
 * @example isoDateOrNull(' 2019-01-24 ') // '2019-01-24'
 */
export function isoDateOrNull(value: string | null | undefined): string | null {
  const v = value?.trim() ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const date = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v ? v : null;
}
