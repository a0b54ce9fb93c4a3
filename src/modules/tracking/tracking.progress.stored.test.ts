import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { computePlanStandings, planProgressStatus, recomputeProgress, refreshTaskProgress } from './tracking.progress.service.ts';
import { dashboardTasks } from './tracking.dashboard.service.ts';
import { issuedPlans, storedProgress } from './tracking.progress.repo.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

// The stored standings hold from day to day (migration 0029): the recompute writes only the rows whose stored state
// changed, and the day's words and expected percent are rendered when read. These tests turn the day again and again
// and check that what is read from the stored rows is what computing afresh gives for that day, word for word.

let h: DatabaseHandle;
let duban: ServiceContext;
let plans: { id: string; region_code: string }[];

beforeAll(async () => {
  h = await openTestDatabase('demo');
  duban = await contextAs(h, 'duban');
  plans = await issuedPlans(h.db);
});
afterAll(async () => h?.close());

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The stored standings of every issued plan as read (rendered for their day) against computing them afresh on `day`. */
async function expectStoredIsFresh(day: string) {
  for (const plan of plans) {
    const fresh = (await computePlanStandings(h.db, plan.id, day)).standings;
    const stored = new Map((await storedProgress(h.db, plan.region_code, plan.id)).map((r) => [r.task_id, r]));
    expect(stored.size).toBe(fresh.length);
    for (const s of fresh) {
      const row = stored.get(s.taskId)!;
      expect({ task: s.number, asOf: row.as_of, expected: row.expected === null ? null : Number(row.expected), actual: row.actual === null ? null : Number(row.actual), class: row.class, warning: row.warning, late: row.late_reports, zh: row.reason_zh, en: row.reason_en }).toEqual({
        task: s.number,
        asOf: day,
        expected: s.expected,
        actual: s.actual,
        class: s.class,
        warning: s.warning,
        late: s.lateReports,
        zh: s.reason.zh,
        en: s.reason.en,
      });
    }
  }
}

const updatedAt = async () => new Map((await h.db.selectFrom('task_progress').select(['task_id', 'updated_at']).execute()).map((r) => [r.task_id, new Date(r.updated_at as Date).getTime()]));
const stamps = async () => new Map((await h.db.selectFrom('plan_dashboard_state').select(['plan_id', 'stamp']).execute()).map((r) => [r.plan_id, Number(r.stamp)]));

describe('stored standings across day turns', () => {
  it('read as computing afresh gives, day after day, while most rows are not rewritten', async () => {
    const today = chinaDay();
    // Every day of six weeks (month ends, due days, deadlines coming within the blue window and passing), then back.
    const days = [...Array.from({ length: 42 }, (_, i) => addDays(today, i - 21)), addDays(today, 200), addDays(today, -100), today];
    let skipped = 0;
    let before = await updatedAt();
    for (const day of days) {
      await recomputeProgress(duban, { asOf: day });
      await expectStoredIsFresh(day);
      const after = await updatedAt();
      for (const [task, t] of after) if (before.get(task) === t) skipped++;
      before = after;
    }
    // Most tasks' stored state stays the same from one day to the next: their rows were left as they were.
    expect(skipped).toBeGreaterThan((days.length * before.size) / 2);
  });

  it('leaves the rows and the plans’ stamps (the dashboard’s stored counts) alone when nothing changed', async () => {
    const day = chinaDay();
    await recomputeProgress(duban, { asOf: day });
    const [rows, stamp] = [await updatedAt(), await stamps()];
    await recomputeProgress(duban, { asOf: day });
    expect(await updatedAt()).toEqual(rows);
    expect(await stamps()).toEqual(stamp);
    await expectStoredIsFresh(day);
  });

  it('shows a task refreshed on its own for its own day, and for the plan’s day again after the next recompute', async () => {
    const today = chinaDay();
    const plan = plans[0];
    await recomputeProgress(duban, { asOf: today });
    const [task] = await h.db.selectFrom('tasks').select('id').where('plan_id', '=', plan.id).orderBy('position').limit(1).execute();
    const tomorrow = addDays(today, 1);
    await h.db.transaction().execute((trx) => refreshTaskProgress(trx, { planId: plan.id, taskId: task.id }, tomorrow));
    const rows = await storedProgress(h.db, plan.region_code, plan.id);
    expect(rows.find((r) => r.task_id === task.id)!.as_of).toBe(tomorrow);
    expect(rows.filter((r) => r.task_id !== task.id).every((r) => r.as_of === today)).toBe(true);
    const fresh = (await computePlanStandings(h.db, plan.id, tomorrow)).standings.find((s) => s.taskId === task.id)!;
    expect(rows.find((r) => r.task_id === task.id)!.reason_zh).toBe(fresh.reason.zh);
    await recomputeProgress(duban, { asOf: addDays(today, 2) });
    await expectStoredIsFresh(addDays(today, 2));
  });

  it('gives the dashboard’s task list and `luoshi status` the same words as computing afresh', async () => {
    const day = addDays(chinaDay(), 3);
    await recomputeProgress(duban, { asOf: day });
    for (const plan of plans) {
      const status = await planProgressStatus(duban, plan.id, day);
      const listed = await dashboardTasks(duban, plan.id, {}, { asOf: day, limit: 500 });
      const byNumber = new Map(status.tasks.map((t) => [t.number, t]));
      expect(listed.tasks.length).toBe(status.tasks.length);
      for (const t of listed.tasks) {
        expect({ asOf: t.asOf, expected: t.expected, reason: t.reason.zh }).toEqual({ asOf: day, expected: byNumber.get(t.number)!.expected, reason: byNumber.get(t.number)!.reason });
      }
    }
  });
});
