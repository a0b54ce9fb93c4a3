import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import * as esc from './tracking.escalations.service.ts';
import { countEscalationsReceived } from './index.ts';

let h: DatabaseHandle;
let duban: ServiceContext;
let fgw: ServiceContext; // editor of 市发展改革委
let gxj: ServiceContext; // editor of 市工业和信息化局
let swj: ServiceContext; // viewer of 市商务局
let leader: ServiceContext;
const REPLY_DUE = '2099-06-30';

/** Red, unclosed tasks of the demo led by a unit (by its short name), without an open notice. */
async function redTasksOf(shortName: string) {
  const rows = await h.db
    .selectFrom('task_progress as tp')
    .innerJoin('task_units as tu', (j) => j.onRef('tu.region_code', '=', 'tp.region_code').onRef('tu.task_id', '=', 'tp.task_id').on('tu.role', '=', 'lead'))
    .innerJoin('units as u', 'u.id', 'tu.unit_id')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'tp.region_code').onRef('t.id', '=', 'tp.task_id'))
    .select(['tp.task_id', 't.seq'])
    .where('tp.warning', '=', 'red')
    .where('u.short_name', '=', shortName)
    .where('t.closed_at', 'is', null)
    .execute();
  const open = new Set((await h.db.selectFrom('escalations').select('task_id').where('status', '<>', 'closed').execute()).map((e) => e.task_id));
  return rows.filter((r) => !open.has(r.task_id)).map((r) => r.task_id);
}
const counts = async () => ({
  escalations: Number((await h.db.selectFrom('escalations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
  events: Number((await h.db.selectFrom('escalation_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
  counter: (await h.db.selectFrom('escalation_counters').select('last_number').where('region_code', '=', '120000').execute()).map((r) => r.last_number),
});
const lastNumber = async () => Math.max(0, ...(await h.db.selectFrom('escalations').select('number').where('region_code', '=', '120000').execute()).map((r) => r.number));

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [duban, fgw, gxj, swj, leader] = await Promise.all(['duban', 'fgw', 'gxj', 'swj', 'leader'].map((u) => contextAs(h, u)));
});
afterAll(async () => h?.close());

describe('escalation notices (督办单)', () => {
  it('the demo holds one answered and one open notice on the demo progress plan', async () => {
    const { escalations } = await esc.listEscalations(duban);
    expect(escalations.map((e) => e.status).sort()).toEqual(['answered', 'issued']);
    expect(escalations.every((e) => /^督办〔\d{4}〕[12]号$/.test(e.numberText))).toBe(true);
  });

  it('suggests red tasks without an open notice, with their reason in words, to supervisors only', async () => {
    const { suggestions } = await esc.suggestedEscalations(duban);
    const fgwRed = await redTasksOf('市发展改革委');
    expect(fgwRed.length).toBeGreaterThan(0);
    const s = suggestions.find((x) => x.taskId === fgwRed[0])!;
    expect(s).toMatchObject({ unitName: '市发展改革委' }); // the short name, as lists show it
    expect(['overdue', 'late_reports', 'red_warning']).toContain(s.source);
    expect(s.reasonZh).toMatch(/完成时限|逾期|落后/);
    // A task with an open notice is not suggested again.
    const open = (await esc.listEscalations(duban, { status: 'open' })).escalations.map((e) => e.taskId);
    expect(suggestions.some((x) => open.includes(x.taskId))).toBe(false);
    await expect(esc.suggestedEscalations(fgw)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('goes issued → answered → returned → answered → closed, each step in its timeline and the audit log, seen only by those it concerns', async () => {
    const [taskId] = await redTasksOf('市发展改革委');
    await expect(esc.issueEscalation(fgw, taskId, { from: 'rules', requirements: '请说明', replyDue: REPLY_DUE })).rejects.toBeInstanceOf(ForbiddenError);
    const before = await lastNumber();
    const e = await esc.issueEscalation(duban, taskId, { from: 'rules', requirements: '请于反馈时限前书面说明原因和整改措施。', replyDue: REPLY_DUE });
    expect(e).toMatchObject({ status: 'issued', unitShortName: '市发展改革委', number: before + 1, repeated: false, replyDue: REPLY_DUE });
    expect(e.numberText).toBe(`督办〔${e.year}〕${before + 1}号`);
    expect(e.reason.length).toBeGreaterThan(0);
    expect(e.source).not.toBe('manual');

    // The lead unit sees and answers it; another unit, and a viewer of another unit, do not see it.
    expect((await esc.listEscalations(fgw)).escalations.map((x) => x.id)).toContain(e.id);
    expect((await esc.getEscalation(fgw, e.id)).abilities).toEqual(['read', 'answer']);
    expect((await esc.listEscalations(gxj)).escalations.map((x) => x.id)).not.toContain(e.id);
    expect((await esc.listEscalations(swj)).escalations.map((x) => x.id)).not.toContain(e.id);
    await expect(esc.getEscalation(gxj, e.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(esc.answerEscalation(gxj, e.id, { answer: '越权答复' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(esc.answerEscalation(duban, e.id, { answer: '代答' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(esc.closeEscalation(fgw, e.id)).rejects.toBeInstanceOf(ForbiddenError);

    const answered = await esc.answerEscalation(fgw, e.id, { answer: '已成立专班推进。' });
    expect(answered).toMatchObject({ status: 'answered', answer: '已成立专班推进。', answeredByName: fgw.actor.name });
    await expect(esc.answerEscalation(fgw, e.id, { answer: '再答' })).resolves.toMatchObject({ repeated: true, answer: '已成立专班推进。' });
    await expect(esc.returnEscalation(duban, e.id, { reason: ' ' })).rejects.toBeInstanceOf(ValidationError);
    const returned = await esc.returnEscalation(duban, e.id, { reason: '请补充完成时间。' });
    expect(returned).toMatchObject({ status: 'returned', returnReason: '请补充完成时间。' });
    await esc.answerEscalation(fgw, e.id, { answer: '已成立专班推进，预计下月底完成。' });
    const closed = await esc.closeEscalation(duban, e.id, { note: '答复可行' });
    expect(closed).toMatchObject({ status: 'closed', closeNote: '答复可行' });
    await expect(esc.answerEscalation(fgw, e.id, { answer: '迟到的答复' })).rejects.toBeInstanceOf(ForbiddenError);

    const detail = await esc.getEscalation(duban, e.id);
    expect(detail.timeline.map((s) => [s.action, s.to_status])).toEqual([
      ['issue', 'issued'],
      ['answer', 'answered'],
      ['return', 'returned'],
      ['answer', 'answered'],
      ['close', 'closed'],
    ]);
    const audit = await h.db.selectFrom('audit_log').select('action').where('entity', '=', 'escalation').where('entity_id', '=', e.id).orderBy('at').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['issue', 'answer', 'return', 'answer', 'close']);
  });

  it('lets the task’s lead leader and the leaders whose portfolio holds the unit see a notice', async () => {
    const [taskId] = await redTasksOf('市工业和信息化局');
    const e = await esc.issueEscalation(duban, taskId, { reason: '进度滞后', requirements: '请说明', replyDue: REPLY_DUE });
    expect(e.source).toBe('manual');
    expect((await esc.listEscalations(leader)).escalations.map((x) => x.id)).toContain(e.id);
    expect((await esc.getEscalation(leader, e.id)).abilities).toEqual(['read']);
    expect((await esc.listEscalations(fgw)).escalations.map((x) => x.id)).not.toContain(e.id);
    await esc.closeEscalation(duban, e.id);
  });

  it('numbers notices issued at once uniquely and consecutively, and stores a double submit once', async () => {
    const tasks = (await h.db.selectFrom('tasks').select('id').where('closed_at', 'is', null).execute()).map((t) => t.id);
    const open = new Set((await h.db.selectFrom('escalations').select('task_id').where('status', '<>', 'closed').execute()).map((e) => e.task_id));
    const free = tasks.filter((t) => !open.has(t)).slice(0, 6);
    const before = await lastNumber();
    const issued = await Promise.all(free.map((t) => esc.issueEscalation(duban, t, { reason: '并发督办', requirements: '请说明', replyDue: REPLY_DUE })));
    expect(issued.map((e) => e.number).sort((a, b) => a - b)).toEqual(free.map((_, i) => before + i + 1));

    // The same task issued twice at once (double click): one notice, one number.
    const again = await Promise.all([1, 2].map(() => esc.issueEscalation(duban, free[0], { reason: '重复', requirements: '请说明', replyDue: REPLY_DUE })));
    expect(again.every((e) => e.id === issued[0].id && e.repeated)).toBe(true);
    expect(await lastNumber()).toBe(before + free.length);

    // An answer sent twice at once is stored once.
    const fgwOwn = issued.find((e) => e.unitShortName === '市发展改革委') ?? (await esc.listEscalations(fgw, { status: 'issued' })).escalations[0];
    const answers = await Promise.all([1, 2].map(() => esc.answerEscalation(fgw, fgwOwn.id, { answer: '同一答复' })));
    expect(answers.filter((a) => !a.repeated)).toHaveLength(1);
    expect((await esc.getEscalation(duban, fgwOwn.id)).timeline.filter((s) => s.action === 'answer')).toHaveLength(1);
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const [taskId] = await redTasksOf('市委宣传部');
    const start = await counts();
    const bad = async (p: Promise<unknown>, field: string) => {
      const err = await p.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).details.map((d) => d.field)).toContain(field);
    };
    await bad(esc.issueEscalation(duban, taskId, { reason: '原因', requirements: '  ', replyDue: REPLY_DUE }), 'requirements');
    await bad(esc.issueEscalation(duban, taskId, { reason: '原因', requirements: '要求', replyDue: '2000-01-01' }), 'replyDue');
    await bad(esc.issueEscalation(duban, taskId, { reason: '原因', requirements: '要求', replyDue: '2026-02-30' }), 'replyDue');
    await bad(esc.issueEscalation(duban, taskId, { requirements: '要求', replyDue: REPLY_DUE }), 'reason');
    // In bulk, one task that is not red stops them all: nothing is stored, no number is taken.
    const open = new Set((await h.db.selectFrom('escalations').select('task_id').where('status', '<>', 'closed').execute()).map((e) => e.task_id));
    const green = (await h.db.selectFrom('task_progress').select('task_id').where('warning', 'is', null).where('class', '<>', 'done').execute()).find((t) => !open.has(t.task_id))!.task_id;
    await bad(esc.issueEscalations(duban, { taskIds: [taskId, green], requirements: '要求', replyDue: REPLY_DUE }), 'taskIds[1]');
    await expect(esc.issueEscalation(duban, '00000000-0000-4000-8000-000000000000', { reason: 'x', requirements: 'y', replyDue: REPLY_DUE })).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts()).toEqual(start);
  });

  it('issues suggestions in bulk, numbered in the order given', async () => {
    const { suggestions } = await esc.suggestedEscalations(duban);
    const ids = suggestions.slice(0, 2).map((s) => s.taskId);
    const before = await lastNumber();
    const { escalations } = await esc.issueEscalations(duban, { taskIds: ids, requirements: '请书面反馈', replyDue: REPLY_DUE });
    expect(escalations.map((e) => [e.taskId, e.number, e.source === 'manual'])).toEqual(ids.map((id, i) => [id, before + i + 1, false]));
    expect((await esc.suggestedEscalations(duban)).suggestions.map((s) => s.taskId)).not.toContain(ids[0]);
  });

  it('writes a notice as a Word document in 公文 layout with its number, recipient and deadline', async () => {
    const [e] = (await esc.listEscalations(fgw, { status: 'issued' })).escalations;
    const file = await esc.escalationDocx(fgw, e.id);
    expect(file.fileName).toBe(`${e.numberText}督办通知单.docx`);
    const xml = await (await JSZip.loadAsync(file.bytes)).file('word/document.xml')!.async('string');
    for (const text of [e.numberText, '督办通知单', '天津市发展和改革委员会：', '督办要求', '反馈时限']) expect(xml).toContain(text);
    await expect(esc.escalationDocx(gxj, e.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('counts notices received per unit and per leader over a period, for the results record', async () => {
    const all = await countEscalationsReceived(duban, { from: '2000-01-01', to: '2099-12-31' });
    const total = Number((await h.db.selectFrom('escalations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(all.byUnit.reduce((s, u) => s + u.count, 0)).toBe(total);
    expect(all.byUnit.find((u) => u.unitName === '天津市发展和改革委员会')?.count).toBeGreaterThan(1);
    expect(all.byLeader.length).toBeGreaterThan(0);
    const none = await countEscalationsReceived(duban, { from: '2001-01-01', to: '2001-12-31' });
    expect(none).toEqual({ byUnit: [], byLeader: [] });
  });
});
