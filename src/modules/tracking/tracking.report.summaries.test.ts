import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import * as reports from './tracking.reports.service.ts';
import * as evidence from './tracking.evidence.service.ts';
import { importReports } from './tracking.import.service.ts';
import { computePlanStandings, planStandingsOn, recomputeProgress } from './tracking.progress.service.ts';
import { reportSummaryPair } from './tracking.progress.repo.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

// The recompute reads each task's lead reports summed up in task_report_summaries (migration 0021), written by every
// report write. These tests check the stored summaries against summing the reports afresh after each kind of write,
// and the standings computed from them against the standings computed from the reports themselves.

let h: DatabaseHandle;
let duban: ServiceContext;
let fgw: ServiceContext;
let planId: string;
const REGION = '120000';
let today: string;
let past: string;

const dayBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** A summary as compared: the percent as a number, the reports owed in a fixed order (string_agg keeps none). */
const shape = (rows: { task_id: string; actual: unknown; known_on: string | null; dues: string | null }[]) =>
  rows
    .map((r) => ({ task: r.task_id, actual: r.actual === null ? null : Number(r.actual), knownOn: r.known_on, dues: r.dues === null ? null : r.dues.split(',').sort().join(',') }))
    .sort((a, b) => (a.task < b.task ? -1 : 1));

/** Stored summaries equal the reports summed afresh; the standings from them equal those from the reports, today and on an earlier day. */
async function check(): Promise<number> {
  const { stored, fresh } = await reportSummaryPair(h.db, REGION, planId);
  expect(fresh.length).toBeGreaterThan(0);
  expect(shape(stored)).toEqual(shape(fresh));
  const ids = (await h.db.selectFrom('tasks').select('id').where('region_code', '=', REGION).where('plan_id', '=', planId).orderBy('position').execute()).map((t) => t.id);
  for (const day of [today, past]) {
    const fromSummaries = (await computePlanStandings(h.db, planId, day)).standings;
    const [fromReports] = await planStandingsOn(h.db, planId, [day], ids);
    expect(fromSummaries).toEqual(fromReports.standings);
  }
  return stored.length;
}

/** A task of the plan led by fgw's unit, not closed, with no report of the current period yet. */
async function fgwTask(skip: string[] = []) {
  return h.db
    .selectFrom('tasks as t')
    .innerJoin('task_units as u', (j) => j.onRef('u.region_code', '=', 't.region_code').onRef('u.task_id', '=', 't.id'))
    .select(['t.id', 't.seq'])
    .where('t.region_code', '=', REGION)
    .where('t.plan_id', '=', planId)
    .where('u.role', '=', 'lead')
    .where('u.unit_id', 'in', [...fgw.actor.editableUnitIds])
    .where('t.closed_at', 'is', null)
    .where('t.id', 'not in', skip.length ? skip : ['00000000-0000-0000-0000-000000000000'])
    .orderBy('t.position')
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [duban, fgw] = await Promise.all(['duban', 'fgw'].map((u) => contextAs(h, u)));
  planId = (await h.db.selectFrom('plans').select('id').where('title', 'like', '%年度重点任务分工方案（示例）').executeTakeFirstOrThrow()).id;
  today = chinaDay();
  past = dayBefore(today, 45);
});
afterAll(async () => h?.close());

