import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { extractDocumentText } from '../documents/index.ts';
import { CLASS_NAMES, WARNING_NAMES } from './tracking.progress.domain.ts';
import { chinaDay } from '../../lib/calendar-date.ts';
import { LEDGER_COLUMNS } from './tracking.ledger.service.ts';
import { periodText } from './ui/reports.form.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let planId: string;
let today: string;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };
const as: Record<string, Auth> = {};
const taskIds = new Map<string, string>();

async function login(username: string): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
}

/** The demo progress plan's dashboard and all its tasks, as the dashboard's API answers them on a day. */
async function dashboardOf(auth: Auth, day: string) {
  const d = await app.inject({ url: `/api/plans/${planId}/dashboard?asOf=${day}`, ...auth });
  const t = await app.inject({ url: `/api/plans/${planId}/dashboard/tasks?asOf=${day}&limit=1000`, ...auth });
  expect(d.statusCode, d.body).toBe(200);
  return { dashboard: d.json(), tasks: t.json().tasks as { id: string; number: string; class: keyof typeof CLASS_NAMES; warning: keyof typeof WARNING_NAMES | null; expected: number | null; actual: number | null }[] };
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  for (const u of ['duban', 'fgw', 'gxj', 'swj', 'leader']) as[u] = await login(u);
  planId = (await h.db.selectFrom('plans').select('id').where('title', 'like', '%年度重点任务分工方案（示例）').executeTakeFirstOrThrow()).id;
  today = chinaDay();
  for (const t of await h.db.selectFrom('tasks').select(['id', 'seq']).where('region_code', '=', '120000').where('plan_id', '=', planId).execute()) taskIds.set(t.seq, t.id);
  // Task 2 (链长制, 市工信局, 张样例) reports a problem and asks for coordination in its latest accepted report.
  const latest = await h.db
    .selectFrom('task_reports')
    .select('id')
    .where('region_code', '=', '120000')
    .where('task_id', '=', taskIds.get('2')!)
    .where('status', '=', 'accepted')
    .orderBy('period_end', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  await h.db
    .updateTable('task_reports')
    .set({ problems: '部分产业链链主企业参与积极性不高。', help_needed: '请市国资委协调链主国企参与。', next_steps: '召开链长制推进会。' })
    .where('region_code', '=', '120000')
    .where('id', '=', latest.id)
    .execute();
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('the 台账 export', () => {
  it('writes one row per task in the official layout, with class, warning, percents and the latest progress', async () => {
    const res = await app.inject({ url: `/api/plans/${planId}/ledger.xlsx?asOf=${today}`, ...as.fgw });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('工作台账'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('工作台账');
    const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
    expect(header).toEqual(['序号', '重点任务', '牵头市领导', '牵头单位', '责任单位', '完成时限', ...LEDGER_COLUMNS, '备注']);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => {
      const seq = row.getCell(1).value;
      if (n > 2 && typeof seq === 'number') rows.set(String(seq), row);
    });
    const { tasks } = await dashboardOf(as.fgw, today);
    expect(rows.size).toBe(tasks.length);
    for (const t of tasks) {
      const row = rows.get(t.number)!;
      const text = (name: string) => String(row.getCell(col(name)).value ?? '');
      expect(text('进度分类'), `task ${t.number}`).toBe(CLASS_NAMES[t.class].zh);
      expect(text('预警等级'), `task ${t.number}`).toBe(t.warning ? WARNING_NAMES[t.warning].zh : '');
      // Numbers, not text: a sheet that sums or sorts them needs no conversion.
      expect(row.getCell(col('应完成进度（%）')).value, `task ${t.number}`).toBe(t.expected);
      expect(row.getCell(col('实际完成进度（%）')).value, `task ${t.number}`).toBe(t.actual);
    }
    // The demo plan has every class and warning: the overdue task 4 is red, the task closed a month ago is done.
    expect(String(rows.get('4')!.getCell(col('进度分类')).value)).toBe('逾期');
    expect(String(rows.get('4')!.getCell(col('预警等级')).value)).toBe('红');
    expect(String(rows.get('5')!.getCell(col('进度分类')).value)).toBe('已完成');
    const two = rows.get('2')!;
    expect(String(two.getCell(col('最新进展')).value)).toMatch(/按计划推进/);
    expect(String(two.getCell(col('存在问题')).value)).toBe('部分产业链链主企业参与积极性不高。\n需协调事项：请市国资委协调链主国企参与。');
    expect(String(two.getCell(col('下步打算')).value)).toBe('召开链长制推进会。');
    expect(String(two.getCell(col('牵头单位')).value)).toBe('市工业和信息化局');
  });

  it('asks the public to sign in and refuses a bad day, naming it', async () => {
    expect((await app.inject({ url: `/api/plans/${planId}/ledger.xlsx` })).statusCode).toBe(401);
    const bad = await app.inject({ url: `/api/plans/${planId}/ledger.xlsx?asOf=2025-02-30`, ...as.fgw });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('asOf');
  });
});

describe('the progress briefing', () => {
  it('stores the highlights a supervisor picks for a day, and refuses them from a unit', async () => {
    const task1 = taskIds.get('1')!;
    const report = await h.db.selectFrom('task_reports').select('id').where('region_code', '=', '120000').where('task_id', '=', task1).where('status', '=', 'accepted').orderBy('period_end', 'desc').limit(1).executeTakeFirstOrThrow();
    const body = { asOf: today, highlights: [{ taskId: task1, reportId: report.id }, { taskId: taskIds.get('6')!, note: '企业诉求平台已完成联调测试。' }] };
    const refused = await app.inject({ method: 'PUT', url: `/api/plans/${planId}/briefing/highlights`, ...as.fgw, payload: body });
    expect(refused.statusCode).toBe(403);
    const foreign = await app.inject({ method: 'PUT', url: `/api/plans/${planId}/briefing/highlights`, ...as.duban, payload: { asOf: today, highlights: [{ taskId: taskIds.get('1')!, reportId: '00000000-0000-4000-8000-000000000000' }] } });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].field).toBe('highlights[0].reportId');
    const set = await app.inject({ method: 'PUT', url: `/api/plans/${planId}/briefing/highlights`, ...as.duban, payload: body });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().highlights.map((x: { number: string }) => x.number)).toEqual(['1', '6']);
    const read = await app.inject({ url: `/api/plans/${planId}/briefing?asOf=${today}`, ...as.fgw });
    expect(read.json()).toMatchObject({ asOf: today, abilities: [], highlights: [{ number: '1' }, { number: '6', text: '企业诉求平台已完成联调测试。' }] });
  });

  it('says what the dashboard says on the same day', async () => {
    const res = await app.inject({ url: `/api/plans/${planId}/briefing.docx?asOf=${today}`, ...as.duban });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const text = (await extractDocumentText(res.rawPayload, 'briefing.docx')).text;
    const { dashboard: d, tasks } = await dashboardOf(as.duban, today);
    const figure = (re: RegExp) => {
      const m = text.match(re);
      expect(m, `${re} in\n${text}`).not.toBeNull();
      return Number(m![1]);
    };
    expect(figure(/共有重点任务(\d+)项，已办结/)).toBe(d.totals.total);
    expect(figure(/已办结(\d+)项/)).toBe(d.totals.classes.done);
    const summary = text.slice(text.indexOf('总体情况'), text.indexOf('分领域推进情况'));
    const inSummary = (re: RegExp) => Number(summary.match(re)![1]);
    const names = { done: '已完成', ahead: '超进度', on_track: '达进度', behind: '欠进度', overdue: '逾期' } as const;
    for (const [c, zh] of Object.entries(names)) expect(inSummary(new RegExp(`${zh}(\\d+)项`)), zh).toBe(d.totals.classes[c as keyof typeof names]);
    for (const [w, zh] of Object.entries({ red: '红', yellow: '黄', blue: '蓝' })) expect(inSummary(new RegExp(`${zh}色预警(\\d+)项`)), zh).toBe(d.totals.warnings[w as 'red']);
    expect(d.reports.due).toBeGreaterThan(0);
    expect(inSummary(/应报送进展报告(\d+)份/)).toBe(d.reports.due);
    expect(inSummary(/按时报送(\d+)份/)).toBe(d.reports.onTime);
    // Progress by part: each part's count is the dashboard's.
    for (const part of d.byPart) expect(figure(new RegExp(`${part.label.replace(/^[一二三四五六七八九十]+、/, '')}。共有重点任务(\\d+)项`))).toBe(part.total);
    // The document numbers the parts afresh, （一）（二）（三）: in the plan's order (the dashboard puts the red ones first),
    // so 三、强化组织保障 is never printed as （二）.
    expect(text).toMatch(/（一）推动产业链协同。[\s\S]*（二）优化营商环境。[\s\S]*（三）强化组织保障。/);
    // The red tasks are the dashboard's red tasks, with their reasons.
    const red = tasks.filter((t) => t.warning === 'red');
    expect(red.length).toBe(d.totals.warnings.red);
    expect(figure(/红色预警任务共(\d+)项/)).toBe(red.length);
    for (const t of red) expect(text).toContain(`任务${t.number}：`);
    // The highlights chosen, and the problems from accepted reports.
    expect(text).toContain('企业诉求平台已完成联调测试。');
    expect(text).toContain('需协调事项：请市国资委协调链主国企参与。');
    // Each problem is told apart from its task's title: 任务N：title。存在问题：…, not the title running into the problem.
    const problem = text.split('\n').find((l) => l.includes('部分产业链链主企业参与积极性不高。'))!;
    expect(problem).toMatch(/^（[一二三四五六七八九十]+）任务\d+：[^。]+。存在问题：部分产业链链主企业参与积极性不高。/);
  });

  it('is signed by the exporting office, or by the signature asked for, and refuses an over-long one', async () => {
    const duban = await h.db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select('units.name').where('users.username', '=', 'duban').executeTakeFirstOrThrow();
    const byDefault = await app.inject({ url: `/api/plans/${planId}/briefing.docx?asOf=${today}`, ...as.duban });
    const lines = (await extractDocumentText(byDefault.rawPayload, 'briefing.docx')).text.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines.slice(-3)).toContain(duban.name);
    const asked = await app.inject({ url: `/api/plans/${planId}/briefing.docx?asOf=${today}&issuer=${encodeURIComponent('市委市政府督查室')}`, ...as.duban });
    const askedLines = (await extractDocumentText(asked.rawPayload, 'briefing.docx')).text.split('\n').map((l) => l.trim());
    expect(askedLines.slice(-4)).toContain('市委市政府督查室');
    expect(askedLines).not.toContain(duban.name);
    const tooLong = await app.inject({ url: `/api/plans/${planId}/briefing.docx?asOf=${today}&issuer=${encodeURIComponent('督'.repeat(41))}`, ...as.duban });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details[0].field).toBe('issuer');
    expect(tooLong.json().error.message).toContain('署名');
  });
});

