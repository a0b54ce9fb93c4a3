import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import * as plans from '../ledger/ledger.plans.service.ts';
import * as tasks from '../ledger/ledger.tasks.service.ts';
import { refreshTaskProgress, planProgressStatus, recomputeProgress, setPlanProgressRule } from './tracking.progress.service.ts';
import { dashboardTasks, planDashboard } from './tracking.dashboard.service.ts';
import * as reports from './tracking.reports.service.ts';
import { planRankings } from './tracking.rankings.service.ts';
import { refreshReportSummaries, storedProgress } from './tracking.progress.repo.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

let h: DatabaseHandle;
let duban: ServiceContext;
let planId: string;
const ids: Record<string, string> = {};
const AS_OF = '2025-06-30';

/** A lead-unit report on a task for one month (due on the 25th), submitted on the day given (null: still a draft). */
async function report(taskId: string, month: number, submittedOn: string | null, percent: number | null, status: 'accepted' | 'submitted' | 'draft' = 'accepted') {
  const t = await h.db.selectFrom('tasks').select(['region_code', 'plan_id']).where('id', '=', taskId).executeTakeFirstOrThrow();
  const lead = await h.db.selectFrom('task_units').select('unit_id').where('task_id', '=', taskId).where('role', '=', 'lead').executeTakeFirstOrThrow();
  const mm = String(month).padStart(2, '0');
  await h.db
    .insertInto('task_reports')
    .values({
      region_code: t.region_code,
      plan_id: t.plan_id,
      task_id: taskId,
      unit_id: lead.unit_id!,
      role: 'lead',
      period: `2025-${mm}`,
      period_end: `2025-${mm}-${new Date(Date.UTC(2025, month, 0)).getUTCDate()}`,
      due_date: `2025-${mm}-25`,
      status,
      percent,
      indicator_values: '[]',
      submitted_at: submittedOn ? new Date(`${submittedOn}T10:00:00`) : null,
    })
    .execute();
  // Written as the reports part writes a report: with the task's report summary (task_report_summaries).
  await refreshReportSummaries(h.db, t.region_code, [taskId]);
}

/** Reports for January to `last`, each on time, the percent rising to `percent`. */
async function onTime(taskId: string, last: number, percent: number) {
  for (let m = 1; m <= last; m++) await report(taskId, m, `2025-${String(m).padStart(2, '0')}-20`, Math.round((percent * m) / last));
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  duban = await contextAs(h, 'duban');
  const plan = await plans.createPlan(duban, {
    title: '关于推进2025年重点工作的实施方案',
    planType: 'work_plan',
    regionCode: '120000',
    issuedOn: '2025-01-01',
    nodes: [],
  });
  planId = plan.id;
  const task = (seq: string, title: string, deadlineText: string, part = '一、产业发展') => ({
    seq,
    title,
    deadlineText,
    groupPath: [part],
    leaders: [{ rawName: '张样例副市长' }],
    leadUnit: { rawName: '市发改委' },
  });
  const [behind, ahead, overdue, done, longTerm, blue, late] = await tasks.addTasks(duban, planId, [
    task('1', '建成产业链图谱', '2025年12月底前'),
    task('2', '出台专项政策', '2025年12月底前'),
    task('3', '完成企业摸底', '2025年3月底前'),
    task('4', '召开推进会', '2025年12月底前', '二、保障措施'),
    task('5', '常态化走访企业', '长期坚持', '二、保障措施'),
    task('6', '上线服务平台', '2025年7月10日前'),
    task('7', '编制招商目录', '2025年12月底前'),
  ]);
  Object.assign(ids, { behind, ahead, overdue, done, longTerm, blue, late });
  await plans.setPlanStatus(duban, planId, 'adopted');
  await plans.setPlanStatus(duban, planId, 'issued');
  await onTime(behind, 6, 10);
  await onTime(ahead, 6, 80);
  await onTime(overdue, 6, 90);
  await onTime(done, 5, 100);
  await h.db.updateTable('tasks').set({ closed_at: new Date('2025-05-20T12:00:00') }).where('id', '=', done).execute();
  await onTime(longTerm, 4, 40);
  await onTime(blue, 6, 97);
  await onTime(late, 5, 50);
});
afterAll(async () => h?.close());

