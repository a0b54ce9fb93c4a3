import type { DemoSeeder } from '../../server/module.ts';
import { systemActor } from '../org/index.ts';
import { addTasks, createPlan, setPlanStatus, type TaskInput } from '../ledger/index.ts';
import { dayNumber, reportDueDates } from './tracking.progress.domain.ts';
import { refreshPlanProgress } from './tracking.progress.service.ts';
import { periodOf } from './tracking.reports.domain.ts';
import { issuedPlans, rebuildPlanReportSummaries } from './tracking.progress.repo.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const written = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日前`;

/**
 * One demo task and how its reports went: `percent` reached by now (rising evenly from 0), and how many of the latest
 * monthly reports never came (`missing`) or came late (`late`); `closed` for a task closed (办结) a month ago.
 */
interface DemoTask {
  title: string;
  part: string;
  leader: string;
  lead: string;
  co: string[];
  deadline: (today: number, start: number) => string;
  percent: number;
  missing?: number;
  late?: number;
  closed?: boolean;
}

const YEAR_END = (_today: number, start: number) => written(isoOf(start + 364));
const PARTS = ['一、推动产业链协同', '二、优化营商环境', '三、强化组织保障'];

/** The demo plan's tasks: together every class (超进度 … 逾期) and every warning (蓝/黄/红) as of the day seeded. */
const TASKS: DemoTask[] = [
  { title: '编制京津冀产业链协同发展图谱，明确重点产业链上中下游环节。', part: PARTS[0], leader: '张样例', lead: '市工信局', co: ['市发改委', '市科技局'], deadline: YEAR_END, percent: 75 },
  { title: '建立重点产业链“链长制”工作机制，每条链形成一张任务清单。', part: PARTS[0], leader: '张样例', lead: '市工信局', co: ['市商务局'], deadline: YEAR_END, percent: 50 },
  { title: '谋划实施一批产业链协同项目，形成项目储备库。', part: PARTS[0], leader: '李演示', lead: '市发改委', co: ['市工信局'], deadline: YEAR_END, percent: 20 },
  { title: '完成重点园区承载能力评估并报送评估报告。', part: PARTS[0], leader: '孙试用', lead: '市规划资源局', co: ['市发改委'], deadline: (today) => written(isoOf(today - 20)), percent: 80 },
  { title: '举办京津冀产业链供需对接活动。', part: PARTS[1], leader: '张样例', lead: '市商务局', co: ['市工信局', '市工商联'], deadline: YEAR_END, percent: 100, closed: true },
  { title: '上线企业诉求“一网通办”服务平台。', part: PARTS[1], leader: '李演示', lead: '市发改委', co: ['市政府办公厅'], deadline: (today) => written(isoOf(today + 10)), percent: 92 },
  { title: '出台支持科技型企业融资的若干措施。', part: PARTS[1], leader: '张样例', lead: '市科技局', co: ['市财政局'], deadline: YEAR_END, percent: 48, late: 1 },
  { title: '常态化开展重点企业走访服务，长期坚持。', part: PARTS[2], leader: '周测试', lead: '市委督查室', co: ['市委组织部'], deadline: () => '长期坚持', percent: 60, missing: 2 },
  { title: '每季度调度通报重点任务进展情况。', part: PARTS[2], leader: '周测试', lead: '市委办公厅', co: ['市委督查室'], deadline: () => '每季度', percent: 50 },
];

/**
 * Loads a demo plan half-way through its year (effective 182 days before the day it is seeded), with a year of
 * monthly reports so far, so that the dashboard, rankings and `luoshi status --plan` show every class and warning; then
 * stores every issued demo plan's standing (run after the other demo reports are loaded).
 */
export const seedDemoProgress: DemoSeeder = async (db, { unitIds, log }) => {
  const ctx = { db, actor: systemActor('system', '演示数据 / demo seed') };
  const today = dayNumber(chinaDay());
  const start = today - 182;
  const effective = isoOf(start);
  const plan = await createPlan(ctx, {
    title: `天津市推进京津冀产业链协同发展${effective.slice(0, 4)}年度重点任务分工方案（示例）`,
    planType: 'work_plan',
    regionCode: '120000',
    issuedOn: effective,
    ownerUnitId: unitIds.get('inspection') ?? null,
    nodes: [],
  });
  const inputs: TaskInput[] = TASKS.map((t, i) => ({
    seq: String(i + 1),
    title: t.title,
    groupPath: [t.part],
    leaders: [{ rawName: t.leader }],
    leadUnit: { rawName: t.lead },
    coUnits: t.co.map((rawName) => ({ rawName })),
    deadlineText: t.deadline(today, start),
  }));
  const ids = await addTasks(ctx, plan.id, inputs, `演示：《${plan.title}》${inputs.length} 项重点任务`);
  await setPlanStatus(ctx, plan.id, 'adopted');
  await setPlanStatus(ctx, plan.id, 'issued');

  const leads = await db.selectFrom('task_units').select(['task_id', 'unit_id']).where('region_code', '=', '120000').where('task_id', 'in', ids).where('role', '=', 'lead').execute();
  const leadOf = new Map(leads.map((l) => [l.task_id, l.unit_id]));
  const dues = reportDueDates(1, 25, effective, isoOf(today - 1));
  const noon = (iso: string) => new Date(`${iso}T04:00:00Z`); // 12:00 in China
  const MONTHLY_WORK = ['召开专题推进会1次', '走访重点企业3家，形成问题清单', '完成月度调度并报送进展', '协调解决用地、用能等问题2项'];
  const rows = [];
  for (const [i, t] of TASKS.entries()) {
    const unitId = leadOf.get(ids[i]);
    if (!unitId) continue;
    const owed = t.closed ? dues.slice(0, -1) : dues;
    for (const [k, due] of owed.entries()) {
      if (k >= owed.length - (t.missing ?? 0)) break;
      const late = k >= owed.length - (t.late ?? 0);
      const submitted = isoOf(dayNumber(due) + (late ? 3 : -3));
      const p = periodOf('monthly', due);
      rows.push({
        region_code: '120000',
        plan_id: plan.id,
        task_id: ids[i],
        unit_id: unitId,
        role: 'lead' as const,
        kind: 'progress' as const,
        period: p.key,
        period_end: p.end,
        due_date: due,
        status: 'accepted' as const,
        // The 台账 and the report drawer put the period before the text: the text does not repeat it.
        done_text: `各项工作按计划推进，${MONTHLY_WORK[(i + k) % MONTHLY_WORK.length]}。`,
        percent: Math.round((t.percent * (k + 1)) / owed.length),
        indicator_values: '[]',
        submitted_at: noon(submitted),
        reviewed_at: noon(isoOf(dayNumber(submitted) + 1)),
      });
    }
  }
  if (rows.length) await db.insertInto('task_reports').values(rows).execute();
  await rebuildPlanReportSummaries(db, '120000', plan.id);
  const closed = TASKS.map((t, i) => (t.closed ? ids[i] : null)).filter((id): id is string => id !== null);
  if (closed.length) await db.updateTable('tasks').set({ closed_at: noon(isoOf(today - 30)) }).where('region_code', '=', '120000').where('id', 'in', closed).execute();
  // Every issued demo plan's standing stored as of today, the other demo reports included.
  for (const p of await issuedPlans(db)) await db.transaction().execute((trx) => refreshPlanProgress(trx, p.id, chinaDay()));
  log(`demo plan 《${plan.title}》 half-way through its year, with ${rows.length} reports`);
};
