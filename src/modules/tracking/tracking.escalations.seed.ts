import type { DemoSeeder } from '../../server/module.ts';
import { systemActor } from '../org/index.ts';
import { issueEscalation } from './tracking.escalations.service.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

const DAY = 86_400_000;
const dayAfter = (at: Date, days: number) => chinaDay(new Date(at.getTime() + days * DAY));

/**
 * Two escalation notices (督办单) on the demo progress plan (loaded by tracking.progress.seed.ts just before): one on
 * its overdue red task, issued from the rules ten days ago and answered by the lead unit; one on 市发改委's task that
 * is behind, issued by hand yesterday and still open, so fgw's 我的填报 shows it.
 */
export const seedDemoEscalations: DemoSeeder = async (db, { log }) => {
  const plan = await db
    .selectFrom('plans')
    .select(['id', 'region_code'])
    .where('region_code', '=', '120000')
    .where('title', 'like', '%年度重点任务分工方案（示例）')
    .where('status', '=', 'issued')
    .executeTakeFirst();
  if (!plan) return;
  const tasks = await db.selectFrom('tasks').select(['id', 'seq']).where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id).where('seq', 'in', ['3', '4']).execute();
  const bySeq = new Map(tasks.map((t) => [t.seq, t.id]));
  const ctx = { db, actor: systemActor('system', '市委督查室（演示） / supervision office (demo)') };
  const now = Date.now();
  const issued = new Date(now - 10 * DAY);
  if (bySeq.has('4')) {
    const answered = await issueEscalation(
      ctx,
      bySeq.get('4')!,
      { from: 'rules', requirements: '请于反馈时限前报送评估报告，说明逾期原因和完成时间。', replyDue: dayAfter(issued, 7) },
      { now: issued },
    );
    const at = new Date(now - 6 * DAY);
    const answer = '评估报告初稿已完成，正在征求相关区意见，预计本月底前报送。逾期原因为园区数据汇总滞后。';
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('escalations')
        .set({ status: 'answered', answer, answered_by_name: '市规划资源局联络员（演示）', answered_at: at, updated_at: at, version: 2 })
        .where('region_code', '=', plan.region_code)
        .where('id', '=', answered.id)
        .execute();
      await trx
        .insertInto('escalation_events')
        .values({ region_code: plan.region_code, escalation_id: answered.id, action: 'answer', from_status: 'issued', to_status: 'answered', note: answer, actor_name: '市规划资源局联络员（演示）', at })
        .execute();
    });
  }
  if (bySeq.has('3')) {
    const yesterday = new Date(now - DAY);
    await issueEscalation(
      ctx,
      bySeq.get('3')!,
      {
        reason: '项目储备库建设进度明显滞后于序时进度，已连续两个月低于预期。',
        requirements: '请制定追赶计划，明确责任人和时间节点，并书面反馈。',
        replyDue: dayAfter(yesterday, 10),
      },
      { now: yesterday },
    );
  }
  log('demo escalation notices: one answered, one open');
};
