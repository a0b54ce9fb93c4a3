import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import * as tasks from '../ledger/ledger.tasks.service.ts';
import * as reports from './tracking.reports.service.ts';
import * as evidence from './tracking.evidence.service.ts';
import { dashboardTasks, planDashboard, type PlanDashboard } from './tracking.dashboard.service.ts';
import * as repo from './tracking.dashboard.repo.ts';
import { groupTallies, tally } from './tracking.dashboard.domain.ts';
import { localDay, recomputeProgress } from './tracking.progress.service.ts';

// The dashboard of a whole plan is answered from counts stored per plan (migration 0015) while they hold; these tests
// check that answer against counting every task from scratch, on the demo data and after each change that moves a
// standing or a task, so the stored counts never answer stale.

let h: DatabaseHandle;
let duban: ServiceContext;
let fgw: ServiceContext;
let planId: string;
const REGION = '120000';
let today: string;

/** The counts of a dashboard, counted from every task and its standing (no stored counts). */
async function fromScratch() {
  const c = await repo.dashboardCounts(h.db, REGION, planId, {});
  return { totals: tally(c.total), reports: c.reports, byPart: groupTallies(c.parts), byLeader: groupTallies(c.leaders), byUnit: groupTallies(c.units), byRegion: groupTallies(c.regions) };
}
const countsOf = (d: PlanDashboard) => ({ totals: d.totals, reports: d.reports, byPart: d.byPart, byLeader: d.byLeader, byUnit: d.byUnit, byRegion: d.byRegion });

/** Whether the plan's stored counts are the ones a whole-plan dashboard answers from. */
async function stored(): Promise<boolean> {
  const s = await repo.summaryState(h.db, REGION, planId);
  return Boolean(s && s.summary_stamp !== null && Number(s.summary_stamp) === Number(s.stamp) && s.summary_as_of === today);
}

/** Reads the dashboard twice (the second from the stored counts) and checks both against counting from scratch. */
async function checkDashboard(): Promise<PlanDashboard> {
  const first = await planDashboard(duban, planId, {}, { asOf: today });
  expect(countsOf(first)).toEqual(await fromScratch());
  expect(await stored()).toBe(true);
  const second = await planDashboard(duban, planId, {}, { asOf: today });
  expect(countsOf(second)).toEqual(countsOf(first));
  // The red-first task list read warning by warning (with the stored counts) is the one sorted as a whole.
  const all = await repo.dashboardTasks(h.db, REGION, planId, {}, { limit: 1000, offset: 0 });
  for (const [offset, limit] of [[0, 1000], [0, 3], [2, 5], [7, 4], [all.total - 1, 10]]) {
    const page = await dashboardTasks(duban, planId, {}, { asOf: today, offset, limit });
    expect(page.total).toBe(all.total);
    expect(page.tasks.map((t) => t.id)).toEqual(all.rows.slice(offset, offset + limit).map((t) => t.id));
  }
  for (const warning of ['red', 'yellow', 'none'] as const) {
    const page = await dashboardTasks(duban, planId, { warning }, { asOf: today, limit: 1000 });
    expect(page.tasks.map((t) => t.id)).toEqual(all.rows.filter((t) => (t.warning ?? 'none') === warning).map((t) => t.id));
  }
  return second;
}

/** A task of the plan led by fgw's unit, not closed, of the given classes. */
async function fgwTask(classes: string[]) {
  return h.db
    .selectFrom('tasks as t')
    .innerJoin('task_progress as p', (j) => j.onRef('p.region_code', '=', 't.region_code').onRef('p.task_id', '=', 't.id'))
    .innerJoin('task_units as u', (j) => j.onRef('u.region_code', '=', 't.region_code').onRef('u.task_id', '=', 't.id'))
    .select(['t.id', 't.seq', 'p.class', 'p.warning', 't.due_date'])
    .where('t.region_code', '=', REGION)
    .where('t.plan_id', '=', planId)
    .where('u.role', '=', 'lead')
    .where('u.unit_id', 'in', [...fgw.actor.editableUnitIds])
    .where('t.closed_at', 'is', null)
    .where('p.class', 'in', classes as never[])
    .orderBy('t.position')
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [duban, fgw] = await Promise.all(['duban', 'fgw'].map((u) => contextAs(h, u)));
  planId = (await h.db.selectFrom('plans').select('id').where('title', 'like', '%年度重点任务分工方案（示例）').executeTakeFirstOrThrow()).id;
  today = localDay();
});
afterAll(async () => h?.close());

