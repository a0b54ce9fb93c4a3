/**
 * 催办 by hand and what else reaches a unit's bell: the period the supervisor picked, once a day, returned reports and
 * escalation notices, and every delivery — in the app too — in the deliveries log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ValidationError } from '../../lib/errors.ts';
import { myNotifications, owedReports, remindNow } from './tracking.reminders.service.ts';
import { listDeliveries } from './tracking.notify.service.ts';
import * as reports from './tracking.reports.service.ts';
import * as esc from './tracking.escalations.service.ts';

let h: DatabaseHandle;
let duban: ServiceContext;
let fgw: ServiceContext; // editor of 市发展改革委, lead unit of demo task 3
let gxj: ServiceContext; // editor of 市工业和信息化局, supporting unit of demo task 3
let taskId: string;
let gxjUnit: string;
/** Demo task 3's plan reports monthly by the 25th: on 5 July the June report is 10 days late and July's is due. */
const TODAY = '2024-07-05';

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [duban, fgw, gxj] = await Promise.all(['duban', 'fgw', 'gxj'].map((u) => contextAs(h, u)));
  // Task 3 of the demo Decision's plan, by its title: another Tianjin plan has a task 3 too, and Citus returns rows in
  // no fixed order.
  taskId = (await h.db.selectFrom('tasks').select('id').where('region_code', '=', '120000').where('seq', '=', '3').where('title', 'like', '绘制重点产业链图谱%').executeTakeFirstOrThrow()).id;
  gxjUnit = (await h.db.selectFrom('units').select('id').where('short_name', '=', '市工业和信息化局').executeTakeFirstOrThrow()).id;
});
afterAll(async () => h?.close());

const bell = async (ctx: ServiceContext) => (await myNotifications(ctx, { limit: 50 })).items;

describe('催办 by hand', () => {
  it('names the period of the row the supervisor pressed, its due date and how late it is', async () => {
    const owed = await owedReports(duban, { today: TODAY });
    const june = owed.items.find((i) => i.taskId === taskId && i.unitId === gxjUnit && i.period === '2024-06');
    expect(june).toMatchObject({ due: '2024-06-25', late: true, days: 10, remindedAt: null });
    const sent = await remindNow(duban, taskId, { unitId: gxjUnit, period: '2024-06', today: TODAY });
    expect(sent).toMatchObject({ period: '2024-06', due: '2024-06-25', daysLate: 10, repeated: false });
    const [n] = await bell(gxj);
    expect(n).toMatchObject({ id: sent.id, kind: 'manual', period: '2024-06', due: '2024-06-25' });
    expect(n.title.zh).toMatch(/^【催办】《[^》]+》任务3 2024-06期进展报告已逾期10天，请尽快报送$/);
    expect(n.body.zh).toContain('2024-06期进展报告截止日期2024年6月25日，已逾期10天，请尽快报送');
    expect(n.body.zh).not.toContain('2024-07');
    expect(n.body.en).toContain('the 2024-06 progress report');
  });

  it('reminds of the current period when that row is pressed', async () => {
    const sent = await remindNow(duban, taskId, { unitId: gxjUnit, period: '2024-07', today: TODAY });
    expect(sent).toMatchObject({ period: '2024-07', due: '2024-07-25', daysLate: 0, repeated: false });
    expect((await bell(gxj))[0].body.zh).toContain('2024-07期进展报告截止日期2024年7月25日，请尽快报送');
  });

  it('refuses a period the unit does not owe, naming the field, and sends nothing', async () => {
    const before = (await bell(gxj)).length;
    for (const period of ['2024-03', '2099-01', 'nonsense']) {
      const err = await remindNow(duban, taskId, { unitId: gxjUnit, period, today: TODAY }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).details?.[0].field).toBe('period');
    }
    // A report sent is not owed any more.
    const report = await reports.saveReport(fgw, taskId, { period: '2024-06', doneText: '六月进展', percent: 40 }, { today: TODAY });
    await reports.submitReport(fgw, report.id);
    await expect(remindNow(duban, taskId, { unitId: report.unit_id, period: '2024-06', today: TODAY })).rejects.toBeInstanceOf(ValidationError);
    expect((await bell(gxj)).length).toBe(before);
  });

  it('sends the same reminder once a day: a second click says when it went, and the row shows it', async () => {
    const first = await remindNow(duban, taskId, { unitId: gxjUnit, period: '2024-06', today: '2024-07-06' });
    const count = (await bell(gxj)).length;
    const deliveries = (await listDeliveries(duban, { limit: 500 })).deliveries.length;
    const again = await remindNow(duban, taskId, { unitId: gxjUnit, period: '2024-06', today: '2024-07-06' });
    expect(again).toMatchObject({ id: first.id, repeated: true, remindedAt: first.remindedAt, channels: [] });
    expect((await bell(gxj)).length).toBe(count);
    expect((await listDeliveries(duban, { limit: 500 })).deliveries.length).toBe(deliveries);
    // Two clicks at once still make one.
    const both = await Promise.all([1, 2].map(() => remindNow(duban, taskId, { unitId: gxjUnit, period: '2024-06', today: '2024-07-07' })));
    expect(both.map((b) => b.repeated).sort()).toEqual([false, true]);
    expect(both[0].id).toBe(both[1].id);
    const row = (await owedReports(duban, { today: '2024-07-07' })).items.find((i) => i.taskId === taskId && i.unitId === gxjUnit && i.period === '2024-06')!;
    expect(row.remindedAt).toBe(both[0].remindedAt);
    const audit = await h.db.selectFrom('audit_log').select('entity_id').where('region_code', '=', '120000').where('action', '=', 'remind').where('entity_id', '=', first.id).execute();
    expect(audit).toHaveLength(1);
  });
});

