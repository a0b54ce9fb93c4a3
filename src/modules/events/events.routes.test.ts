import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import mammoth from 'mammoth';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';
import { withCheckChar } from '../atlas/atlas.uscc.domain.ts';
import { addMeeting, addOffer, checkIn, createEvent, decideRequest, registerParticipant, requestMeeting, updateEvent } from './events.service.ts';
import { setOutcome } from './events.outcomes.service.ts';
import { PUBLIC_FORM } from './events.public.domain.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let fgw: ServiceContext;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };
const as: Record<string, Auth> = {};

async function login(username: string): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
}
const newEvent = async (name: string, access: 'public' | 'invitation', slots = 4) =>
  (await createEvent(fgw, { name, startsOn: '2030-06-10', venue: '会展中心', access, slots: { date: '2030-06-10', start: '09:00', count: slots, minutes: 20 }, tables: 3 })).event.id;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  fgw = await contextAs(h, 'fgw');
  for (const u of ['fgw', 'swj', 'gxj']) as[u] = await login(u);
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('the event report as a Word document', () => {
  it('holds the same figures as the report: registrations, requests, meetings, outcomes and amounts, segments', async () => {
    const id = await newEvent('新能源汽车产业链对接会（报告）', 'invitation');
    const reg = (name: string, uscc?: string) => registerParticipant(fgw, id, { kind: uscc ? 'enterprise' : 'association', name, uscc });
    const a = await reg('甲电池公司', withCheckChar('91120116MA05K3XQ2'));
    const b = await reg('乙整车公司', withCheckChar('91120116MA05K3XQ3'));
    const c = await reg('丙协会');
    await checkIn(fgw, id, a.code);
    // Tags from the atlas's demo chains show their names; one the atlas does not know keeps its key.
    await addOffer(fgw, id, a.id, { kind: 'offer', title: '燃料电池电堆', chainKey: 'demo-hydrogen', segmentKey: 'fuelcell.stack' });
    await addOffer(fgw, id, b.id, { kind: 'need', title: '采购燃料电池电堆', chainKey: 'demo-hydrogen', segmentKey: 'fuelcell.stack' });
    await addOffer(fgw, id, b.id, { kind: 'need', title: '采购动力电池', chainKey: 'nev', segmentKey: 'battery' });
    const r1 = await requestMeeting(fgw, id, b.id, { to: a.id, priority: 'must' });
    await decideRequest(fgw, id, r1.id, 'accept');
    await requestMeeting(fgw, id, c.id, { to: a.id });
    const m2 = await addMeeting(fgw, id, { a: b.id, b: c.id });
    const meetings = await h.db.selectFrom('event_meetings').select('id').where('event_id', '=', id).execute();
    const m1 = meetings.find((m) => m.id !== m2.id)!;
    await setOutcome(fgw, id, m1.id, { kind: 'signed', amount: 12500.5, chainKey: 'demo-hydrogen', segmentKey: 'fuelcell.stack' });
    await setOutcome(fgw, id, m2.id, { kind: 'intention', amount: 300 });
    // An outcome's chain and segment must be the atlas's: a 400 names the field, and the outcome stays as it was.
    const put = (payload: object) => app.inject({ method: 'PUT', url: `/api/events/${id}/meetings/${m2.id}/outcome`, payload, ...as.fgw });
    const noChain = await put({ kind: 'agreement', amount: 1, chainKey: 'nev', segmentKey: 'battery' });
    expect(noChain.statusCode).toBe(400);
    expect(noChain.json().error.details.map((d: { field: string }) => d.field)).toEqual(['chainKey']);
    expect(noChain.json().error.zh).toContain('图谱中没有键为「nev」的产业链');
    const noSegment = await put({ kind: 'agreement', amount: 1, chainKey: 'demo-hydrogen', segmentKey: 'battery' });
    expect(noSegment.statusCode).toBe(400);
    expect(noSegment.json().error.details.map((d: { field: string }) => d.field)).toEqual(['segmentKey']);
    expect(noSegment.json().error.zh).toContain('产业链「氢能（示例）」没有键为「battery」的环节');
    expect((await put({ kind: 'agreement', segmentKey: 'fuelcell.stack' })).json().error.details.map((d: { field: string }) => d.field)).toEqual(['chainKey']);
    expect(await h.db.selectFrom('event_outcomes').select(['kind', 'chain_key']).where('meeting_id', '=', m2.id).executeTakeFirst()).toEqual({ kind: 'intention', chain_key: null });

    const report = (await app.inject({ url: `/api/events/${id}/report`, ...as.fgw })).json();
    const res = await app.inject({ url: `/api/events/${id}/report.docx`, ...as.fgw });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('新能源汽车产业链对接会（报告）-活动报告.docx');
    const text = (await mammoth.extractRawText({ buffer: res.rawPayload })).value;
    expect(text).toContain('关于新能源汽车产业链对接会（报告）情况的报告');
    expect(report.registrations).toMatchObject({ total: 3, checked_in: 1 });
    expect(text).toContain(`共有${report.registrations.total}家单位报名参会（其中企业2、协会1家），现场签到${report.registrations.checked_in}家。`);
    expect(report.requests.total).toBe(2);
    expect(text).toContain(`参会方共提出约见请求${report.requests.total}项`);
    expect(report.meetings.total).toBe(2);
    expect(text).toContain(`共安排一对一会谈${report.meetings.total}场`);
    expect(text).toContain('其中排定时段和洽谈桌0场，已举行2场，缺席0场，待举行0场。');
    expect(text).toContain('2030年6月10日，会展中心举办');
    const signed = report.outcomes.find((o: { kind: string }) => o.kind === 'signed');
    expect(signed).toMatchObject({ count: 1, amount: 12500.5 });
    expect(text).toContain('共形成对接成果2项，涉及金额12,800.5万元');
    expect(text).toContain('（三）签约。1项，金额12,500.5万元。');
    expect(text).toContain('（一）意向。1项，金额300万元。');
    expect(report.segments).toEqual([
      { chain_key: 'demo-hydrogen', segment_key: 'fuelcell.stack', chain_name: '氢能（示例）', chain_name_en: 'Hydrogen energy (demo)', segment_name: '电堆', segment_name_en: 'Stacks', offers: 1, needs: 1, outcomes: 1, amount: 12500.5 },
      { chain_key: 'nev', segment_key: 'battery', chain_name: 'nev', chain_name_en: 'nev', segment_name: 'battery', segment_name_en: 'battery', offers: 0, needs: 1, outcomes: 0, amount: 0 },
    ]);
    expect(text).toContain('（一）氢能（示例） · 电堆。供给1项，需求1项，成果1项，金额12,500.5万元。');
    expect(text).toContain('（二）nev · battery。供给0项，需求1项，成果0项，金额0万元。');
    expect(text).not.toContain('fuelcell.stack');

    // The Excel workbook names them too: on the segments sheet and on the meeting's row.
    const xlsx = await app.inject({ url: `/api/events/${id}/report.xlsx`, ...as.fgw });
    expect(xlsx.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = (name: string) => (wb.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows('涉及环节').slice(1)).toEqual([
      ['氢能（示例）', '电堆', 1, 1, 1, 12500.5],
      ['nev', 'battery', 0, 1, 0, 0],
    ]);
    expect(rows('会谈').find((r) => r.includes('签约'))!.at(-1)).toBe('氢能（示例） · 电堆');

    // The event page gets the names of the tags in use, in both languages.
    const detail = (await app.inject({ url: `/api/events/${id}`, ...as.fgw })).json();
    expect(detail.segment_names).toEqual({ 'demo-hydrogen': { zh: '氢能（示例）', en: 'Hydrogen energy (demo)' }, 'demo-hydrogen/fuelcell.stack': { zh: '电堆', en: 'Stacks' } });
    expect(text).toMatch(/发展和?改革委/); // signed by the organising unit
    // Only organisers export it.
    expect((await app.inject({ url: `/api/events/${id}/report.docx`, ...as.swj })).statusCode).toBe(403);
    expect((await app.inject({ url: `/api/events/${id}/report.docx` })).statusCode).toBe(401);
  });
});

describe('the anonymous registration form', () => {
  const form = (name: string, uscc?: string) => ({ kind: uscc ? 'enterprise' : 'association', name, ...(uscc ? { uscc } : {}) });
  const post = (id: string, payload: unknown, remoteAddress: string) => app.inject({ method: 'POST', url: `/api/events/${id}/public/participants`, payload: payload as object, remoteAddress });

  it('says an event by invitation takes no public registration, and a closed window when it closed', async () => {
    const invited = await newEvent('邀请制对接会', 'invitation');
    await updateEvent(fgw, invited, { status: 'open' });
    const page = await app.inject({ url: `/api/events/${invited}/public` });
    expect(page.statusCode).toBe(403);
    expect(page.json().error).toMatchObject({ code: 'invitation_only' });
    expect(page.json().error.zh).toContain('仅限受邀单位');
    const refused = await post(invited, form('某协会'), '10.1.0.1');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('invitation_only');

    const pub = await newEvent('公开对接会（截止）', 'public');
    expect((await post(pub, form('某协会'), '10.1.0.1')).statusCode).toBe(404); // a draft is not shown
    await updateEvent(fgw, pub, { status: 'open', registrationClosesAt: '2001-02-03T04:00:00Z' });
    const closed = await post(pub, form('某协会'), '10.1.0.1');
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.zh).toBe('报名已于 2001-02-03 12:00 截止');
    expect((await h.db.selectFrom('event_participants').select('id').where('event_id', '=', pub).execute()).length).toBe(0);
  });

  it('registers anyone while the window is open, checks the USCC with the atlas rule, and refuses oversize forms', async () => {
    const id = await newEvent('公开对接会（开放）', 'public');
    await updateEvent(fgw, id, { status: 'open', registrationOpensAt: '2001-01-01T00:00:00Z', registrationClosesAt: '2999-01-01T00:00:00Z' });
    const page = await app.inject({ url: `/api/events/${id}/public` });
    expect(page.statusCode).toBe(200);
    expect(page.json().event.registration_open).toBe(true);
    const good = withCheckChar('91120116MA05K3XT1');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const bad = await post(id, form('示例公开报名公司', wrong), '10.2.0.1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(['uscc']);
    expect(bad.json().error.zh).toMatch(/校验位/);
    const ok = await post(id, { ...form('示例公开报名公司', good), availableSlotIds: [page.json().slots[1].id] }, '10.2.0.1');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ name: '示例公开报名公司', user_id: null, available_slot_ids: [page.json().slots[1].id] });
    expect(ok.json().code).toMatch(/^[2-9A-Z]{8}$/);
    expect((await post(id, form('冒名', good), '10.2.0.1')).statusCode).toBe(409); // one code registers once
    // An account cannot be linked from the public form, and the form has its own size limit.
    expect((await post(id, { ...form('带账号'), userId: '00000000-0000-4000-8000-000000000000' }, '10.2.0.2')).statusCode).toBe(400);
    const huge = await post(id, { ...form('超长简介'), description: '简'.repeat(12_000) }, '10.2.0.3');
    expect(huge.statusCode).toBe(413);
    const names = (await h.db.selectFrom('event_participants').select('name').where('event_id', '=', id).execute()).map((p) => p.name);
    expect(names).toEqual(['示例公开报名公司']);
  });

  it('answers 429 with the wait once one address has tried too often, other addresses going on', async () => {
    const id = await newEvent('公开对接会（限流）', 'public');
    await updateEvent(fgw, id, { status: 'open' });
    for (let i = 0; i < PUBLIC_FORM.attemptsPerWindow; i++) expect((await post(id, { kind: 'enterprise', name: `无代码${i}` }, '10.3.0.1')).statusCode).toBe(400);
    const limited = await post(id, form('又一家协会'), '10.3.0.1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.zh).toMatch(/提交过于频繁/);
    expect((await post(id, form('又一家协会'), '10.3.0.2')).statusCode).toBe(201);
  });
});