describe('the stored report summaries', () => {
  it('are those of the demo reports, and an earlier day is answered from the reports known then', async () => {
    await check();
    // Some task's latest accepted percent became known after `past`: that day's standings cannot come from its summary.
    const { stored } = await reportSummaryPair(h.db, REGION, planId);
    expect(stored.some((s) => s.known_on !== null && s.known_on > past)).toBe(true);
  });

  it('follow a report saved, submitted, returned, saved again, submitted again and accepted', async () => {
    const task = await fgwTask();
    const draft = await reports.saveReport(fgw, task.id, { doneText: '完成首批项目签约。', percent: 55 });
    await check();
    await reports.submitReport(fgw, draft.id);
    await check();
    await reports.returnReport(duban, draft.id, '请补充签约金额');
    await check();
    await reports.saveReport(fgw, task.id, { doneText: '完成首批项目签约，金额 12 亿元。', percent: 60 });
    await reports.submitReport(fgw, draft.id);
    await check();
    await reports.acceptReport(duban, draft.id);
    await check();
    const { stored } = await reportSummaryPair(h.db, REGION, planId);
    expect(Number(stored.find((s) => s.task_id === task.id)?.actual)).toBe(60);
    expect(stored.find((s) => s.task_id === task.id)?.known_on).toBe(today);
  });

  it('follow a task closed (办结) and reopened', async () => {
    const task = await fgwTask();
    const closing = await reports.saveReport(fgw, task.id, { kind: 'closing', doneText: '任务已全部完成。' });
    await evidence.addEvidence(fgw, closing.id, { fileName: '验收.pdf', bytes: new TextEncoder().encode('%PDF-1.7\n%%EOF') });
    await reports.submitReport(fgw, closing.id);
    await reports.acceptReport(duban, closing.id);
    await check();
    await reports.reopenTask(duban, task.id, '复核发现材料不全');
    await check();
  });

  it('follow imported history, and the recompute stores what the reports give', async () => {
    const led = await h.db
      .selectFrom('tasks as t')
      .innerJoin('task_units as u', (j) => j.onRef('u.region_code', '=', 't.region_code').onRef('u.task_id', '=', 't.id'))
      .select('t.seq')
      .where('t.region_code', '=', REGION)
      .where('t.plan_id', '=', planId)
      .where('u.role', '=', 'lead')
      .where('u.unit_id', 'is not', null)
      .orderBy('t.position')
      .limit(4)
      .execute();
    const csv = ['序号,报告期,完成百分比,进展情况', ...led.map((t, i) => `${t.seq},2020-0${i + 1},${10 * (i + 1)},历史进展${i + 1}`)].join('\n');
    const before = await check();
    await importReports(duban, new TextEncoder().encode(csv), '历史.csv', planId);
    expect(await check()).toBeGreaterThanOrEqual(before);
    await recomputeProgress(duban, { asOf: today, planId });
    const stored = await h.db.selectFrom('task_progress').select(['task_id', 'actual', 'class', 'warning', 'late_reports', 'reports_due', 'reports_on_time']).where('region_code', '=', REGION).where('plan_id', '=', planId).execute();
    const ids = (await h.db.selectFrom('tasks').select('id').where('region_code', '=', REGION).where('plan_id', '=', planId).orderBy('position').execute()).map((t) => t.id);
    const [fromReports] = await planStandingsOn(h.db, planId, [today], ids);
    const byTask = new Map(stored.map((s) => [s.task_id, s]));
    expect(fromReports.standings.map((s) => ({ task_id: s.taskId, actual: s.actual, class: s.class, warning: s.warning, late_reports: s.lateReports, reports_due: s.reportsDue, reports_on_time: s.reportsOnTime }))).toEqual(
      ids.map((id) => {
        const s = byTask.get(id)!;
        return { ...s, actual: s.actual === null ? null : Number(s.actual) };
      }),
    );
  });

  it('are not needed by a plan that has none (restored from a backup made before them): its reports are summed up', async () => {
    const ids = (await h.db.selectFrom('tasks').select('id').where('region_code', '=', REGION).where('plan_id', '=', planId).orderBy('position').execute()).map((t) => t.id);
    const [withSummaries] = await planStandingsOn(h.db, planId, [today], ids);
    await h.db.deleteFrom('task_report_summaries').where('region_code', '=', REGION).where('plan_id', '=', planId).execute();
    expect((await computePlanStandings(h.db, planId, today)).standings).toEqual(withSummaries.standings);
    expect(withSummaries.standings.some((s) => s.actual !== null && s.reportsDue > 0)).toBe(true);
  });
});
