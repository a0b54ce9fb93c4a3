import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import * as reports from './tracking.reports.service.ts';
import * as evidence from './tracking.evidence.service.ts';
import { chinaDay } from '../../lib/calendar-date.ts';
import { hasDraft } from './ui/reports.form.ts';

let h: DatabaseHandle;
let duban: ServiceContext;
let fgw: ServiceContext; // editor of 市发展改革委, lead unit of demo task 3
let gxj: ServiceContext; // editor of 市工业和信息化局, supporting unit of task 3
let swj: ServiceContext; // viewer of 市商务局, supporting unit of task 3
let taskId: string;
const TODAY = '2024-05-10';

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [duban, fgw, gxj, swj] = await Promise.all(['duban', 'fgw', 'gxj', 'swj'].map((u) => contextAs(h, u)));
  taskId = (await h.db.selectFrom('tasks').select('id').where('seq', '=', '3').executeTakeFirstOrThrow()).id;
});
afterAll(async () => h?.close());

describe('a reporting cycle on one task', () => {
  it('a supporting unit reports to the lead unit, which merges and submits; the supervisor returns, then accepts', async () => {
    const co = await reports.saveReport(gxj, taskId, { doneText: '工信局：梳理链上企业 120 家。', problems: '数据口径不一' }, { today: TODAY });
    expect(co).toMatchObject({ role: 'co', period: '2024-05', due_date: '2024-05-25', status: 'draft' });
    // The lead unit does not see the supporting unit's draft, nor the supporting unit the lead unit's.
    expect((await reports.taskReports(fgw, taskId, { today: TODAY })).reports.map((r) => r.id)).not.toContain(co.id);
    const lead = await reports.saveReport(fgw, taskId, { doneText: '发改委：完成图谱初稿。', percent: 30 }, { today: TODAY });
    expect((await reports.taskReports(gxj, taskId, { today: TODAY })).reports.filter((r) => r.period === '2024-05').map((r) => r.id)).toEqual([co.id]);
    await expect(reports.getReport(gxj, lead.id)).rejects.toBeInstanceOf(NotFoundError);

    await reports.submitReport(gxj, co.id);
    const merged = await reports.taskReports(fgw, taskId, { today: TODAY });
    const side = merged.reports.filter((r) => r.period === '2024-05');
    expect(side.map((r) => [r.role, r.status])).toEqual([
      ['lead', 'draft'],
      ['co', 'submitted'],
    ]);
    const quoted = await reports.saveReport(fgw, taskId, { doneText: `发改委：完成图谱初稿。${side[1].done_text}`, quotedReportIds: [co.id] }, { today: TODAY });
    expect(quoted.id).toBe(lead.id);
    expect(quoted.quoted_report_ids).toEqual([co.id]);

    // A unit editor cannot accept its own unit's report, nor the supporting unit the task's.
    await reports.submitReport(fgw, lead.id);
    await expect(reports.acceptReport(fgw, lead.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reports.acceptReport(gxj, lead.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reports.returnReport(duban, lead.id, ' ')).rejects.toBeInstanceOf(ValidationError);
    const returned = await reports.returnReport(duban, lead.id, '请补充企业名单');
    expect(returned).toMatchObject({ status: 'returned', return_reason: '请补充企业名单' });
    const page = await reports.unitReporting(fgw, { today: TODAY });
    expect(page.returned.map((l) => [l.taskId, l.returnReason])).toContainEqual([taskId, '请补充企业名单']);
    await reports.saveReport(fgw, taskId, { doneText: '发改委：完成图谱初稿，附企业名单。', percent: 35 }, { today: TODAY });
    await reports.submitReport(fgw, lead.id);
    expect((await reports.reviewQueue(duban)).reports.map((r) => r.id)).toContain(lead.id);
    const accepted = await reports.acceptReport(duban, lead.id);
    expect(accepted).toMatchObject({ status: 'accepted', percent: 35 });
    // Accepted: everyone involved sees it, and it can no longer be changed.
    expect((await reports.taskReports(swj, taskId, { today: TODAY })).reports.map((r) => r.id)).toContain(lead.id);
    await expect(reports.saveReport(fgw, taskId, { doneText: 'x' }, { today: TODAY })).rejects.toBeInstanceOf(ForbiddenError);

    const timeline = (await reports.getReport(duban, lead.id)).timeline.map((e) => [e.action, e.to_status, e.reason]);
    expect(timeline).toEqual([
      ['create', 'draft', null],
      ['save', 'draft', null],
      ['submit', 'submitted', null],
      ['return', 'returned', '请补充企业名单'],
      ['save', 'returned', null],
      ['submit', 'submitted', null],
      ['accept', 'accepted', null],
    ]);
    const audit = await h.db.selectFrom('audit_log').select('action').where('entity', '=', 'report').where('entity_id', '=', lead.id).orderBy('at').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'submit', 'return', 'update', 'submit', 'accept']);
  });

  it('stores a report submitted twice at once (double click) once, with one step in its timeline', async () => {
    const r = await reports.saveReport(fgw, taskId, { period: '2024-04', doneText: '四月进展', percent: 20 }, { today: TODAY });
    const again = await reports.saveReport(fgw, taskId, { period: '2024年4月', doneText: '四月进展' }, { today: TODAY });
    expect(again.id).toBe(r.id);
    const both = await Promise.all([reports.submitReport(fgw, r.id), reports.submitReport(fgw, r.id)]);
    expect(both.map((b) => b.repeated).sort()).toEqual([false, true]);
    const rows = await h.db.selectFrom('task_reports').select('id').where('task_id', '=', taskId).where('period', '=', '2024-04').execute();
    expect(rows).toHaveLength(1);
    const submits = await h.db.selectFrom('report_events').select('id').where('report_id', '=', r.id).where('action', '=', 'submit').execute();
    expect(submits).toHaveLength(1);
  });

  it('refuses a report from a unit the task does not name, and a lead report without its percent', async () => {
    const other = await h.db.selectFrom('tasks').select('id').where('seq', '=', '12').executeTakeFirstOrThrow();
    await expect(reports.saveReport(fgw, other.id, { doneText: 'x' }, { today: TODAY })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reports.saveReport(fgw, taskId, { percent: 120 }, { today: TODAY })).rejects.toMatchObject({ details: [{ field: 'percent' }] });
    const r = await reports.saveReport(fgw, taskId, { period: '2024-03', doneText: '三月' }, { today: TODAY });
    await expect(reports.submitReport(fgw, r.id)).rejects.toMatchObject({ details: [{ field: 'percent' }] });
  });

  it('lists on a unit’s page what it owes this cycle and what is overdue', async () => {
    const page = await reports.unitReporting(gxj, { today: '2024-06-28' });
    const mine = [...page.owed, ...page.overdue].filter((l) => l.taskId === taskId);
    // June's report was due on the 25th; May's was submitted.
    expect(mine.map((l) => [l.period, l.state, l.role])).toEqual([['2024-06', 'overdue', 'co']]);
    expect(page.owed.length + page.overdue.length).toBeGreaterThan(1);
    // The unit's editor writes its lines; its viewer (swj views 市商务局) only opens them.
    expect([...page.owed, ...page.overdue].every((l) => l.writable)).toBe(true);
    const viewed = await reports.unitReporting(swj, { today: '2024-06-28' });
    expect(viewed.owed.length + viewed.overdue.length).toBeGreaterThan(0);
    expect([...viewed.owed, ...viewed.overdue, ...viewed.submitted].some((l) => l.writable)).toBe(false);
    // A viewer of another unit may not open this unit's page.
    const unit = (await h.db.selectFrom('task_units').select('unit_id').where('task_id', '=', taskId).where('role', '=', 'lead').executeTakeFirstOrThrow()).unit_id!;
    await expect(reports.unitReporting(swj, { unitId: unit })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('shows a saved draft on the unit’s 待报 line (marked 草稿 there), not a line that looks untouched', async () => {
    const today = '2024-07-10';
    const before = (await reports.unitReporting(gxj, { today })).owed.find((l) => l.taskId === taskId && l.period === '2024-07')!;
    expect(hasDraft(before)).toBe(false);
    const draft = await reports.saveReport(gxj, taskId, { doneText: '七月配合进展（草稿）' }, { today });
    const line = (await reports.unitReporting(gxj, { today })).owed.find((l) => l.taskId === taskId && l.period === '2024-07')!;
    expect(line).toMatchObject({ state: 'due', reportId: draft.id });
    expect(hasDraft(line)).toBe(true);
    await h.db.deleteFrom('task_reports').where('id', '=', draft.id).execute();
  });
});

describe('deadline changes and closing', () => {
  it('the lead unit asks, the supervisor approves; the task keeps both dates and the reason', async () => {
    await expect(reports.requestDeadlineChange(gxj, taskId, { newDueDate: '2024-12-31', reason: '配合' }, { today: TODAY })).rejects.toBeInstanceOf(ForbiddenError);
    // A date already passed, or the deadline in force, is refused naming the field, and nothing is queued.
    for (const newDueDate of ['2024-05-09', '2024-06-30']) {
      const refused = await reports.requestDeadlineChange(fgw, taskId, { newDueDate, reason: '企业数据晚到' }, { today: TODAY }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).details).toEqual([expect.objectContaining({ field: 'newDueDate', message: expect.stringMatching(newDueDate === '2024-06-30' ? /^与现行完成时限相同/ : /^新的完成时限不能早于今天（2024-05-10）/) })]);
    }
    expect((await reports.taskReports(fgw, taskId, { today: TODAY })).deadlineChanges).toEqual([]);
    const req = await reports.requestDeadlineChange(fgw, taskId, { newDueDate: '2024-12-31', reason: '企业数据晚到' }, { today: TODAY });
    await expect(reports.decideDeadlineChange(fgw, req.id, { approve: true })).rejects.toBeInstanceOf(ForbiddenError);
    await reports.decideDeadlineChange(duban, req.id, { approve: true, note: '同意' });
    const t = await reports.taskReports(fgw, taskId, { today: TODAY });
    expect(t.task).toMatchObject({ dueDate: '2024-12-31', originalDueDate: '2024-06-30' });
    expect(t.deadlineChanges[0]).toMatchObject({ status: 'approved', reason: '企业数据晚到', old_due_date: '2024-06-30' });
  });
});

describe('evidence and closing (办结)', () => {
  const PDF = new TextEncoder().encode('%PDF-1.7\n%%EOF');
  it('closes a task only with a closing report and evidence accepted by a supervisor, serves the file to those who see the report, and reopens with a reason', async () => {
    const task5 = (await h.db.selectFrom('tasks').select('id').where('seq', '=', '3').executeTakeFirstOrThrow()).id;
    const closing = await reports.saveReport(fgw, task5, { kind: 'closing', doneText: '图谱全部完成。' }, { today: TODAY });
    await expect(reports.submitReport(fgw, closing.id)).rejects.toMatchObject({ details: [{ field: 'evidence' }] });
    await expect(evidence.addEvidence(fgw, closing.id, { fileName: '验收.jpg', bytes: PDF })).rejects.toThrow(/验收\.jpg：文件内容与扩展名 \.jpg 不符/);
    await expect(evidence.addEvidence(gxj, closing.id, { fileName: '验收.pdf', bytes: PDF })).rejects.toBeInstanceOf(NotFoundError);
    const file = await evidence.addEvidence(fgw, closing.id, { fileName: '验收.pdf', bytes: PDF });
    // A draft's evidence: only its own unit's side; another unit is told it does not exist.
    await expect(evidence.readEvidence(gxj, file.id)).rejects.toBeInstanceOf(NotFoundError);
    await reports.submitReport(fgw, closing.id);
    expect((await evidence.readEvidence(duban, file.id)).bytes.toString('latin1')).toBe('%PDF-1.7\n%%EOF');
    await reports.acceptReport(duban, closing.id);
    let t = await reports.taskReports(gxj, task5, { today: TODAY });
    expect(t.task.closedAt).not.toBeNull();
    expect((await evidence.readEvidence(gxj, file.id)).fileName).toBe('验收.pdf');
    // Closed: no more progress reports.
    await expect(reports.saveReport(fgw, task5, { period: '2024-07', doneText: 'x' }, { today: TODAY })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reports.reopenTask(fgw, task5, '复核')).rejects.toBeInstanceOf(ForbiddenError);
    await reports.reopenTask(duban, task5, '复核发现材料不全');
    t = await reports.taskReports(fgw, task5, { today: TODAY });
    expect(t.task.closedAt).toBeNull();
    expect(t.reports.find((r) => r.id === closing.id)).toMatchObject({ status: 'returned', return_reason: '复核发现材料不全' });
    expect(t.timeline.filter((e) => e.report_id === closing.id).map((e) => e.action)).toEqual(['create', 'submit', 'accept', 'reopen']);
  });

  it('refuses a file over the configured limit', async () => {
    const r = await reports.saveReport(fgw, taskId, { period: '2024-02', doneText: '二月', percent: 5 }, { today: TODAY });
    evidence.configureEvidenceLimit(0.001);
    try {
      const big = new Uint8Array(2048);
      big.set(PDF);
      await expect(evidence.addEvidence(fgw, r.id, { fileName: '大.pdf', bytes: big })).rejects.toThrow(/larger than/);
    } finally {
      evidence.configureEvidenceLimit(20);
    }
    expect(await h.db.selectFrom('report_evidence').select('id').where('report_id', '=', r.id).execute()).toHaveLength(0);
  });
});

describe('demo data', () => {
  it('holds reports in the current and last period, so a unit’s page and the review queue are not empty', async () => {
    const today = chinaDay();
    const page = await reports.unitReporting(gxj, { today });
    expect(page.returned.map((l) => [l.seq, l.returnReason])).toContainEqual(['6', '请补充项目名称、投资额和当前进度。']);
    expect((await reports.reviewQueue(duban)).reports.length + (await reports.reviewQueue(fgw)).reports.length).toBeGreaterThan(0);
    const t3 = await reports.taskReports(fgw, taskId, { today });
    expect(t3.reports.filter((r) => r.role === 'co' && r.period === t3.period.key).map((r) => r.unit_short_name).sort()).toEqual(['市工业和信息化局', '市科技局']);
  });
});
