import fs from 'node:fs';
import { projectPath } from '../../lib/project-root.ts';
import type { DemoSeeder } from '../../server/module.ts';
import { systemActor } from '../org/index.ts';
import { parseDocumentText } from '../documents/index.ts';
import { createPlan, createPlanFromDocument, getPlan, setPlanStatus } from './ledger.plans.service.ts';
import { addTasks, type TaskInput } from './ledger.tasks.service.ts';

const DECISION = projectPath('src', 'modules', 'ledger', 'demo', 'decision.md');

/** Article number → the demo assignment: leader, lead unit, co-units (short names as a table would write them), deadline. */
const ASSIGNMENTS: Record<number, [string, string, string[], string]> = {
  3: ['李演示', '市发改委', ['市工信局', '市科技局', '市商务局'], '2024年6月底前'],
  4: ['张样例', '市商务局', ['市发改委', '市合作交流办', '各区人民政府'], '每年举办，长期坚持'],
  5: ['张样例', '市科技局', ['市工信局', '市教委'], '2025年底前'],
  6: ['张样例', '市工信局', ['市发改委', '市商务局', '市工商联'], '持续推进'],
  7: ['张样例', '市工信局', ['滨海新区人民政府', '市科技局', '市委网信办'], '2024—2026年'],
  8: ['孙试用', '市规划资源局', ['市发改委', '市住建委', '滨海新区人民政府'], '2025年6月底前'],
  9: ['张样例', '市工商联', ['市民政局', '市商务局', '市科协'], '2024年9月底前完成，长期坚持'],
  10: ['周测试', '市委办公厅', ['市政府办公厅'], '长期坚持'],
  11: ['周测试', '市委督查室', ['市委组织部', '市发改委'], '每季度'],
  12: ['周测试', '市委宣传部', ['市委办公厅'], '2024年12月31日前'],
};

/** Loads the demo decision (issued) with its key tasks assigned to demo leaders and units. */
export const seedDemoLedger: DemoSeeder = async (db, { unitIds, log }) => {
  const ctx = { db, actor: systemActor('system', '演示数据 / demo seed') };
  const text = fs.readFileSync(DECISION, 'utf8');
  const doc = parseDocumentText(text, { fileName: 'decision.md' });
  const plan = await createPlanFromDocument(ctx, doc, { regionCode: '120000', ownerUnitId: unitIds.get('inspection') ?? null, sourceName: '决定（示例）.md', sourceText: text });
  const { tree } = await getPlan(ctx, plan.id);
  const articles = tree.flatMap((part) => part.children.map((a) => ({ part, a })));
  const tasks: TaskInput[] = articles
    .filter(({ a }) => a.ordinal && ASSIGNMENTS[a.ordinal])
    .map(({ part, a }) => {
      const [leader, lead, co, deadline] = ASSIGNMENTS[a.ordinal!];
      return {
        title: `${a.heading}。${a.text}`.slice(0, 500),
        seq: String(a.ordinal),
        groupPath: [`${part.marker}${part.heading}`],
        nodeKeys: [a.key],
        leaders: [{ rawName: leader }],
        leadUnit: { rawName: lead },
        coUnits: co.map((rawName) => ({ rawName })),
        deadlineText: deadline,
      };
    });
  await addTasks(ctx, plan.id, tasks, `演示：《${plan.title}》${tasks.length} 项重点任务`);
  await setPlanStatus(ctx, plan.id, 'adopted');
  await setPlanStatus(ctx, plan.id, 'issued');
  log(`demo plan 《${plan.title}》 with ${tasks.length} key tasks`);
  await seedDemoChainWorkPlan(ctx, unitIds.get('ndrc') ?? null, log);
};

/**
 * The chain office's own plan (owned by 市发展改革委, so its editor fgw may add tasks to it): where the atlas puts the
 * tasks of 招商 targets and followed key projects. Issued and empty; the demo decision stays the first issued plan.
 */
async function seedDemoChainWorkPlan(ctx: Parameters<typeof createPlan>[0], ndrc: string | null, log: (line: string) => void) {
  const plan = await createPlan(ctx, {
    title: '天津市重点产业链招商引资工作台账（示例）',
    planType: 'work_plan',
    regionCode: '120000',
    issuer: '天津市发展和改革委员会',
    ownerUnitId: ndrc,
    nodes: [],
  });
  await setPlanStatus(ctx, plan.id, 'adopted');
  await setPlanStatus(ctx, plan.id, 'issued');
  log(`demo plan 《${plan.title}》 for chain work, owned by 市发展改革委`);
}
