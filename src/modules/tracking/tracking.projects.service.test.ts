import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ValidationError } from '../../lib/errors.ts';
import { addProjectReport, createProject, moveProjectStage, planProjects, projectResults, taskProjects } from './tracking.projects.service.ts';
import { importProjects } from './tracking.projects.import.ts';

let h: DatabaseHandle;
let duban: ServiceContext;
let fgw: ServiceContext; // editor of 市发展改革委, lead unit of the demo progress plan's task 3
let gxj: ServiceContext; // editor of 市工业和信息化局, lead unit of task 1, supporting unit of task 3
let swj: ServiceContext; // viewer of 市商务局
let planId: string;
const task: Record<string, string> = {};
const TODAY = '2030-06-30';

const errorOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ValidationError);
  return e as ValidationError;
};
const projectCount = async () => Number((await h.db.selectFrom('task_projects').select((eb) => eb.fn.countAll().as('n')).where('region_code', '=', '120000').executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [duban, fgw, gxj, swj] = await Promise.all(['duban', 'fgw', 'gxj', 'swj'].map((u) => contextAs(h, u)));
  const plan = await h.db.selectFrom('plans').select('id').where('region_code', '=', '120000').where('title', 'like', '%年度重点任务分工方案（示例）').executeTakeFirstOrThrow();
  planId = plan.id;
  for (const t of await h.db.selectFrom('tasks').select(['id', 'seq']).where('region_code', '=', '120000').where('plan_id', '=', planId).execute()) task[t.seq ?? ''] = t.id;
});
afterAll(async () => h?.close());

describe('projects of a task', () => {
  it('the lead unit adds a project; a bad credit code or a region outside the plan is refused naming the field', async () => {
    const p = await createProject(fgw, { taskId: task['3'], kind: 'investment', name: '氢能装备制造项目', amount: 12500.5, regionCode: '120116', partnerName: '示例氢能公司', partnerUscc: '9111 0000 1000 1764 3k', chainSegment: '氢能装备' }, { today: TODAY });
    expect(p).toMatchObject({ stage: 'signed', signed_on: TODAY, amount: 12500.5, partner_uscc: '91110000100017643K', site_region_name: '滨海新区', source_kind: 'manual', abilities: expect.arrayContaining(['write']) });

    const bad = await errorOf(createProject(fgw, { taskId: task['3'], kind: 'investment', name: '坏代码', amount: 10, partnerUscc: '91110000100017643J', regionCode: '110101' }, { today: TODAY }));
    expect(bad.details.map((d) => d.field).sort()).toEqual(['partnerUscc', 'regionCode']);
    expect(bad.message).toMatch(/统一社会信用代码.*校验码/);
    const dates = await errorOf(createProject(fgw, { taskId: task['3'], kind: 'construction', name: '缺日期', amount: 1, stage: 'started', signedOn: '2030-01-01' }, { today: TODAY }));
    expect(dates.details.map((d) => d.field)).toEqual(['startedOn']);
  });

  it('only the lead unit’s editors and supervisors create; others who see the task read', async () => {
    await expect(createProject(gxj, { taskId: task['3'], kind: 'investment', name: '配合单位的项目', amount: 1 }, { today: TODAY })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createProject(swj, { taskId: task['3'], kind: 'investment', name: '查看者的项目', amount: 1 }, { today: TODAY })).rejects.toBeInstanceOf(ForbiddenError);
    const seen = await taskProjects(swj, task['3']);
    expect(seen.projects.length).toBeGreaterThan(0);
    expect(seen.abilities).toEqual(['read']);
    const byOffice = await createProject(duban, { taskId: task['3'], kind: 'cooperation', name: '督查室登记的合作项目', amount: 0, source: { kind: 'event', ref: 'event-42' } }, { today: TODAY });
    expect(byOffice).toMatchObject({ source_kind: 'event', source_ref: 'event-42' });
  });

  it('moves forward one dated stage at a time; a move back needs a reason; each step is in the timeline and the audit log', async () => {
    const p = await createProject(fgw, { taskId: task['3'], kind: 'investment', name: '阶段测试项目', amount: 500, signedOn: '2030-01-05' }, { today: TODAY });
    const started = await moveProjectStage(fgw, p.id, { stage: 'started', date: '2030-02-01' }, { today: TODAY });
    expect(started).toMatchObject({ stage: 'started', started_on: '2030-02-01' });
    const skip = await errorOf(moveProjectStage(fgw, p.id, { stage: 'full', date: '2030-03-01' }, { today: TODAY }));
    expect(skip.message).toMatch(/逐级/);
    const early = await errorOf(moveProjectStage(fgw, p.id, { stage: 'producing', date: '2030-01-20' }, { today: TODAY }));
    expect(early.details[0].field).toBe('date');
    await moveProjectStage(fgw, p.id, { stage: 'producing', date: '2030-04-01' }, { today: TODAY });
    const noReason = await errorOf(moveProjectStage(fgw, p.id, { stage: 'signed' }, { today: TODAY }));
    expect(noReason.details[0].field).toBe('reason');
    const back = await moveProjectStage(fgw, p.id, { stage: 'started', reason: '投产为误报，尚在试生产' }, { today: TODAY });
    expect(back).toMatchObject({ stage: 'started', started_on: '2030-02-01', producing_on: null });
    await expect(moveProjectStage(gxj, p.id, { stage: 'producing', date: '2030-05-01' }, { today: TODAY })).rejects.toBeInstanceOf(ForbiddenError);
    await addProjectReport(fgw, p.id, { date: '2030-05-10', body: '主体厂房封顶。' }, { today: TODAY });

    const timeline = (await taskProjects(fgw, task['3'])).projects.find((x) => x.id === p.id)!.timeline;
    expect(timeline.map((e) => [e.kind, e.toStage, e.date, e.text])).toEqual([
      ['create', 'signed', '2030-01-05', null],
      ['stage', 'started', '2030-02-01', null],
      ['stage', 'producing', '2030-04-01', null],
      ['correct', 'started', null, '投产为误报，尚在试生产'],
      ['report', 'started', '2030-05-10', '主体厂房封顶。'],
    ]);
    const audit = await h.db.selectFrom('audit_log').select(['action']).where('region_code', '=', '120000').where('entity', '=', 'project').where('entity_id', '=', p.id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'stage', 'stage', 'correct', 'report']);
  });
});

