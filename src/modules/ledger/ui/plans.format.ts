/** Small pure helpers of the plans pages: status colours, grouping task rows, dates. (The server decides a plan's type and next statuses.) */
import type { PlanStatus } from '../ledger.tables.ts';

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
