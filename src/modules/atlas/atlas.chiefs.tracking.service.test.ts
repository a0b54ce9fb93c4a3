import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { moveProjectStage } from '../tracking/tracking.projects.service.ts';
import { changeChiefItem, getChief } from './atlas.chiefs.service.ts';
import { keyProjectTask, stageDates, TRACKING_STAGE } from './atlas.chiefs.tracking.domain.ts';
import { trackKeyProjects } from './atlas.chiefs.tracking.service.ts';

let h: DatabaseHandle;
let admin: ServiceContext;
let swj: ServiceContext;
let nev: string;
let plan: { id: string; region_code: string };

beforeAll(async () => {
  h = await openTestDatabase('demo');
  admin = await contextAs(h, 'admin');
  swj = await contextAs(h, 'swj');
  nev = (await h.db.selectFrom('atlas_chains').select('id').where('region_code', '=', '000000').where('key', '=', 'demo-nev').executeTakeFirstOrThrow()).id;
  plan = await h.db.selectFrom('plans').select(['id', 'region_code']).where('region_code', '=', '120000').where('title', 'like', '%产业链协同发展%（示例）').executeTakeFirstOrThrow();
}, 240_000);
afterAll(async () => h?.close());

const count = async (table: 'tasks' | 'task_projects') =>
  Number((await h.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id).executeTakeFirstOrThrow()).n);

describe('the stage mapping', () => {
  it('maps 签约/开工/投产 to themselves and 达产 to full; 谋划 has no tracking stage and all four milestones ahead', () => {
    expect(TRACKING_STAGE).toEqual({ planning: null, signed: 'signed', started: 'started', producing: 'producing', completed: 'full' });
    expect(stageDates('producing', '2026-10-31')).toEqual({ signedOn: '2026-10-31', startedOn: '2026-10-31', producingOn: '2026-10-31' });
    const task = keyProjectTask({ chainName: '新能源汽车', name: '电驱项目', amount: 100, stage: 'planning', segmentName: '驱动电机', partner: null, asOf: '2026-10-31', note: null });
    expect(task.milestones.map((m) => m.title)).toEqual(['签约', '开工', '投产', '达产']);
    expect(keyProjectTask({ chainName: 'x', name: 'y', amount: null, stage: 'producing', segmentName: null, partner: null, asOf: '2026-10-31', note: null }).milestones.map((m) => m.title)).toEqual(['达产']);
  });
});

describe('following key projects in the ledger', () => {
  it('makes a task per key project and, from 签约 on, a tracking project at its stage; the page shows both; a second click makes nothing', async () => {
    const record = await getChief(admin, nev, { region: '120000' });
    const projects = record.items.filter((i) => i.list === 'project');
    expect(projects.map((p) => p.stage).sort()).toEqual(['planning', 'signed', 'started']);
    const [tasks, tracked] = [await count('tasks'), await count('task_projects')];
    const first = await trackKeyProjects(admin, nev, '120000', { planId: plan.id, itemIds: projects.map((p) => p.id) });
    expect(first.outcomes.map((o) => o.made).sort()).toEqual(['project', 'project', 'task']);
    expect(await count('tasks')).toBe(tasks + 3);
    expect(await count('task_projects')).toBe(tracked + 2);
    const started = first.record.items.find((i) => i.stage === 'started')!;
    expect(started.tracking).toMatchObject({ planId: plan.id, stage: 'started', stageName: { zh: '开工' }, stageOn: '2026-10-31' });
    const row = await h.db.selectFrom('task_projects').selectAll().where('region_code', '=', plan.region_code).where('id', '=', started.tracking!.projectId!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: started.name, amount: expect.anything(), stage: 'started', source_kind: 'atlas', source_ref: started.id, task_id: started.tracking!.taskId });
    expect(Number(row.amount)).toBe(started.amount);
    const planning = first.record.items.find((i) => i.stage === 'planning')!;
    expect(planning.tracking).toMatchObject({ projectId: null, stage: null });
    const task = await h.db.selectFrom('tasks').select(['title', 'note']).where('region_code', '=', plan.region_code).where('id', '=', planning.tracking!.taskId).executeTakeFirstOrThrow();
    expect(task.title).toContain(planning.name);
    expect(task.note).toContain('谋划');

    const again = await trackKeyProjects(admin, nev, '120000', { planId: plan.id, itemIds: projects.map((p) => p.id) });
    expect(again.outcomes.map((o) => o.made)).toEqual(['already', 'already', 'already']);
    expect(await count('tasks')).toBe(tasks + 3);
    expect(await count('task_projects')).toBe(tracked + 2);

    // The 谋划 project signs: the next click makes its project under the task it already has.
    await changeChiefItem(admin, nev, '120000', planning.id, { stage: 'signed', asOf: '2026-11-20' });
    const third = await trackKeyProjects(admin, nev, '120000', { planId: plan.id, itemIds: [planning.id] });
    expect(third.outcomes[0]).toMatchObject({ made: 'projectOnly', taskId: planning.tracking!.taskId });
    expect(third.record.items.find((i) => i.id === planning.id)!.tracking).toMatchObject({ stage: 'signed', stageOn: '2026-11-20' });
    expect(await count('tasks')).toBe(tasks + 3);

    // The key project's tracking stage is the tracking module's: moved there, shown here.
    await moveProjectStage(admin, started.tracking!.projectId!, { stage: 'producing', date: '2026-11-25' }, { today: '2026-12-01' });
    const after = await getChief(swj, nev, { region: '120000' });
    expect(after.items.find((i) => i.id === started.id)!.tracking).toMatchObject({ stage: 'producing', stageName: { zh: '投产' }, stageOn: '2026-11-25' });
  });

  it('refuses other lists and unknown items, naming them, and creates nothing; a viewer may not', async () => {
    const record = await getChief(admin, nev, { region: '120000' });
    const gap = record.items.find((i) => i.list === 'gap')!;
    const tasks = await count('tasks');
    const error = await trackKeyProjects(admin, nev, '120000', { planId: plan.id, itemIds: [gap.id, '00000000-0000-0000-0000-000000000000'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.field)).toEqual(['itemIds[0]', 'itemIds[1]']);
    expect((error as ValidationError).details[0]!.message).toContain('不是重点项目');
    const noPlan = await trackKeyProjects(admin, nev, '120000', { planId: '', itemIds: [] }).catch((e: unknown) => e);
    expect((noPlan as ValidationError).details.map((d) => d.field)).toEqual(['planId', 'itemIds']);
    expect(await count('tasks')).toBe(tasks);
    await expect(trackKeyProjects(swj, nev, '120000', { planId: plan.id, itemIds: [gap.id] })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