const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\n'));

describe('importing a project table', () => {
  const header = '编号,对应任务,项目名称,项目类型,总投资（万元）,所在地,合作企业名称,统一社会信用代码,所属产业链环节,目前阶段,签约时间,开工时间';
  it('reports every bad row with its number and field, and saves nothing from a file with errors', async () => {
    const before = await projectCount();
    const bad = await errorOf(
      importProjects(
        duban,
        csv([
          '2030年项目台账',
          header,
          '1,3,导入项目甲,投资,"2,000",滨海新区,示例企业,91110000100017643K,电池,签约,2030-01-02,',
          '2,99,导入项目乙,投资,100,,,,,签约,2030-01-02,',
          '3,3,导入项目丙,合资,abc,120116,,91110000100017643J,,开工,2030-01-02,',
          '4,1,导入项目丁,建设,300,火星,,,,开工,2030-01-02,',
        ]),
        '项目台账.csv',
        planId,
        { today: TODAY },
      ),
    );
    expect(bad.details.map((d) => [d.row, d.field])).toEqual([
      [4, 'seq'],
      [5, 'kind'],
      [5, 'amount'],
      [6, 'regionCode'],
    ]);
    expect(bad.message).toMatch(/未导入任何内容/);
    expect(await projectCount()).toBe(before);

    // The credit code and stage dates are checked once a row is otherwise readable.
    const more = await errorOf(importProjects(duban, csv([header, '1,3,导入项目丙,投资,1,120116,,91110000100017643J,,开工,2030-01-02,']), 'b.csv', planId, { today: TODAY }));
    expect(more.details.map((d) => [d.row, d.field])).toEqual([
      [2, 'partnerUscc'],
      [2, 'startedOn'],
    ]);
    expect(await projectCount()).toBe(before);
  });

  it('imports a clean file (a dry run first saves nothing); a unit editor only for the tasks its unit leads', async () => {
    const file = csv([header, '1,3,导入项目甲,投资,"1.2亿",滨海新区,示例企业,91110000100017643K,电池,开工,2030年1月2日,2030/2/3', '2,1,导入项目乙,合作,800,,,,,,2030-03-01,']);
    const before = await projectCount();
    const dry = await importProjects(duban, file, '项目台账.csv', planId, { dryRun: true, today: TODAY });
    expect(dry).toMatchObject({ projects: 2, tasks: 2, amount: 12800, dryRun: true });
    expect(await projectCount()).toBe(before);

    const refused = await errorOf(importProjects(fgw, file, '项目台账.csv', planId, { today: TODAY }));
    expect(refused.details.map((d) => [d.row, d.field])).toEqual([[3, 'seq']]);

    const done = await importProjects(duban, file, '项目台账.csv', planId, { today: TODAY });
    expect(done).toMatchObject({ projects: 2, headerRow: 1 });
    const listed = await taskProjects(fgw, task['3']);
    expect(listed.projects.find((p) => p.name === '导入项目甲')).toMatchObject({ stage: 'started', amount: 12000, site_region_code: '120116', signed_on: '2030-01-02', started_on: '2030-02-03', source_kind: 'import', source_ref: '项目台账.csv 第 2 行' });
    // The same rows again are refused as repeats.
    const again = await errorOf(importProjects(duban, file, '项目台账.csv', planId, { today: TODAY }));
    expect(again.details.map((d) => d.field)).toEqual(['name', 'name']);
  });
});

