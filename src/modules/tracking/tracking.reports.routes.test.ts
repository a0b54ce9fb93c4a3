import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { multipart } from '../../../test/multipart.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };
const as: Record<string, Auth> = {};
let taskId: string;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({ LUOSHI_EVIDENCE_MAX_MB: '1' } as NodeJS.ProcessEnv), h.db, { logger: false }));
  for (const username of ['duban', 'fgw', 'gxj']) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    as[username] = { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
  }
  taskId = (await h.db.selectFrom('tasks').select('id').where('seq', '=', '3').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('reports over HTTP', () => {
  it('saves, submits twice (stored once), attaches evidence within the limit, and shows the task’s reports', async () => {
    const saved = await app.inject({ method: 'POST', url: `/api/tasks/${taskId}/reports`, ...as.fgw, payload: { period: '2024-05', doneText: '完成图谱初稿', percent: 40, problems: '数据不全' } });
    expect(saved.statusCode, saved.body).toBe(200);
    const report = saved.json();
    expect(report).toMatchObject({ status: 'draft', role: 'lead', percent: 40, abilities: expect.arrayContaining(['write', 'submit']) });

    const pdf = multipart('纪要.pdf', '%PDF-1.7\n%%EOF', 'application/pdf');
    const up = await app.inject({ method: 'POST', url: `/api/reports/${report.id}/evidence`, ...as.fgw, headers: { ...as.fgw.headers, ...pdf.headers }, payload: pdf.payload });
    expect(up.statusCode, up.body).toBe(201);
    const big = multipart('大.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 * 1024 + 10)]), 'application/pdf');
    const tooBig = await app.inject({ method: 'POST', url: `/api/reports/${report.id}/evidence`, ...as.fgw, headers: { ...as.fgw.headers, ...big.headers }, payload: big.payload });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.message).toMatch(/超过 1 MB .*larger than 1 MB/);
    const fake = multipart('照片.png', '%PDF-1.7\n%%EOF', 'image/png');
    const wrong = await app.inject({ method: 'POST', url: `/api/reports/${report.id}/evidence`, ...as.fgw, headers: { ...as.fgw.headers, ...fake.headers }, payload: fake.payload });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0]).toMatchObject({ field: 'file' });

    // Another unit does not learn that the draft or its file exist.
    expect((await app.inject({ url: `/api/reports/${report.id}`, ...as.gxj })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/evidence/${up.json().id}`, ...as.gxj })).statusCode).toBe(404);

    const [a, b] = await Promise.all([1, 2].map(() => app.inject({ method: 'POST', url: `/api/reports/${report.id}/submit`, ...as.fgw })));
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect([a.json().repeated, b.json().repeated].sort()).toEqual([false, true]);

    const file = await app.inject({ url: `/api/evidence/${up.json().id}`, ...as.duban });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.body).toBe('%PDF-1.7\n%%EOF');

    const queue = await app.inject({ url: '/api/reporting/review-queue', ...as.duban });
    expect(queue.json().reports.map((r: { id: string }) => r.id)).toContain(report.id);
    const accepted = await app.inject({ method: 'POST', url: `/api/reports/${report.id}/accept`, ...as.duban });
    expect(accepted.json()).toMatchObject({ status: 'accepted' });
    expect((await app.inject({ method: 'POST', url: `/api/reports/${report.id}/accept`, ...as.fgw })).statusCode).toBe(403);

    const task = await app.inject({ url: `/api/tasks/${taskId}/reports`, ...as.gxj });
    expect(task.statusCode, task.body).toBe(200);
    expect(task.json().reports.find((r: { id: string }) => r.id === report.id)).toMatchObject({ status: 'accepted', unit_short_name: '市发展改革委' });
    expect(task.json().timeline.filter((e: { report_id: string }) => e.report_id === report.id).map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'accept']);
    expect(task.json().writableUnits.map((u: { role: string }) => u.role)).toEqual(['co']);
    // A supporting unit's report gives no percent: the answer says null, not 0.
    const co = task.json().reports.find((r: { role: string }) => r.role === 'co');
    expect(co).toMatchObject({ percent: null, submitted_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });

    const mine = await app.inject({ url: '/api/reporting/mine?today=2024-05-10', ...as.gxj });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().owed.some((l: { taskId: string }) => l.taskId === taskId)).toBe(true);
  });

  it('puts a deadline change request in the supervisors’ queue until one decides it; the task then keeps both dates and the reason', async () => {
    const task = await h.db.selectFrom('tasks').select(['id', 'due_date']).where('id', '=', taskId).executeTakeFirstOrThrow();
    const asked = await app.inject({ method: 'POST', url: `/api/tasks/${task.id}/deadline-changes`, ...as.fgw, payload: { newDueDate: '2026-12-31', reason: '项目用地审批延后' } });
    expect(asked.statusCode, asked.body).toBe(201);
    const queued = (await app.inject({ url: '/api/reporting/review-queue', ...as.duban })).json();
    expect(queued.deadlineChanges).toContainEqual(
      expect.objectContaining({ id: asked.json().id, task_id: task.id, seq: '3', new_due_date: '2026-12-31', reason: '项目用地审批延后', old_due_date: task.due_date, unit_short_name: '市发展改革委' }),
    );
    // A unit's editor reviews its supporters' reports, but decides no deadline.
    expect((await app.inject({ url: '/api/reporting/review-queue', ...as.gxj })).json().deadlineChanges).toEqual([]);

    const decided = await app.inject({ method: 'POST', url: `/api/deadline-changes/${asked.json().id}/decision`, ...as.duban, payload: { approve: true } });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await app.inject({ url: '/api/reporting/review-queue', ...as.duban })).json().deadlineChanges.map((c: { id: string }) => c.id)).not.toContain(asked.json().id);
    const t = (await app.inject({ url: `/api/tasks/${task.id}/reports`, ...as.fgw })).json();
    expect(t.task).toMatchObject({ dueDate: '2026-12-31', originalDueDate: task.due_date });
    expect(t.deadlineChanges[0]).toMatchObject({ status: 'approved', reason: '项目用地审批延后' });

    // The dashboard and the 台账 show the deadline in force, not only the plan's wording of the old one.
    const { plan_id: planId, deadline_text: wording } = await h.db.selectFrom('tasks').select(['plan_id', 'deadline_text']).where('id', '=', task.id).executeTakeFirstOrThrow();
    const listed = (await app.inject({ url: `/api/plans/${planId}/dashboard/tasks?limit=1000`, ...as.duban })).json().tasks.find((x: { id: string }) => x.id === task.id);
    expect(listed).toMatchObject({ dueDate: '2026-12-31', originalDueDate: task.due_date, deadlineText: wording });
    const xlsx = await app.inject({ url: `/api/plans/${planId}/ledger.xlsx`, ...as.duban });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => void cells.push(String(c.value))));
    expect(cells).toContain(`2026年12月31日前（经批准调整，原为${wording}）`);
  });
});
