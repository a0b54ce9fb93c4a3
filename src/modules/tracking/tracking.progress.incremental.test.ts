import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { dryRun } from '../../lib/dry-run.ts';
import { recomputeProgress, refreshPlanProgress, setPlanProgressRule } from './tracking.progress.service.ts';
import { issuedPlans, refreshReportSummaries } from './tracking.progress.repo.ts';
import { seedScale } from './tracking.scale.seed.ts';
import type { ScaleSpec } from './tracking.scale.domain.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

// The day turn recomputes only the tasks whose standing can have changed (next_change, migration 0035). What it leaves
// stored must be exactly what recomputing every task stores: these tests turn the day one day at a time over weeks of
// the demo data and of generated data (report due days, month ends, deadlines entering the blue window and passing),
// change inputs between turns (a deadline, a milestone, a report, a task added, the rule), and after every turn compare
// every stored row, column by column, with a full recompute of the same day (run in a transaction rolled back after).

const TINY: ScaleSpec = { name: 'tiny', tasks: 150, units: 20, reports: 150 * 6 + 12, plans: 3, leaders: 5, regionCode: '130000' };
const SCALE_DAY = '2026-06-10';

let h: DatabaseHandle;
let duban: ServiceContext;
const citus = Boolean(process.env.TEST_CITUS_URL);

beforeAll(async () => {
  h = await openTestDatabase('demo');
  duban = await contextAs(h, 'duban');
  if (!citus) await seedScale(h.db, TINY, { asOf: SCALE_DAY });
}, 120_000);
afterAll(async () => h?.close());

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Every stored standing of the issued plans, as stored (no rendering), and each plan's progress day. */
async function stored(db: DatabaseHandle['db']) {
  const rows = await sql<Record<string, unknown>>`
    select g.task_id, g.plan_id, g.as_of::text as as_of, g.expected, g.expected_line, g.actual::text as actual, g.class, g.warning, g.late_reports,
      g.reports_due, g.reports_on_time, g.reason_zh, g.reason_en, g.next_change::text as next_change, s.progress_as_of::text as plan_day
    from task_progress g join plans p on p.region_code = g.region_code and p.id = g.plan_id
    left join plan_dashboard_state s on s.region_code = g.region_code and s.plan_id = g.plan_id
    where p.status = 'issued' order by g.task_id`.execute(db);
  return rows.rows;
}

/** What a full recompute of every issued plan on `day` would store (rolled back). */
async function fullOn(day: string) {
  return dryRun(h.db, async (trx) => {
    for (const p of await issuedPlans(trx)) await refreshPlanProgress(trx, p.id, day, { full: true });
    return stored(trx);
  });
}

async function turnAndCompare(day: string): Promise<{ tasks: number; written: number }> {
  const r = await recomputeProgress(duban, { asOf: day });
  const incremental = await stored(h.db);
  expect(incremental.length).toBeGreaterThan(0);
  expect(incremental, `stored rows after the turn to ${day}`).toEqual(await fullOn(day));
  return r;
}

describe('the incremental day turn', () => {
  it('stores what a full recompute stores, day after day, over the demo data and generated data, with inputs changing between turns', async () => {
    // The generated plans' weeks (their reports fall due on the 25th), then the demo's around today.
    const today = chinaDay();
    const days = [
      ...(citus ? [] : Array.from({ length: 40 }, (_, i) => addDays(SCALE_DAY, i))),
      ...Array.from({ length: 36 }, (_, i) => addDays(today, i - 20)),
    ];
    await recomputeProgress(duban, { asOf: days[0], full: true });
    let tasks = 0;
    let written = 0;
    for (const [i, day] of days.entries()) {
      // Inputs changing between turns, each marking its task (or plan) to be recomputed.
      if (i === 5 || i === 45) {
        const [t] = await h.db.selectFrom('tasks').select(['id', 'region_code', 'due_date']).where('due_date', '>', day).orderBy('id').limit(1).execute();
        await h.db.updateTable('tasks').set({ due_date: addDays(day, 3) }).where('region_code', '=', t.region_code).where('id', '=', t.id).execute();
      }
      if (i === 8 || i === 48) {
        const [t] = await h.db.selectFrom('tasks').select(['id', 'region_code', 'due_date']).where('due_date', '>', addDays(day, 30)).orderBy('id', 'desc').limit(1).execute();
        await h.db
          .insertInto('task_milestones')
          .values({ region_code: t.region_code, task_id: t.id, position: 90 + i, title: '阶段目标', due_text: '', due_date: addDays(day, 10), percent: 90 })
          .execute();
      }
      if (i === 12 || i === 50) {
        // A lead report's percent changed and its summary rewritten, as every report write does.
        const [r] = await h.db.selectFrom('task_reports').select(['id', 'region_code', 'task_id']).where('role', '=', 'lead').where('status', '=', 'accepted').where('percent', 'is not', null).orderBy('id').limit(1).execute();
        await h.db.updateTable('task_reports').set({ percent: 99 }).where('id', '=', r.id).execute();
        await refreshReportSummaries(h.db, r.region_code, [r.task_id]);
      }
      if (i === 15 || i === 52) {
        // A task added to a plan (its plan is recomputed whole on the next turn).
        const [t] = await h.db.selectFrom('tasks').selectAll().where('due_date', '>', day).orderBy('id').limit(1).execute();
        const { id: _id, created_at: _c, updated_at: _u, ...rest } = t as Record<string, unknown>;
        await h.db
          .insertInto('tasks')
          .values({ ...rest, id: crypto.randomUUID(), position: 10_000 + i, seq: `新${i}`, title: `新增任务${i}` } as never)
          .execute();
      }
      if (i === 20 || i === 55) {
        const [p] = await issuedPlans(h.db);
        await setPlanProgressRule(duban, p.id, i === 20 ? { aheadPoints: 3, behindPoints: 8, blueDays: 20, redLateReports: 3 } : null, day);
      }
      const r = await turnAndCompare(day);
      tasks += r.tasks;
      written += r.written;
    }
    // Most days most standings hold: far fewer rows were rewritten than a turn has tasks.
    expect(written).toBeLessThan(tasks / 3);
  }, 600_000);

  it('recomputes every task with `full`, and a day before the stored one as a full recompute', async () => {
    const today = chinaDay();
    await recomputeProgress(duban, { asOf: today });
    const before = await stored(h.db);
    const again = await recomputeProgress(duban, { asOf: today, full: true });
    expect(again.written).toBe(0);
    expect(await stored(h.db)).toEqual(before);
    // Back 30 days: every task recomputed for that day.
    await turnAndCompare(addDays(today, -30));
  }, 120_000);
});
