import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { severalSheetsLayout } from '../../../test/fixtures/plans/tables.ts';
import { buildPdf } from '../../../test/fixtures/documents/build-pdf.ts';
import { multipart } from '../../../test/multipart.ts';

const DOC = new URL('../../../test/fixtures/real/documents/guobanfa_xingzheng-zhifa-sanxiang-zhidu_zhidao-yijian_2018.md', import.meta.url).pathname;
const TABLE = new URL('../../../test/fixtures/real/plans/task-division-example.xlsx', import.meta.url).pathname;

let h: DatabaseHandle;
let app: FastifyInstance;
let auth: { cookies: Record<string, string>; headers: Record<string, string> };


beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'duban', password: DEMO_PASSWORD } });
  auth = { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('plans over HTTP', () => {
  it('parses an upload without saving, then saves the reviewed tree as a plan', async () => {
    const plansBefore = (await app.inject({ url: '/api/plans', ...auth })).json().length;
    const upload = multipart('意见.md', fs.readFileSync(DOC), 'text/markdown');
    const parsed = await app.inject({ method: 'POST', url: '/api/plans/parse', ...auth, headers: { ...auth.headers, ...upload.headers }, payload: upload.payload });
    expect(parsed.statusCode, parsed.body).toBe(200);
    const { document, text, suggestedTitle, suggestedPlanType } = parsed.json();
    expect(document.docNumber).toBe('国办发〔2018〕118号');
    // The import page proposes what the server would choose: this 指导意见 names a 决定 inside it, but is an opinion.
    expect(suggestedTitle).toBe(document.embeddedTitle ?? document.title);
    expect(suggestedPlanType).toBe('opinion');
    expect(document.nodes).toHaveLength(6);
    expect(text.length).toBeGreaterThan(1000);
    expect((await app.inject({ url: '/api/plans', ...auth })).json()).toHaveLength(plansBefore);

    const created = await app.inject({
      method: 'POST',
      url: '/api/plans',
      ...auth,
      payload: { title: document.title, planType: 'opinion', regionCode: '120000', docNumber: document.docNumber, nodes: document.nodes, meta: { preamble: document.preamble }, sourceText: text },
    });
    expect(created.statusCode, created.body).toBe(201);
    const view = (await app.inject({ url: `/api/plans/${created.json().id}`, ...auth })).json();
    expect(view.tree).toHaveLength(6);
    expect(view.plan.abilities).toContain('edit');
  });

  it('answers a refused status change in the one error shape: the message and its zh/en halves, per field too', async () => {
    const issued = (await app.inject({ url: '/api/plans?status=issued', ...auth })).json()[0];
    expect(issued.next_statuses).toEqual([]);
    const res = await app.inject({ method: 'PUT', url: `/api/plans/${issued.id}/status`, ...auth, payload: { status: 'adopted' } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('invalid_input');
    expect(error.zh).toMatch(/^《.*》已印发，状态不能再改变/);
    expect(error.en).toMatch(/^plan ".*" is issued and its status can no longer change/);
    expect(error.message).toBe(`${error.zh} / ${error.en}`);
    expect(error.details).toEqual([{ field: 'status', message: '已印发的规划不能退回 / an issued plan cannot be sent back', zh: '已印发的规划不能退回', en: 'an issued plan cannot be sent back' }]);
  });

  it('sends a plan out for consultation only with the units consulted, and names them on the plan', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/plans', ...auth, payload: { title: '征求意见接口测试方案', planType: 'plan', regionCode: '120000' } });
    const id = created.json().id;
    const without = await app.inject({ method: 'PUT', url: `/api/plans/${id}/status`, ...auth, payload: { status: 'consultation' } });
    expect(without.statusCode).toBe(400);
    expect(without.json().error.details).toEqual([expect.objectContaining({ field: 'consultedUnitIds', zh: '至少选择一个单位' })]);
    const ndrc = await h.db.selectFrom('units').select(['id', 'name']).where('name', '=', '天津市发展和改革委员会').executeTakeFirstOrThrow();
    const sent = await app.inject({ method: 'PUT', url: `/api/plans/${id}/status`, ...auth, payload: { status: 'consultation', consultedUnitIds: [ndrc.id] } });
    expect(sent.statusCode, sent.body).toBe(200);
    expect((await app.inject({ url: `/api/plans/${id}`, ...auth })).json().consulted_units).toEqual([{ id: ndrc.id, name: ndrc.name }]);
  });

  it('answers a derived plan with its parent and the node it came from, and the parent with its derived plans', async () => {
    const payload = { title: '上级方案', planType: 'plan', regionCode: '120000', nodes: [{ kind: 'item', marker: '一、', heading: '重点任务', text: '', children: [] }] };
    const parent = await app.inject({ method: 'POST', url: '/api/plans', ...auth, payload });
    expect(parent.statusCode, parent.body).toBe(201);
    const [node] = (await app.inject({ url: `/api/plans/${parent.json().id}`, ...auth })).json().tree;
    const child = await app.inject({ method: 'POST', url: `/api/plans/${parent.json().id}/derive`, ...auth, payload: { nodeKey: node.key, title: '落实方案' } });
    expect(child.statusCode, child.body).toBe(201);
    const childView = (await app.inject({ url: `/api/plans/${child.json().id}`, ...auth })).json();
    expect(childView.parent).toEqual({ id: parent.json().id, title: '上级方案', plan_type: 'plan', status: 'draft', node: { marker: '一、', heading: '重点任务' } });
    const parentView = (await app.inject({ url: `/api/plans/${parent.json().id}`, ...auth })).json();
    expect(parentView.derived).toEqual([expect.objectContaining({ id: child.json().id, title: '落实方案', parent_node_key: node.key })]);
    expect(parentView.parent).toBeNull();
  });

  it('parses an uploaded PDF (its text layer) as it parses the same text', async () => {
    const lines = ['国务院关于加快发展的意见', '⼀、总体要求', '（⼀）指导思想。坚持⾼质量发展。', '（⼆）⼯作目标。到2025年全⾯完成。', '— 1 —'];
    const upload = multipart('意见.pdf', Buffer.from(buildPdf([lines], { cjk: true })), 'application/pdf');
    const parsed = await app.inject({ method: 'POST', url: '/api/plans/parse', ...auth, headers: { ...auth.headers, ...upload.headers }, payload: upload.payload });
    expect(parsed.statusCode, parsed.body).toBe(200);
    const { document } = parsed.json();
    expect(document.title).toBe('国务院关于加快发展的意见');
    expect(document.nodes.map((n: { marker: string; children: unknown[] }) => [n.marker, n.children.length])).toEqual([['一、', 2]]);
  });

  it('saves the title, number, issuer, date, preamble and closing as corrected on the review page', async () => {
    const upload = multipart('意见.md', fs.readFileSync(DOC), 'text/markdown');
    const { document, text } = (await app.inject({ method: 'POST', url: '/api/plans/parse', ...auth, headers: { ...auth.headers, ...upload.headers }, payload: upload.payload })).json();
    const corrected = {
      title: '关于全面推行行政执法三项制度的指导意见（校对稿）',
      planType: 'opinion',
      regionCode: '120000',
      issuer: '国务院办公厅',
      docNumber: '国办发〔2018〕118号',
      issuedOn: '2018-12-05',
      nodes: document.nodes,
      meta: { ...document, nodes: undefined, tables: undefined, preamble: '校对后的导语。\n第二段。', closing: '本意见自印发之日起施行。', date: '2018-12-05', dateText: null },
      tables: document.tables,
      sourceText: text,
    };
    const created = await app.inject({ method: 'POST', url: '/api/plans', ...auth, payload: corrected });
    expect(created.statusCode, created.body).toBe(201);
    const view = (await app.inject({ url: `/api/plans/${created.json().id}`, ...auth })).json();
    expect(view.plan).toMatchObject({ title: corrected.title, issuer: '国务院办公厅', doc_number: '国办发〔2018〕118号' });
    expect(String(view.plan.issued_on)).toMatch(/^2018-12-05/);
    expect(view.version.meta).toMatchObject({ preamble: '校对后的导语。\n第二段。', closing: '本意见自印发之日起施行。', date: '2018-12-05', dateText: null });

    // A date the calendar lacks, and a preamble past the limit, come back naming their fields; nothing is saved.
    const before = (await app.inject({ url: '/api/plans', ...auth })).json().length;
    const badDate = await app.inject({ method: 'POST', url: '/api/plans', ...auth, payload: { ...corrected, issuedOn: '2018-02-30', meta: { ...corrected.meta, date: '2018-02-30' } } });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['issuedOn', 'meta.date']);
    const tooLong = await app.inject({ method: 'POST', url: '/api/plans', ...auth, payload: { ...corrected, meta: { ...corrected.meta, preamble: '导'.repeat(100_001) } } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error).toMatchObject({ code: 'invalid_input', details: [{ field: 'meta.preamble' }] });
    expect((await app.inject({ url: '/api/plans', ...auth })).json()).toHaveLength(before);
  });

  it('refuses an empty upload and a disguised file with a message naming the file', async () => {
    for (const [name, body] of [
      ['空文件.docx', Buffer.alloc(0)],
      ['假的.pdf', Buffer.from('这不是PDF文件')],
    ] as const) {
      const upload = multipart(name, body);
      const res = await app.inject({ method: 'POST', url: '/api/plans/parse', ...auth, headers: { ...auth.headers, ...upload.headers }, payload: upload.payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain(name);
    }
  });

  it('previews a task table, imports it on confirm, and streams it back as xlsx', async () => {
    const upload = multipart('分工.xlsx', fs.readFileSync(TABLE));
    const preview = await app.inject({ method: 'POST', url: '/api/tasks/import', ...auth, headers: { ...auth.headers, ...upload.headers }, payload: upload.payload });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().preview.tasks.length).toBeGreaterThan(5);
    const imported = await app.inject({ method: 'POST', url: '/api/tasks/import?confirm=true', ...auth, headers: { ...auth.headers, ...upload.headers }, payload: upload.payload });
    const { planId, created } = imported.json().imported;
    expect(created).toBe(preview.json().preview.tasks.length);
    const file = await app.inject({ url: `/api/plans/${planId}/tasks.xlsx`, ...auth });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const missing = await app.inject({ url: `/api/plans/00000000-0000-4000-8000-000000000000/tasks.xlsx`, ...auth });
    expect(missing.statusCode).toBe(404);
  });

  it('previews and imports the sheet the person chose from a workbook of several', async () => {
    const upload = multipart('分工方案.xlsx', await severalSheetsLayout());
    const send = (query: string) => app.inject({ method: 'POST', url: `/api/tasks/import?${query}`, ...auth, headers: { ...auth.headers, ...upload.headers }, payload: upload.payload });

    const first = (await send('')).json().preview;
    expect(first.sheet).toBe('第一部分');
    expect(first.sheets.filter((s: { taskTable: boolean; hidden: boolean }) => s.taskTable && !s.hidden).map((s: { name: string }) => s.name)).toEqual(['第一部分', '第二部分']);

    const sheet = encodeURIComponent('第二部分');
    const second = await send(`sheet=${sheet}`);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().preview).toMatchObject({ sheet: '第二部分', title: '2025年重点任务分工（第二部分）' });
    expect(second.json().preview.tasks.map((t: { text: string }) => t.text)).toEqual(['建设数据中心', '完善养老服务体系', '治理城市内涝']);

    const imported = await send(`confirm=true&sheet=${sheet}`);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().imported).toMatchObject({ sheet: '第二部分', created: 3 });
    const saved = (await app.inject({ url: `/api/plans/${imported.json().imported.planId}/tasks`, ...auth })).json();
    expect(saved.tasks.map((t: { title: string }) => t.title)).toEqual(['建设数据中心', '完善养老服务体系', '治理城市内涝']);

    const unknown = await send(`sheet=${encodeURIComponent('第三部分')}`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('"第一部分", "第二部分", "说明"');
    expect((await send(`sheet=${'x'.repeat(101)}`)).statusCode).toBe(400);
  });
});