describe('a plan’s projects and the results sums', () => {
  it('lists with filters and totals by stage, and sums signed and landed amounts per lead unit and leader over a period', async () => {
    const all = await planProjects(swj, planId);
    expect(all.totals.all.count).toBe(all.projects.length);
    expect(all.totals.byStage.reduce((s, x) => s + x.count, 0)).toBe(all.projects.length);
    const started = await planProjects(swj, planId, { stage: 'started' });
    expect(started.projects.every((p) => p.stage === 'started')).toBe(true);
    expect(started.projects.length).toBe(all.totals.byStage.find((s) => s.stage === 'started')!.count);
    expect(started.totals).toEqual(all.totals);
    const binhai = await planProjects(swj, planId, { siteRegionCode: '120116' });
    expect(binhai.projects.length).toBeGreaterThan(0);
    expect(binhai.projects.every((p) => p.site_region_code === '120116')).toBe(true);

    const results = await projectResults(duban, { regionCode: '120000', planIds: [planId], from: '2030-01-01', to: '2030-12-31' });
    const ndrc = results.byUnit.find((u) => u.name === '市发改委' || u.name === '市发展改革委')!;
    // 2030 on task 3 (市发改委): 氢能 12500.5 (signed today), 督查室 0, 阶段测试 500, 导入甲 12000; landed: none (阶段测试 was corrected back).
    expect(ndrc.signed).toEqual({ count: 4, amount: 25000.5 });
    expect(ndrc.landed).toEqual({ count: 0, amount: 0 });
    expect(results.byLeader.find((l) => l.name === '李演示')?.signed.amount).toBe(25000.5);

    // The demo projects landed within the last 200 days: 市发改委's 新能源 project (投产), 市工信局's data project (达产).
    const day = (ago: number) => new Date(Date.now() + 8 * 3600_000 - ago * 86_400_000).toISOString().slice(0, 10);
    const recent = await projectResults(duban, { regionCode: '120000', planIds: [planId], from: day(200), to: day(0) });
    expect(recent.byUnit.map((u) => [u.name, u.landed])).toEqual(
      expect.arrayContaining([
        [ndrc.name, { count: 1, amount: 86000 }],
        [expect.stringMatching(/工业和信息化局|工信局/), { count: 1, amount: 3000 }],
      ]),
    );
  });
});
