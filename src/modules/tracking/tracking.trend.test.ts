import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import * as plans from '../ledger/ledger.plans.service.ts';
import * as tasks from '../ledger/ledger.tasks.service.ts';
import { refreshReportSummaries } from './tracking.progress.repo.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let planId: string;
let auth: { cookies: Record<string, string>; headers: Record<string, string> };

/** An accepted lead-unit report for a month of 2025 (due on the 25th), counted from its period's end. */
async function accepted(taskId: string, month: number, percent: number) {
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
      status: 'accepted',
      percent,
      indicator_values: '[]',
      submitted_at: new Date(`2025-${mm}-20T10:00:00`),
    })
    .execute();
  // Written as the reports part writes a report: with the task's report summary (task_report_summaries).
  await refreshReportSummaries(h.db, t.region_code, [taskId]);
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  const duban = await contextAs(h, 'duban');
  const plan = await plans.createPlan(duban, { title: '关于2025年滨海新区协同发展的实施方案', planType: 'work_plan', regionCode: '120000', issuedOn: '2025-01-01', nodes: [] });
  planId = plan.id;
  const [city, district] = await tasks.addTasks(duban, planId, [
    { seq: '1', title: '建设协同创新平台', deadlineText: '2025年12月底前', groupPath: ['一、协同创新'], leadUnit: { rawName: '市发改委' } },
    { seq: '2', title: '建成滨海产业园二期', deadlineText: '2025年12月底前', groupPath: ['一、协同创新'], leadUnit: { rawName: '滨海新区人民政府' } },
  ]);
  await plans.setPlanStatus(duban, planId, 'adopted');
  await plans.setPlanStatus(duban, planId, 'issued');
  // The city's task keeps pace (10, 20, 30%); the district's reported 5% in January and nothing since.
  await accepted(city, 1, 10);
  await accepted(city, 2, 20);
  await accepted(city, 3, 30);
  await accepted(district, 1, 5);
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'duban', password: DEMO_PASSWORD } });
  auth = { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('the dashboard’s completion trend and region filter', () => {
  it('gives one point a month since the plan took effect, judged from the report history as it stood then', async () => {
    const res = await app.inject({ url: `/api/plans/${planId}/dashboard/trend?asOf=2025-03-15`, ...auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      asOf: '2025-03-15',
      points: [
        // Both within 5 points of the 8% expected by the end of January.
        { month: '2025-01', date: '2025-01-31', tasks: 2, good: 2, goodShare: 100, averagePercent: 7.5 },
        // The district's task fell behind; the March report (for a period not yet ended) does not count on the 15th.
        { month: '2025-02', date: '2025-02-28', tasks: 2, good: 1, goodShare: 50, averagePercent: 12.5 },
        { month: '2025-03', date: '2025-03-15', tasks: 2, good: 1, goodShare: 50, averagePercent: 12.5 },
      ],
    });
  });

  it('narrows every number by the lead unit’s region, the trend too, and offers the regions present', async () => {
    const whole = (await app.inject({ url: `/api/plans/${planId}/dashboard?asOf=2025-03-15`, ...auth })).json();
    expect(whole.byRegion.map((g: { key: string; label: string; total: number }) => [g.key, g.label, g.total])).toEqual([
      ['120116', '滨海新区', 1],
      ['120000', '天津市', 1],
    ]);
    const district = await app.inject({ url: `/api/plans/${planId}/dashboard?asOf=2025-03-15&region=120116`, ...auth });
    expect(district.statusCode, district.body).toBe(200);
    expect(district.json().totals).toMatchObject({ total: 1, classes: { behind: 1 } });
    expect(district.json().byUnit.map((g: { label: string }) => g.label)).toEqual(['滨海新区政府']);
    const list = (await app.inject({ url: `/api/plans/${planId}/dashboard/tasks?asOf=2025-03-15&region=120116`, ...auth })).json();
    expect(list.tasks.map((t: { number: string }) => t.number)).toEqual(['2']);
    const trend = (await app.inject({ url: `/api/plans/${planId}/dashboard/trend?asOf=2025-03-15&region=120116`, ...auth })).json();
    expect(trend.points.map((p: { goodShare: number; averagePercent: number }) => [p.goodShare, p.averagePercent])).toEqual([
      [100, 5],
      [0, 5],
      [0, 5],
    ]);
    // A region without tasks gives zeros, not an error; a malformed code names the field.
    expect((await app.inject({ url: `/api/plans/${planId}/dashboard/trend?asOf=2025-03-15&region=130100`, ...auth })).json().points[0]).toMatchObject({ tasks: 0, goodShare: null, averagePercent: null });
    const bad = await app.inject({ url: `/api/plans/${planId}/dashboard?region=滨海`, ...auth });
    expect(bad.statusCode).toBe(400);
  });
});