describe('a leader’s page and a unit’s page', () => {
  const personOf = async (name: string) => (await h.db.selectFrom('people').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

  it('shows the leader his portfolio, what needs a decision and what is late', async () => {
    const zhang = await personOf('张样例');
    const res = await app.inject({ url: `/api/people/${zhang}/leader-page`, ...as.leader });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.person.name).toBe('张样例');
    const inPlan = page.byPlan.find((p: { planId: string }) => p.planId === planId);
    // Tasks 1, 2, 5 and 7 of the demo plan are his (牵头), their lead units in his portfolio (分管).
    expect(inPlan.total).toBe(4);
    expect(inPlan.classes.done).toBe(1);
    expect(page.totals.total).toBe(page.leads + page.oversees);
    expect(page.decisions.coordination).toEqual([expect.objectContaining({ number: '2', helpNeeded: '请市国资委协调链主国企参与。' })]);
    // Task 7 had a late report: behind, yellow.
    expect(page.late.map((t: { number: string; planId: string }) => t.planId === planId && t.number)).toContain('7');
    // Another leader's page is not his to see; a supervisor sees every leader's.
    const li = await personOf('李演示');
    expect((await app.inject({ url: `/api/people/${li}/leader-page`, ...as.leader })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/people/${li}/leader-page`, ...as.fgw })).statusCode).toBe(403);
    const forDuban = await app.inject({ url: `/api/people/${li}/leader-page`, ...as.duban });
    expect(forDuban.statusCode).toBe(200);
    expect(forDuban.json().byPlan.find((p: { planId: string }) => p.planId === planId).total).toBeGreaterThanOrEqual(2);
  });

  it('lists a deadline change request on his task under what needs a decision', async () => {
    const task2 = taskIds.get('2')!;
    const gxj = (await h.db.selectFrom('units').select('id').where('short_name', '=', '市工业和信息化局').executeTakeFirstOrThrow()).id;
    await h.db.insertInto('deadline_changes').values({ region_code: '120000', task_id: task2, unit_id: gxj, old_due_date: null, new_due_date: '2030-12-31', reason: '链主企业调整' }).execute();
    const page = (await app.inject({ url: `/api/people/${await personOf('张样例')}/leader-page`, ...as.leader })).json();
    expect(page.decisions.deadlineChanges).toEqual([expect.objectContaining({ number: '2', newDueDate: '2030-12-31', reason: '链主企业调整' })]);
  });

  it('lists a supporting unit’s report as awaiting consolidation only until the lead unit reports that period', async () => {
    const task1 = taskIds.get('1')!;
    const units = await h.db.selectFrom('task_units').select(['unit_id', 'role']).where('region_code', '=', '120000').where('task_id', '=', task1).execute();
    const lead = units.find((u) => u.role === 'lead')!.unit_id!;
    const co = units.find((u) => u.role !== 'lead')!.unit_id!;
    const base = { region_code: '120000', plan_id: planId, task_id: task1, kind: 'progress' as const, period: '2099-01', period_end: '2099-01-31', indicator_values: '[]' };
    const coReport = await h.db.insertInto('task_reports').values({ ...base, unit_id: co, role: 'co', status: 'submitted', done_text: '配合单位已完成数据报送。', submitted_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    const awaiting = async () => {
      const page = (await app.inject({ url: `/api/people/${await personOf('张样例')}/leader-page`, ...as.leader })).json();
      return page.decisions.reports.map((r: { id: string }) => r.id) as string[];
    };
    expect(await awaiting()).toContain(coReport.id);
    // The lead unit's report of the same period, submitted: consolidated, nothing of that period awaits the lead unit.
    const leadReport = await h.db.insertInto('task_reports').values({ ...base, unit_id: lead, role: 'lead', status: 'submitted', done_text: '牵头单位汇总。', percent: 50, submitted_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    const after = await awaiting();
    expect(after).not.toContain(coReport.id);
    expect(after).toContain(leadReport.id);
    await h.db.deleteFrom('task_reports').where('region_code', '=', '120000').where('id', 'in', [coReport.id, leadReport.id]).execute();
  });

  it('words a closing report awaiting acceptance as 办结报告 with the month it was submitted, never its stored period', async () => {
    const task1 = taskIds.get('1')!;
    const lead = (await h.db.selectFrom('task_units').select('unit_id').where('region_code', '=', '120000').where('task_id', '=', task1).where('role', '=', 'lead').executeTakeFirstOrThrow()).unit_id!;
    const submittedAt = new Date('2026-11-30T17:00:00Z');
    const closing = await h.db
      .insertInto('task_reports')
      .values({ region_code: '120000', plan_id: planId, task_id: task1, unit_id: lead, role: 'lead', kind: 'closing', period: 'closing', period_end: '2026-12-31', indicator_values: '[]', status: 'submitted', done_text: '任务已全部完成。', submitted_at: submittedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = (await app.inject({ url: `/api/people/${await personOf('张样例')}/leader-page`, ...as.leader })).json();
    const item = page.decisions.reports.find((r: { id: string }) => r.id === closing.id);
    expect(item).toMatchObject({ kind: 'closing', submittedAt: submittedAt.toISOString() });
    const shown = { kind: item.kind, period: item.period, submitted_at: item.submittedAt };
    // 17:00 UTC on 30 November is 1 December in China.
    expect(periodText(shown, 'zh-CN')).toBe('办结报告（2026年12月报送）');
    expect(periodText(shown, 'en-US')).toBe('Closing report (submitted 2026-12)');
    await h.db.deleteFrom('task_reports').where('region_code', '=', '120000').where('id', '=', closing.id).execute();
  });

  it('shows a unit what it leads and supports and its reporting record, to its own side only', async () => {
    const gxj = (await h.db.selectFrom('units').select('id').where('short_name', '=', '市工业和信息化局').executeTakeFirstOrThrow()).id;
    const res = await app.inject({ url: `/api/units/${gxj}/tracking-page`, ...as.gxj });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.unit.name).toBe('市工业和信息化局');
    const ours = page.tasks.filter((t: { planId: string }) => t.planId === planId);
    expect(ours.filter((t: { role: string }) => t.role === 'lead').map((t: { number: string }) => t.number).sort()).toEqual(['1', '2']);
    expect(ours.filter((t: { role: string }) => t.role === 'co').map((t: { number: string }) => t.number).sort()).toEqual(['3', '5']);
    expect(page.reporting.length).toBeGreaterThan(0);
    for (const p of page.reporting) expect(p.onTime + p.late + p.missing).toBe(p.due);
    expect(page.escalations).toEqual({ available: true, items: [] });
    // 市发改委 has the demo's open notice on its page, numbered.
    const fgw = (await h.db.selectFrom('units').select('id').where('short_name', '=', '市发展改革委').executeTakeFirstOrThrow()).id;
    const own = (await app.inject({ url: `/api/units/${fgw}/tracking-page`, ...as.fgw })).json();
    expect(own.escalations.items).toEqual([expect.objectContaining({ number: expect.stringMatching(/^督办〔\d{4}〕\d+号$/), status: 'issued' })]);
    // 市发改委's editor and 市商务局's viewer may not see 市工信局's page; the supervision office may.
    expect((await app.inject({ url: `/api/units/${gxj}/tracking-page`, ...as.fgw })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/units/${gxj}/tracking-page`, ...as.swj })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/units/${gxj}/tracking-page`, ...as.duban })).statusCode).toBe(200);
    // The leader whose portfolio holds 市工信局 sees it too.
    expect((await app.inject({ url: `/api/units/${gxj}/tracking-page`, ...as.leader })).statusCode).toBe(200);
  });

  it('keeps a supporting unit’s record of the reports it owes the lead unit, beside its record as lead unit', async () => {
    const gxj = (await h.db.selectFrom('units').select('id').where('short_name', '=', '市工业和信息化局').executeTakeFirstOrThrow()).id;
    const read = async () => (await app.inject({ url: `/api/units/${gxj}/tracking-page`, ...as.gxj })).json().reporting as { dueDate: string; role: string; due: number; onTime: number; late: number; missing: number }[];
    const before = await read();
    expect(new Set(before.map((p) => p.role))).toEqual(new Set(['lead', 'co']));
    for (const p of before) expect(p.onTime + p.late + p.missing).toBe(p.due);
    // 市工信局 supports task 3: its own report for the latest past due date, sent two days early, counts as on time.
    const co = before.filter((p) => p.role === 'co' && p.missing > 0 && p.dueDate < today).sort((a, b) => (a.dueDate < b.dueDate ? 1 : -1))[0];
    expect(co).toBeDefined();
    const task3 = taskIds.get('3')!;
    const sent = new Date(`${co.dueDate}T02:00:00Z`);
    sent.setUTCDate(sent.getUTCDate() - 2);
    await h.db
      .insertInto('task_reports')
      .values({ region_code: '120000', plan_id: planId, task_id: task3, unit_id: gxj, role: 'co', kind: 'progress', period: `co-${co.dueDate}`, period_end: co.dueDate, due_date: co.dueDate, status: 'submitted', done_text: '配合完成链上企业摸排。', submitted_at: sent })
      .execute();
    const after = (await read()).find((p) => p.role === 'co' && p.dueDate === co.dueDate)!;
    expect(after).toMatchObject({ due: co.due, onTime: co.onTime + 1, missing: co.missing - 1 });
    // Its record as lead unit did not move.
    expect((await read()).filter((p) => p.role === 'lead')).toEqual(before.filter((p) => p.role === 'lead'));
  });

  it('shows a unit that reports late and misses reports as such', async () => {
    // 市委督查室 leads task 8, whose last two monthly reports never came.
    const unit = await h.db.selectFrom('units').select('id').where('short_name', '=', '市委督查室').executeTakeFirstOrThrow();
    const page = (await app.inject({ url: `/api/units/${unit.id}/tracking-page`, ...as.duban })).json();
    const missing = page.reporting.reduce((n: number, p: { missing: number }) => n + p.missing, 0);
    expect(missing).toBeGreaterThanOrEqual(2);
  });
});

describe('a report accepted before its period ends', () => {
  it('is the latest progress in the 台账 and its problems are in the briefing, as its percent is in the standing', async () => {
    // This month's report of task 3, accepted today although its month has not ended (the walk of 2026-12-04 found
    // the 台账 still showing last month's text and the briefing saying nothing of the problem).
    const latest = await h.db
      .selectFrom('task_reports')
      .select('id')
      .where('region_code', '=', '120000')
      .where('task_id', '=', taskIds.get('3')!)
      .where('role', '=', 'lead')
      .where('status', '=', 'accepted')
      .orderBy('period_end', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const monthEnd = new Date(`${today}T00:00:00Z`);
    monthEnd.setUTCDate(monthEnd.getUTCDate() + 20);
    await h.db
      .updateTable('task_reports')
      .set({ period_end: monthEnd.toISOString().slice(0, 10), reviewed_at: new Date(), done_text: '本月已完成三家企业现场对接。', problems: '对接企业用地指标尚未落实。', help_needed: '', next_steps: '月底前报送用地需求。' })
      .where('region_code', '=', '120000')
      .where('id', '=', latest.id)
      .execute();

    const res = await app.inject({ url: `/api/plans/${planId}/ledger.xlsx?asOf=${today}`, ...as.fgw });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const header = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
    let three: ExcelJS.Row | undefined;
    sheet.eachRow((row, n) => {
      if (n > 2 && row.getCell(1).value === 3) three = row;
    });
    expect(String(three!.getCell(header.indexOf('最新进展') + 1).value)).toContain('本月已完成三家企业现场对接。');
    expect(String(three!.getCell(header.indexOf('存在问题') + 1).value)).toBe('对接企业用地指标尚未落实。');
    expect(String(three!.getCell(header.indexOf('下步打算') + 1).value)).toBe('月底前报送用地需求。');

    const briefing = await app.inject({ url: `/api/plans/${planId}/briefing.docx?asOf=${today}`, ...as.duban });
    expect((await extractDocumentText(briefing.rawPayload, 'briefing.docx')).text).toContain('对接企业用地指标尚未落实。');
  });
});