describe('luoshi status --plan --as-of', () => {
  it('gives every task its expected and accepted percent, class, warning and reason', async () => {
    const status = await planProgressStatus(duban, planId, AS_OF);
    const byNumber = Object.fromEntries(status.tasks.map((t) => [t.number, t]));
    expect(status.tasks).toHaveLength(7);
    expect(byNumber['1']).toEqual({
      number: '1',
      text: '建成产业链图谱',
      expected: 49.5,
      actual: 10,
      class: 'behind',
      warning: 'yellow',
      reason: '截至2025年6月30日应完成49.5%，实际完成10%，落后39.5个百分点',
    });
    expect(byNumber['2']).toMatchObject({ actual: 80, class: 'ahead', warning: null });
    expect(byNumber['3']).toMatchObject({ expected: 100, actual: 90, class: 'overdue', warning: 'red' });
    expect(byNumber['3'].reason).toBe('完成时限2025年3月31日已过91天，尚未办结，实际完成90%');
    expect(byNumber['4']).toMatchObject({ class: 'done', warning: null, reason: '已于2025年5月20日办结' });
    // Reports for May and June never came: two late in a row.
    expect(byNumber['5']).toMatchObject({ expected: null, actual: 40, class: 'behind', warning: 'red' });
    expect(byNumber['5'].reason).toContain('连续2期报告逾期未报或迟报');
    expect(byNumber['6']).toMatchObject({ expected: 94.7, actual: 97, class: 'on_track', warning: 'blue' });
    expect(byNumber['7']).toMatchObject({ expected: 49.5, actual: 50, class: 'behind', warning: 'yellow' });
    expect(status.rule).toEqual({ aheadPoints: 5, behindPoints: 5, blueDays: 15, redLateReports: 2 });
  });

  it('counts a report that came late as late, and one not yet accepted as no progress', async () => {
    await report(ids.late, 6, '2025-06-27', 60, 'submitted');
    const t = (await planProgressStatus(duban, planId, AS_OF)).tasks.find((x) => x.number === '7')!;
    expect(t).toMatchObject({ actual: 50, class: 'behind', warning: 'yellow' });
    expect(t.reason).toContain('最近1期报告逾期未报或迟报');
    // A day before the due day nothing was late yet, and 50% of 41.3% is ahead.
    expect((await planProgressStatus(duban, planId, '2025-05-31')).tasks.find((x) => x.number === '7')).toMatchObject({ expected: 41.2, actual: 50, class: 'ahead', warning: null });
  });

  it('refuses a day that does not exist and a plan the caller may not see', async () => {
    await expect(planProgressStatus(duban, planId, '2025-02-29')).rejects.toBeInstanceOf(ValidationError);
    await expect(planProgressStatus(duban, '00000000-0000-0000-0000-000000000000', AS_OF)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('stored state', () => {
  it('is stored for every task of the issued plans by the recompute, and read by the dashboard', async () => {
    const r = await recomputeProgress(duban, { asOf: AS_OF });
    expect(r.asOf).toBe(AS_OF);
    expect(r.tasks).toBeGreaterThanOrEqual(7);
    const stored = await storedProgress(h.db, '120000', planId);
    expect(stored).toHaveLength(7);
    expect(stored.find((s) => s.task_id === ids.behind)).toMatchObject({ as_of: AS_OF, expected: 49.5, actual: 10, class: 'behind', warning: 'yellow' });

    const dash = await planDashboard(duban, planId, {}, { asOf: AS_OF });
    expect(dash.totals).toEqual({
      total: 7,
      classes: { overdue: 1, behind: 3, on_track: 1, ahead: 1, done: 1 },
      warnings: { red: 2, yellow: 2, blue: 1, none: 2 },
    });
    expect(dash.byPart.map((g) => [g.label, g.total, g.warnings.red])).toEqual([
      ['一、产业发展', 5, 1],
      ['二、保障措施', 2, 1],
    ]);
    expect(dash.byUnit[0]).toMatchObject({ label: '市发展改革委', total: 7 });
    expect(dash.byLeader[0]).toMatchObject({ label: '张样例', total: 7 });
  });

  it('lists the tasks behind a number, red and yellow first', async () => {
    const all = await dashboardTasks(duban, planId, {}, { asOf: AS_OF });
    expect(all.tasks.map((t) => t.number)).toEqual(['3', '5', '1', '7', '6', '2', '4']);
    const red = await dashboardTasks(duban, planId, { warning: 'red', part: '二、保障措施' }, { asOf: AS_OF });
    expect(red).toMatchObject({ total: 1, tasks: [{ number: '5', class: 'behind', leadUnit: { name: '市发展改革委' } }] });
    const unit = all.tasks[0].leadUnit!.key;
    expect((await dashboardTasks(duban, planId, { unit, class: 'ahead' }, { asOf: AS_OF })).tasks.map((t) => t.number)).toEqual(['2']);
    expect((await dashboardTasks(duban, planId, { dueTo: '2025-07-31' }, { asOf: AS_OF })).tasks.map((t) => t.number)).toEqual(['3', '6']);
    await expect(dashboardTasks(duban, planId, { dueTo: '2025-13-01' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('follows an accepted report at once', async () => {
    await report(ids.behind, 7, '2025-06-30', 55);
    await h.db.transaction().execute((trx) => refreshTaskProgress(trx, { planId, taskId: ids.behind }, AS_OF));
    const [row] = await storedProgress(h.db, '120000', planId, ids.behind);
    expect(row).toMatchObject({ actual: 10, class: 'behind' });
    // The July report's period ends after the day asked about; on 31 July it counts.
    await h.db.transaction().execute((trx) => refreshTaskProgress(trx, { planId, taskId: ids.behind }, '2025-07-31'));
    expect((await storedProgress(h.db, '120000', planId, ids.behind))[0]).toMatchObject({
      as_of: '2025-07-31',
      actual: 55,
      class: 'on_track',
      warning: null,
    });
  });

  it('follows the reports part: accepting a report through it moves the stored standing', async () => {
    const fgw = await contextAs(h, 'fgw');
    const draft = await reports.saveReport(fgw, ids.ahead, { period: '2025-08', doneText: '政策草案已征求意见。', percent: 85 });
    await reports.submitReport(fgw, draft.id);
    await reports.acceptReport(duban, draft.id);
    const [row] = await storedProgress(h.db, '120000', planId, ids.ahead);
    expect(row).toMatchObject({ as_of: chinaDay(), actual: 85 });
  });

  it('follows a deadline edited on the plan page at once: expected progress, warning and reason of the new deadline', async () => {
    // The demo plan's task due ten days from today, shown blue (due within the blue window).
    const [task] = await h.db.selectFrom('tasks').select(['id', 'plan_id', 'due_date']).where('title', 'like', '上线企业诉求%').execute();
    const shown = async () => (await dashboardTasks(duban, task.plan_id, {}, { limit: 1000 })).tasks.find((t) => t.id === task.id)!;
    const before = await shown();
    expect(before.warning).toBe('blue');
    const day = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
    expect(before.reason.zh).toContain(day(task.due_date!));

    const later = new Date(Date.parse(`${task.due_date}T00:00:00Z`) + 60 * 86_400_000).toISOString().slice(0, 10);
    await tasks.updateTask(duban, task.id, { deadlineText: `${day(later)}前` });
    const after = await shown();
    expect(after.dueDate).toBe(later);
    // No longer 距完成时限…还有10天: the new deadline is far off, and the expected percent follows it.
    expect(after.reason.zh).not.toContain(day(task.due_date!));
    expect(after.warning).not.toBe('blue');
    expect(after.expected!).toBeLessThan(before.expected!);
    // What the page shows is what computing afresh gives for the new deadline.
    const fresh = (await planProgressStatus(duban, task.plan_id)).tasks.find((t) => t.text.startsWith('上线企业诉求'))!;
    expect({ expected: after.expected, warning: after.warning, reason: after.reason.zh }).toEqual({ expected: fresh.expected, warning: fresh.warning, reason: fresh.reason });
  });

  it('is recomputed only by the supervision office, and follows the plan’s own rule', async () => {
    await expect(recomputeProgress(await contextAs(h, 'fgw'), { asOf: AS_OF })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setPlanProgressRule(await contextAs(h, 'fgw'), planId, null)).rejects.toBeInstanceOf(ForbiddenError);
    await setPlanProgressRule(duban, planId, { aheadPoints: 5, behindPoints: 50, blueDays: 15, redLateReports: 3 }, AS_OF);
    const status = await planProgressStatus(duban, planId, AS_OF);
    expect(status.rule.behindPoints).toBe(50);
    expect(status.tasks.find((t) => t.number === '1')).toMatchObject({ class: 'on_track', warning: null });
    expect(status.tasks.find((t) => t.number === '5')).toMatchObject({ class: 'behind', warning: 'yellow' });
    await setPlanProgressRule(duban, planId, null, AS_OF);
    expect((await planProgressStatus(duban, planId, AS_OF)).rule.behindPoints).toBe(5);
  });

  it('ranks the units weighted by workload, saying how', async () => {
    const r = await planRankings(duban, planId, { by: 'onTrack', asOf: AS_OF });
    expect(r.weighting.zh).toContain('权重按工作量计');
    // 市发改委 leads all seven: ahead (12 months), done (12) and on track (6) of 69 weighted months.
    expect(r.units).toEqual([
      expect.objectContaining({ rank: 1, unitName: '市发展改革委', leads: 7, supports: 0, workload: 69, onTrackRate: 43.5, closures: 1, closureWeight: 12 }),
    ]);
    // Of the reports due by 30 June, the long-term task missed two and the 7th task was late once.
    expect(r.units[0].onTimeRate).toBeGreaterThan(80);
    expect(r.units[0].onTimeRate).toBeLessThan(100);
  });
});
