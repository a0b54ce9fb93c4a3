import type { DemoSeeder } from '../../server/module.ts';
import { systemActor } from '../org/index.ts';
import { dayNumber } from './tracking.progress.domain.ts';
import { chinaDay } from '../../lib/calendar-date.ts';
import { usccCheckChar, type ProjectKind, type ProjectStage } from './tracking.projects.domain.ts';
import { insertProjects, type ProjectFields } from './tracking.projects.service.ts';

const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
/** A made-up but well-formed credit code (the check character computed), so the demo names no real enterprise. */
const demoUscc = (body17: string) => body17 + usccCheckChar(body17);

/** The demo projects: task number, what, how much (万元), where, partner, segment, and days ago each stage was reached. */
const PROJECTS: { seq: string; kind: ProjectKind; name: string; amount: number; region: string; partner: string; uscc: string; segment: string; daysAgo: number[] }[] = [
  { seq: '3', kind: 'investment', name: '新能源汽车零部件产业园项目（示例）', amount: 86000, region: '120116', partner: '天津示例新能源科技有限公司', uscc: demoUscc('91120116MA05T0001'), segment: '动力电池', daysAgo: [150, 100, 30] },
  { seq: '3', kind: 'investment', name: '集成电路封装测试基地（示例）', amount: 42000, region: '120110', partner: '示例微电子（天津）有限公司', uscc: demoUscc('91120110MA06X0002'), segment: '封装测试', daysAgo: [120, 60] },
  { seq: '3', kind: 'construction', name: '生物医药中试平台建设（示例）', amount: 15000, region: '120111', partner: '天津示例生物医药研究院有限公司', uscc: demoUscc('91120111MA07B0003'), segment: '中试验证', daysAgo: [40] },
  { seq: '1', kind: 'cooperation', name: '京津冀产业链数据共享合作（示例）', amount: 3000, region: '120000', partner: '示例数据服务（北京）有限公司', uscc: demoUscc('91110108MA01D0004'), segment: '工业软件', daysAgo: [170, 140, 90, 20] },
  { seq: '5', kind: 'cooperation', name: '供需对接会签约配套项目（示例）', amount: 8600, region: '120113', partner: '天津示例装备制造有限公司', uscc: demoUscc('91120113MA08C0005'), segment: '关键零部件', daysAgo: [75] },
];

/** A handful of projects at every stage on the demo plan half-way through its year (run after `seedDemoProgress`). */
export const seedDemoProjects: DemoSeeder = async (db, { log }) => {
  const plan = await db.selectFrom('plans').select(['id', 'region_code']).where('region_code', '=', '120000').where('title', 'like', '%产业链协同发展%年度重点任务分工方案（示例）').orderBy('created_at', 'desc').executeTakeFirst();
  if (!plan) return;
  const tasks = await db.selectFrom('tasks').select(['id', 'region_code', 'plan_id', 'seq']).where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id).execute();
  const bySeq = new Map(tasks.map((t) => [t.seq, t]));
  const today = dayNumber(chinaDay());
  const stages: ProjectStage[] = ['signed', 'started', 'producing', 'full'];
  const items = PROJECTS.filter((p) => bySeq.has(p.seq)).map((p) => {
    const dates = p.daysAgo.map((d) => isoOf(today - d));
    const fields: ProjectFields = {
      kind: p.kind,
      name: p.name,
      amount: p.amount,
      regionCode: p.region,
      partnerName: p.partner,
      partnerUscc: p.uscc,
      chainSegment: p.segment,
      stage: stages[dates.length - 1],
      signedOn: dates[0] ?? null,
      startedOn: dates[1] ?? null,
      producingOn: dates[2] ?? null,
      fullOn: dates[3] ?? null,
    };
    return { fields, task: bySeq.get(p.seq)!, source: { kind: 'manual' as const } };
  });
  await db.transaction().execute((trx) => insertProjects(trx, systemActor('system', '演示数据 / demo seed'), items));
  log(`demo projects: ${items.length} on the demo progress plan`);
};
