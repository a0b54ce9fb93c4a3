import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import * as tasks from '../ledger/ledger.tasks.service.ts';
import * as org from '../org/org.service.ts';
import * as reports from './tracking.reports.service.ts';
import * as evidence from './tracking.evidence.service.ts';
import { dashboardTasks, dashboardUnits, planDashboard, TOP_UNITS, type DashboardFilter, type PlanDashboard } from './tracking.dashboard.service.ts';
import * as repo from './tracking.dashboard.repo.ts';
import { groupTallies, sortGroups, tally, type DashboardGroup } from './tracking.dashboard.domain.ts';
import { recomputeProgress } from './tracking.progress.service.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

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
  const units = groupTallies(c.units);
  return {
    totals: tally(c.total),
    reports: c.reports,
    byPart: groupTallies(c.parts),
    byLeader: groupTallies(c.leaders),
    byUnit: sortGroups(topByAttention(units).slice(0, TOP_UNITS)),
    unitCount: units.length,
    byRegion: groupTallies(c.regions),
  };
}
const countsOf = (d: PlanDashboard) => ({ totals: d.totals, reports: d.reports, byPart: d.byPart, byLeader: d.byLeader, byUnit: d.byUnit, unitCount: d.unitCount, byRegion: d.byRegion });

/** Units as the dashboard ranks them: most red, then yellow, then most tasks; ties by key. */
function topByAttention(units: DashboardGroup[]): DashboardGroup[] {
  const cp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...units].sort((a, b) => b.warnings.red - a.warnings.red || b.warnings.yellow - a.warnings.yellow || b.total - a.total || cp(a.key, b.key));
}

/** Every lead unit of the filtered dashboard, paged through dashboardUnits, against counting from scratch. */
async function checkUnits(filter: DashboardFilter) {
  const all = groupTallies(await repo.unitCounts(h.db, REGION, planId, filter));
  const byAttention = topByAttention(all);
  const first = await dashboardUnits(duban, planId, filter, { asOf: today, limit: 3 });
  expect(first.total).toBe(all.length);
  expect(first.units).toEqual(byAttention.slice(0, 3));
  expect((await dashboardUnits(duban, planId, filter, { asOf: today, limit: 4, offset: 2 })).units).toEqual(byAttention.slice(2, 6));
  // Sorted by a count, most first, ties by key; by name; looked up by part of a name.
  const byTotal = (await dashboardUnits(duban, planId, filter, { asOf: today, sort: 'total', limit: 500 })).units;
  expect(byTotal.map((u) => u.total)).toEqual(all.map((u) => u.total).sort((a, b) => b - a));
  const byName = (await dashboardUnits(duban, planId, filter, { asOf: today, sort: 'name', limit: 500 })).units.map((u) => u.label);
  expect(byName).toEqual(all.map((u) => u.label).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  const some = all[0].label.slice(1, 3);
  const found = await dashboardUnits(duban, planId, filter, { asOf: today, q: some, limit: 500 });
  expect(found.units.map((u) => u.key).sort()).toEqual(all.filter((u) => u.label.includes(some)).map((u) => u.key).sort());
  expect(found.total).toBe(found.units.length);
}

/** Whether the plan's stored counts are the ones a whole-plan dashboard answers from. */
async function stored(): Promise<boolean> {
  const s = await repo.summaryState(h.db, REGION, planId);
  return Boolean(s && s.summary_stamp !== null && Number(s.summary_stamp) === Number(s.stamp) && s.summary_as_of === today && s.summary_org_stamp === (await repo.orgStamp(h.db)));
}

/** Reads the dashboard twice (the second from the stored counts) and checks both against counting from scratch. */
async function checkDashboard(): Promise<PlanDashboard> {
  const first = await planDashboard(duban, planId, {}, { asOf: today });
  expect(countsOf(first)).toEqual(await fromScratch());
  expect(await stored()).toBe(true);
  const second = await planDashboard(duban, planId, {}, { asOf: today });
  expect(countsOf(second)).toEqual(countsOf(first));
  // The units listed are the ones that need attention most, shown red first; the rest are paged.
  expect(second.byUnit).toEqual(sortGroups([...second.byUnit]));
  await checkUnits({});
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
  today = chinaDay();
});
afterAll(async () => h?.close());

describe('the stored dashboard counts', () => {
  it('answer what counting every task answers, on the demo plan', async () => {
    const d = await checkDashboard();
    // The demo plan holds every class and warning, so the comparison covers them all.
    expect(Object.values(d.totals.classes).every((n) => n > 0)).toBe(true);
    expect(d.byUnit.length).toBeGreaterThan(1);
    // A filtered dashboard's units are counted from scratch, and page and sort the same way.
    await checkUnits({ part: d.byPart[0].key });
    await checkUnits({ warning: 'red' });
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

  it('follow a unit moved to another region, the plan untouched', async () => {
    const before = await checkDashboard();
    const region = before.byRegion[0];
    const unit = before.byUnit.find((u) => !fgw.actor.editableUnitIds.has(u.key) && /^[0-9a-f-]{36}$/.test(u.key))!;
    const moved = await h.db.selectFrom('units').select(['id', 'region_code']).where('id', '=', unit.key).executeTakeFirstOrThrow();
    const to = (await h.db.selectFrom('regions').select('code').where('code', '!=', moved.region_code).where('code', 'like', '12%').orderBy('code').limit(1).executeTakeFirstOrThrow()).code;
    const admin = await contextAs(h, 'admin');
    await org.updateUnit(admin, unit.key, { regionCode: to });
    expect(await stored()).toBe(false);
    const after = await checkDashboard();
    expect(after.byRegion.find((r) => r.key === to)?.total ?? 0).toBeGreaterThan(before.byRegion.find((r) => r.key === to)?.total ?? 0);
    expect(region.total).toBeGreaterThan(0);
  });

  it('list only the units that need attention most, and every unit page by page', async () => {
    // The dashboard lists TOP_UNITS units (20); the demo plan has fewer, so this asks for 3, from scratch and stored.
    const all = await dashboardUnits(duban, planId, {}, { asOf: today, limit: 500 });
    expect(all.total).toBeGreaterThan(3);
    // A recompute that changes no standing leaves the plan's stamp (and stored counts) alone; a moved stamp stands for
    // a standing written, so the first read below counts from scratch and the second reads the counts it stored.
    await recomputeProgress(duban, { asOf: today, planId });
    await h.db.updateTable('plan_dashboard_state').set({ stamp: sql<number>`stamp + 1` }).where('plan_id', '=', planId).execute();
    expect(await stored()).toBe(false);
    for (const d of [await planDashboard(duban, planId, {}, { asOf: today, topUnits: 3 }), await planDashboard(duban, planId, {}, { asOf: today, topUnits: 3 })]) {
      expect(d.unitCount).toBe(all.total);
      expect(d.byUnit).toHaveLength(3);
      expect(d.byUnit.map((u) => u.key).sort()).toEqual(all.units.slice(0, 3).map((u) => u.key).sort());
    }
    expect(await stored()).toBe(true);
    // Every number of the list opens its tasks: a unit's red count is the number of its red tasks.
    const worst = all.units[0];
    expect(worst.warnings.red).toBeGreaterThan(0);
    expect((await dashboardTasks(duban, planId, { unit: worst.key, warning: 'red' }, { asOf: today })).total).toBe(worst.warnings.red);
    const last = all.units.at(-1)!;
    expect((await dashboardTasks(duban, planId, { unit: last.key }, { asOf: today })).total).toBe(last.total);
  });
});