describe('the deliveries log', () => {
  it('lists the in-app delivery of a 催办 to a unit that set no channel, as sent', async () => {
    const sent = await remindNow(duban, taskId, { unitId: gxjUnit, period: '2024-07', today: '2024-07-08' });
    expect(sent.channels).toEqual([]);
    const log = await listDeliveries(duban, { limit: 500 });
    const mine = log.deliveries.filter((d) => d.reminderId === sent.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ channel: 'app', status: 'sent', kind: 'manual', period: '2024-07', unitName: '天津市工业和信息化局' });
    expect(mine[0].sentAt).not.toBeNull();
  });
});

describe('what else reaches a unit’s bell', () => {
  it('a report returned for revision: which one, by whom and why', async () => {
    const co = await reports.saveReport(gxj, taskId, { period: '2024-07', doneText: '工信局七月进展' }, { today: TODAY });
    await reports.submitReport(gxj, co.id);
    await reports.returnReport(fgw, co.id, '请补充链上企业名单');
    const [n] = await bell(gxj);
    expect(n).toMatchObject({ kind: 'returned', taskId, period: '2024-07', read: false });
    expect(n.title.zh).toMatch(/^【退回修改】《[^》]+》任务3 2024-07期进展报告被退回$/);
    expect(n.body.zh).toContain('已被牵头单位市发展改革委（');
    expect(n.body.zh).toContain('退回原因：请补充链上企业名单。');
    expect(n.body.en).toContain('Reason: 请补充链上企业名单.');
    const log = await listDeliveries(duban, { limit: 500 });
    expect(log.deliveries.find((d) => d.reminderId === n.id)).toMatchObject({ channel: 'app', status: 'sent', kind: 'returned' });
    // The lead unit, which returned it, is not told.
    expect((await bell(fgw)).some((x) => x.id === n.id)).toBe(false);
  });

  it('an escalation notice issued to the lead unit: its number and reply deadline', async () => {
    const open = await h.db.selectFrom('escalations').select('task_id').where('region_code', '=', '120000').where('status', '<>', 'closed').execute();
    const target = await h.db
      .selectFrom('tasks as t')
      .innerJoin('plans as p', (j) => j.onRef('p.region_code', '=', 't.region_code').onRef('p.id', '=', 't.plan_id'))
      .innerJoin('task_units as tu', (j) => j.onRef('tu.region_code', '=', 't.region_code').onRef('tu.task_id', '=', 't.id').on('tu.role', '=', 'lead'))
      .select(['t.id', 'tu.unit_id'])
      .where('t.region_code', '=', '120000')
      .where('p.status', '=', 'issued')
      .where('tu.unit_id', '=', gxjUnit)
      .where('t.closed_at', 'is', null)
      .where('t.id', 'not in', open.length ? open.map((o) => o.task_id) : ['00000000-0000-0000-0000-000000000000'])
      .executeTakeFirstOrThrow();
    const notice = await esc.issueEscalation(duban, target.id, { reason: '连续两期未报送', requirements: '一周内报送整改方案', replyDue: '2099-06-30' });
    const [n] = await bell(gxj);
    expect(n).toMatchObject({ kind: 'escalation', taskId: target.id, period: null, due: '2099-06-30' });
    expect(n.title.zh).toContain(`【督办】${notice.numberText}：`);
    expect(n.title.zh).toContain('请于2099年6月30日前反馈');
    expect(n.body.zh).toContain('督办事由：连续两期未报送。督办要求：一周内报送整改方案。');
    // A second click keeps the one notice, and tells the unit once.
    await esc.issueEscalation(duban, target.id, { reason: '连续两期未报送', requirements: '一周内报送整改方案', replyDue: '2099-06-30' });
    expect((await bell(gxj)).filter((x) => x.kind === 'escalation' && x.taskId === target.id)).toHaveLength(1);
    // Its answer sent back tells the unit too.
    await esc.answerEscalation(gxj, notice.id, { answer: '已部署整改' });
    await esc.returnEscalation(duban, notice.id, { reason: '请给出时间表' });
    const [back] = await bell(gxj);
    expect(back.title.zh).toBe(`【督办】${notice.numberText}的答复被退回，请重新答复`);
    expect(back.body.zh).toContain('退回原因：请给出时间表。');
  });
});