describe('the stored dashboard counts', () => {
  it('answer what counting every task answers, on the demo plan', async () => {
    const d = await checkDashboard();
    // The demo plan holds every class and warning, so the comparison covers them all.
    expect(Object.values(d.totals.classes).every((n) => n > 0)).toBe(true);
    expect(d.byUnit.length).toBeGreaterThan(1);
  });

  it('follow an accepted report', async () => {
    const before = await checkDashboard();
    const task = await fgwTask(['behind', 'on_track']);
    const draft = await reports.saveReport(fgw, task.id, { doneText: '全部建设内容已基本完成。', percent: 100 });
    await reports.submitReport(fgw, draft.id);
    await reports.acceptReport(duban, draft.id);
    expect(await stored()).toBe(false);
    const after = await checkDashboard();
    expect(after.totals.classes[task.class]).toBe(before.totals.classes[task.class] - 1);
  });

  it('follow a task closed (办结) and reopened', async () => {
    const before = await checkDashboard();
    const task = await fgwTask(['behind', 'on_track', 'ahead', 'overdue']);
    const closing = await reports.saveReport(fgw, task.id, { kind: 'closing', doneText: '任务已全部完成。' });
    await evidence.addEvidence(fgw, closing.id, { fileName: '验收.pdf', bytes: new TextEncoder().encode('%PDF-1.7\n%%EOF') });
    await reports.submitReport(fgw, closing.id);
    await reports.acceptReport(duban, closing.id);
    const closed = await checkDashboard();
    expect(closed.totals.classes.done).toBe(before.totals.classes.done + 1);
    await reports.reopenTask(duban, task.id, '复核发现材料不全');
    expect((await checkDashboard()).totals.classes.done).toBe(before.totals.classes.done);
  });

  it('follow a deadline change', async () => {
    const task = await fgwTask(['behind', 'on_track', 'ahead']);
    const before = await checkDashboard();
    // A deadline ten days from now: the task turns blue (or stays red or yellow).
    const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    const req = await reports.requestDeadlineChange(fgw, task.id, { newDueDate: soon, reason: '提前完成' });
    await reports.decideDeadlineChange(duban, req.id, { approve: true });
    const after = await checkDashboard();
    if (task.warning === null) expect(after.totals.warnings.blue).toBe(before.totals.warnings.blue + 1);
  });

  it('follow a change of the task’s lead unit in the ledger, a renamed unit and the day turning', async () => {
    const task = await fgwTask(['behind', 'on_track', 'ahead', 'overdue']);
    const unit = await h.db.selectFrom('units').select(['id', 'name']).where('id', 'not in', [...fgw.actor.editableUnitIds]).where('region_code', '=', REGION).orderBy('name').limit(1).executeTakeFirstOrThrow();
    const before = await checkDashboard();
    // The ledger reassigns the task (it marks the plan changed, as every task edit does).
    await tasks.updateTask(duban, task.id, { leadUnit: { id: unit.id, rawName: unit.name } });
    const after = await checkDashboard();
    expect(after.byUnit.find((g) => g.key === unit.id)!.total).toBe(before.byUnit.find((g) => g.key === unit.id)!.total + 1);
    // A renamed unit shows under its new name at once, from the stored counts.
    await h.db.updateTable('units').set({ short_name: '工信局（改）' }).where('id', '=', unit.id).execute();
    expect((await planDashboard(duban, planId, {}, { asOf: today })).byUnit.find((g) => g.key === unit.id)!.label).toBe('工信局（改）');
    expect(await stored()).toBe(true);
    // The day turns: the counts are taken again for the next day.
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await recomputeProgress(duban, { asOf: tomorrow, planId });
    const next = await planDashboard(duban, planId, {}, { asOf: tomorrow });
    expect(next.asOf).toBe(tomorrow);
    expect(countsOf(next)).toEqual(await fromScratch());
  });
});
