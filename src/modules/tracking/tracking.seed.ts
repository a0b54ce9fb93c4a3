import type { DemoSeeder } from '../../server/module.ts';
import { periodOf, previousPeriod } from './tracking.reports.domain.ts';
import { rebuildPlanReportSummaries } from './tracking.progress.repo.ts';
import { chinaDay } from '../../lib/calendar-date.ts';
import type { ReportRole, ReportStatus } from './tracking.tables.ts';

/** Demo reports: task number → [unit seed key, role, which period, status, percent, text, return reason]. */
const DEMO_REPORTS: [string, string, ReportRole, 'last' | 'this', ReportStatus, number | null, string, string?][] = [
  ['3', 'ndrc', 'lead', 'last', 'accepted', 40, '完成高端装备、集成电路两条产业链图谱初稿，梳理链上企业 326 家。'],
  ['3', 'miit', 'co', 'last', 'submitted', null, '提供重点工业企业名录及产值数据，配合核实 58 家企业环节归属。'],
  ['3', 'miit', 'co', 'this', 'submitted', null, '完成生物医药产业链企业走访 21 家，补充上游原料药企业信息。'],
  ['3', 'sci', 'co', 'this', 'submitted', null, '梳理集成电路领域卡点技术清单 12 项，提出联合攻关建议。'],
  ['6', 'miit', 'lead', 'last', 'accepted', 30, '制定“链长制”工作方案，召开专题推进会 1 次。'],
  ['6', 'miit', 'lead', 'this', 'returned', 45, '推进重点项目 8 个。', '请补充项目名称、投资额和当前进度。'],
  ['5', 'sci', 'lead', 'this', 'draft', 25, '启动产业链创新联合体组建，已对接高校院所 6 家。'],
];

/** Demo activities: task number → [unit seed key, kind, title, days before today, participants, outcome]. */
const DEMO_ACTIVITIES: [string, string, 'study' | 'research' | 'meeting', string, number, string, string][] = [
  ['3', 'ndrc', 'meeting', '产业链图谱编制推进协调会', 12, '市发展改革委、市工业和信息化局、市科技局', '明确各链图谱分工和报送时间，本月底前完成初稿修订。'],
  ['6', 'miit', 'research', '赴滨海新区重点企业调研“链长制”落实情况', 20, '市工业和信息化局产业链处', '走访链上企业 6 家，收集需协调事项 3 项，已转相关部门办理。'],
  ['5', 'sci', 'study', '京津冀协同创新政策专题学习', 33, '市科技局党组成员、各处室负责人', '形成创新联合体组建工作要点。'],
];

/** Loads a few progress reports on the demo plan, in the current and the last reporting period, so 我的填报 is not empty; and a few activities (协调会、调研、专题学习). */
export const seedDemoReports: DemoSeeder = async (db, { unitIds, log }) => {
  const plan = await db.selectFrom('plans').select(['id', 'region_code', 'report_due_day']).where('region_code', '=', '120000').where('status', '=', 'issued').orderBy('created_at').executeTakeFirst();
  if (!plan) return;
  const current = periodOf('monthly', chinaDay(), plan.report_due_day);
  const last = previousPeriod(current, plan.report_due_day);
  const tasks = new Map((await db.selectFrom('tasks').select(['id', 'seq']).where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id).execute()).map((t) => [t.seq, t.id]));
  let n = 0;
  await db.transaction().execute(async (trx) => {
    for (const [seq, unitKey, role, when, status, percent, text, reason] of DEMO_REPORTS) {
      const taskId = tasks.get(seq);
      const unitId = unitIds.get(unitKey);
      if (!taskId || !unitId) continue;
      const p = when === 'this' ? current : last;
      // Steps an hour apart, none in the future.
      const at = new Date(Math.min(Date.now() - 6 * 3600_000, new Date(`${p.due}T09:00:00+08:00`).getTime()));
      const row = await trx
        .insertInto('task_reports')
        .values({
          region_code: plan.region_code,
          plan_id: plan.id,
          task_id: taskId,
          unit_id: unitId,
          role,
          period: p.key,
          period_end: p.end,
          due_date: p.due,
          status,
          done_text: text,
          percent,
          indicator_values: '[]',
          next_steps: '按计划推进下阶段工作。',
          return_reason: reason ?? null,
          submitted_at: status === 'draft' ? null : at,
          reviewed_at: status === 'accepted' || status === 'returned' ? at : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const steps: [string, ReportStatus, string | null, string][] = [['create', 'draft', null, '演示联络员']];
      if (status !== 'draft') steps.push(['submit', 'submitted', null, '演示联络员']);
      if (status === 'accepted') steps.push(['accept', 'accepted', null, '吴督查']);
      if (status === 'returned') steps.push(['return', 'returned', reason ?? null, '吴督查']);
      await trx
        .insertInto('report_events')
        .values(steps.map(([action, to, why, who], i) => ({ region_code: plan.region_code, report_id: row.id, task_id: taskId, action: action as 'create', from_status: i ? steps[i - 1][1] : null, to_status: to, reason: why, actor_user_id: null, actor_name: who, at: new Date(at.getTime() + i * 3600_000) })))
        .execute();
      n++;
    }
    await rebuildPlanReportSummaries(trx, plan.region_code, plan.id);
    const today = chinaDay();
    for (const [seq, unitKey, kind, title, daysAgo, participants, outcome] of DEMO_ACTIVITIES) {
      const taskId = tasks.get(seq);
      const unitId = unitIds.get(unitKey);
      if (!taskId || !unitId) continue;
      const heldOn = new Date(Date.parse(`${today}T00:00:00Z`) - daysAgo * 86_400_000).toISOString().slice(0, 10);
      await trx
        .insertInto('task_activities')
        .values({ region_code: plan.region_code, task_id: taskId, unit_id: unitId, kind, title, held_on: heldOn, participants, outcome, created_by: null, author_name: '演示联络员' })
        .execute();
    }
  });
  log(`demo progress reports: ${n} on 《demo plan》 for ${last.key} and ${current.key}`);
};