describe("a participant's availability and the organiser's task picker", () => {
  it('the scheduler places a meeting only in a slot both sides ticked', async () => {
    const id = await newEvent('可用时段对接会', 'invitation', 4);
    const swjUser = (await contextAs(h, 'swj')).actor.userId!;
    const mine = await registerParticipant(fgw, id, { kind: 'investor', name: '示例投资基金', userId: swjUser });
    const other = await registerParticipant(fgw, id, { kind: 'association', name: '示例协会' });
    const slots = (await app.inject({ url: `/api/events/${id}`, ...as.swj })).json().slots as { id: string }[];
    const edit = await app.inject({ method: 'PATCH', url: `/api/events/${id}/participants/${mine.id}`, payload: { availableSlotIds: [slots[2]!.id] }, ...as.swj });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().available_slot_ids).toEqual([slots[2]!.id]);
    expect((await app.inject({ method: 'PATCH', url: `/api/events/${id}/participants/${mine.id}`, payload: { availableSlotIds: [] }, ...as.swj })).statusCode).toBe(400);
    await addMeeting(fgw, id, { a: mine.id, b: other.id });
    const run = await app.inject({ method: 'POST', url: `/api/events/${id}/schedule`, payload: { weighted: true }, ...as.fgw });
    expect(run.statusCode, run.body).toBe(200);
    const placed = (await app.inject({ url: `/api/events/${id}`, ...as.fgw })).json().meetings[0];
    expect(placed.slot_id).toBe(slots[2]!.id);
  });

  it('offers and needs keep the chain and segment picked', async () => {
    const id = await newEvent('环节对接会', 'invitation');
    const swjUser = (await contextAs(h, 'swj')).actor.userId!;
    const mine = await registerParticipant(fgw, id, { kind: 'investor', name: '示例投资基金', userId: swjUser });
    const res = await app.inject({ method: 'POST', url: `/api/events/${id}/participants/${mine.id}/offers`, payload: { kind: 'offer', title: '电池项目投资', chainKey: 'nev', segmentKey: 'battery' }, ...as.swj });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ chain_key: 'nev', segment_key: 'battery' });
  });

  it('finds the ledger tasks the organiser may see by number or title; others may not ask', async () => {
    const id = await newEvent('任务选择对接会', 'invitation');
    const task = await h.db
      .selectFrom('tasks as t')
      .innerJoin('plans as p', (j) => j.onRef('p.region_code', '=', 't.region_code').onRef('p.id', '=', 't.plan_id'))
      .select(['t.id', 't.seq', 't.title', 'p.title as plan_title'])
      .where('p.status', '=', 'issued')
      .orderBy('t.position')
      .executeTakeFirstOrThrow();
    const byTitle = await app.inject({ url: `/api/events/${id}/task-choices?q=${encodeURIComponent(task.title.slice(0, 6))}`, ...as.fgw });
    expect(byTitle.statusCode, byTitle.body).toBe(200);
    expect(byTitle.json().tasks).toContainEqual(expect.objectContaining({ id: task.id, seq: task.seq, plan_title: task.plan_title }));
    const byNumber = (await app.inject({ url: `/api/events/${id}/task-choices?q=${encodeURIComponent(`任务${task.seq}`)}`, ...as.fgw })).json().tasks as { seq: string }[];
    expect(byNumber.length).toBeGreaterThan(0);
    expect(byNumber.every((t) => t.seq === task.seq)).toBe(true);
    const none = (await app.inject({ url: `/api/events/${id}/task-choices?q=${encodeURIComponent('不存在的任务标题文字')}`, ...as.fgw })).json();
    expect(none.tasks).toEqual([]);
    expect((await app.inject({ url: `/api/events/${id}/task-choices?q=x`, ...as.gxj })).statusCode).toBe(403);
  });
});
