import { chinaDay } from '../../../web/format.ts';
import type { TaskReports } from './reports.api.ts';

/** One line of a task's whole timeline (任务全程留痕): a report's step, an activity, or a deadline change. */
export type TaskTimelineEntry =
  | { type: 'report'; key: string; at: string; day: string; event: TaskReports['timeline'][number]; report: TaskReports['reports'][number] }
  | { type: 'activity'; key: string; at: string; day: string; activity: TaskReports['activities'][number] }
  | { type: 'deadline'; key: string; at: string; day: string; change: TaskReports['deadlineChanges'][number]; step: 'requested' | 'decided' };

/**
 * Everything that happened to a task, latest first: every step of every report the caller may see (each with its
 * period and unit), the activities held for it (专题学习、调研、协调会, on the day they were held) and deadline changes
 * (requested, then approved or rejected). Activities carry a date and no time: on their day they come after the day's
 * timed steps, so a coordination meeting held on the day a report was returned reads as the answer to it.
 * @example taskTimeline(d).map((e) => e.type) // ['report', 'activity', 'deadline', …]
 */
export function taskTimeline(d: Pick<TaskReports, 'timeline' | 'reports' | 'activities' | 'deadlineChanges'>): TaskTimelineEntry[] {
  const reports = new Map(d.reports.map((r) => [r.id, r]));
  const out: TaskTimelineEntry[] = [];
  for (const event of d.timeline) {
    const report = reports.get(event.report_id);
    if (report) out.push({ type: 'report', key: `e${event.id}`, at: event.at, day: chinaDay(event.at), event, report });
  }
  for (const activity of d.activities) out.push({ type: 'activity', key: `a${activity.id}`, at: activity.createdAt, day: activity.heldOn, activity });
  for (const change of d.deadlineChanges) {
    out.push({ type: 'deadline', key: `r${change.id}`, at: change.requested_at, day: chinaDay(change.requested_at), change, step: 'requested' });
    if (change.decided_at) out.push({ type: 'deadline', key: `d${change.id}`, at: change.decided_at, day: chinaDay(change.decided_at), change, step: 'decided' });
  }
  // Latest day first; within a day, the activities (no time of day) first, then the timed steps latest first.
  const rank = (e: TaskTimelineEntry) => (e.type === 'activity' ? 1 : 0);
  return out.sort((a, b) => b.day.localeCompare(a.day) || rank(b) - rank(a) || b.at.localeCompare(a.at) || b.key.localeCompare(a.key));
}
