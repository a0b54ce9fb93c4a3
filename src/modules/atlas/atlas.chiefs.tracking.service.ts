import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { findEnterpriseByUscc } from './atlas.analysis.repo.ts';
import { currentChain } from './atlas.analysis.service.ts';
import { PROJECT_STAGES } from './atlas.chiefs.domain.ts';
import { chiefItem, type ChiefItemRow } from './atlas.chiefs.repo.ts';
import { editableChiefRegion, getChief } from './atlas.chiefs.service.ts';
import { keyProjectTask, stageDates, TRACKING_STAGE } from './atlas.chiefs.tracking.domain.ts';
import type { ChiefRecord } from './atlas.chiefs.schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What one action did to each chosen key project. */
export interface TrackedOutcome {
  itemId: string;
  name: string;
  /** task: a task was made (谋划: no project yet); project: a task and its project; projectOnly: a project under the task it had; already: nothing to do. */
  made: 'task' | 'project' | 'projectOnly' | 'already';
  taskId: string;
  projectId: string | null;
}

/**
 * Makes chosen 链长制 key projects (重点项目) ledger work in one transaction (all or nothing), through the same path as
 * the 堵点 招商 targets (ledger `addTasks`, tracking `createProject`): for each key project a task in `planId` and, from
 * 签约 on, a tracking project under it (source atlas, its reference the item) at the mapped stage, each stage reached
 * dated the item's as-of date. A key project at 谋划 gets its task only, and its project when the action is taken again
 * after it has signed; one already tracked is left as it is, so a second click creates nothing twice. The item keeps the
 * task and project, and the page shows the project's stage from the tracking module.
 */
export async function trackKeyProjects(
  ctx: ServiceContext,
  chainId: string,
  region: string | undefined,
  input: { planId: string; itemIds: string[] },
): Promise<{ record: ChiefRecord; outcomes: TrackedOutcome[] }> {
  const chain = await currentChain(ctx, chainId);
  const code = await editableChiefRegion(ctx, chain, region, 'follow key projects in the ledger');
  const issues: FieldIssue[] = [];
  const add = (field: string, zh: string, en: string) => issues.push({ field, message: bilingual(zh, en) });
  if (!input.planId || !UUID.test(input.planId)) add('planId', '请选择放入任务的规划', 'choose the plan to hold the tasks');
  if (input.itemIds.length === 0) add('itemIds', '请至少选择一个重点项目', 'choose at least one key project');
  if (input.itemIds.length > 100) add('itemIds', '一次最多 100 个重点项目', 'at most 100 key projects at once');
  const items: ChiefItemRow[] = [];
  for (const [i, id] of [...new Set(input.itemIds)].entries()) {
    const row = UUID.test(id) ? await chiefItem(ctx.db, code, id) : undefined;
    if (!row || row.chain_key !== chain.chain.key) add(`itemIds[${i}]`, `清单事项 ${id} 不在本产业链的链长制中`, `item ${id} is not in this chain's record`);
    else if (row.list !== 'project') add(`itemIds[${i}]`, `「${row.name}」不是重点项目`, `"${row.name}" is not a key project`);
    else items.push(row);
  }
  if (issues.length) throw new ValidationError(bilingual(`重点项目转为任务有 ${issues.length} 处错误，未创建任何内容`, `${issues.length} problem(s); nothing was created`), issues);

  const { addTasks, findTaskPlan } = await import('../ledger/index.ts');
  const { createProject } = await import('../tracking/index.ts');
  const segments = new Map(chain.version.segments.map((s) => [s.key, s.name]));
  const partners = new Map<string, string>();
  for (const u of new Set(items.map((i) => i.uscc).filter((u): u is string => Boolean(u)))) {
    const e = await findEnterpriseByUscc(ctx.db, u);
    if (e) partners.set(u, e.name);
  }
  const outcomes = await inTransaction(ctx, async (trx) => {
    const inner: ServiceContext = { ...ctx, db: trx as unknown as ServiceContext['db'] };
    // Tasks first, all in one call (one audit entry on the plan), for the items that have none yet.
    const needTask = items.filter((i) => !i.tracked_task_id);
    const taskIds = needTask.length
      ? await addTasks(
          inner,
          input.planId,
          needTask.map((i) =>
            keyProjectTask({
              chainName: chain.version.name,
              name: i.name,
              amount: i.amount === null ? null : Number(i.amount),
              stage: i.stage,
              segmentName: i.segment_key ? (segments.get(i.segment_key) ?? i.segment_key) : null,
              partner: i.uscc ? `${partners.get(i.uscc) ?? ''}（${i.uscc}）` : null,
              asOf: i.as_of,
              note: i.note,
            }),
          ),
          `产业链图谱：${chain.version.name}链长制重点项目转为任务`,
        )
      : [];
    const taskOf = new Map(needTask.map((i, k) => [i.id, taskIds[k]!]));
    const planOfNew = taskIds.length ? (await findTaskPlan(trx, taskIds[0]!))! : null;
    const done: TrackedOutcome[] = [];
    for (const [k, i] of items.entries()) {
      const taskId = i.tracked_task_id ?? taskOf.get(i.id)!;
      const stage = TRACKING_STAGE[i.stage ?? 'planning'];
      let projectId = i.tracked_project_id;
      if (!projectId && stage) {
        const project = await createProject(inner, {
          taskId,
          kind: 'investment',
          name: i.name,
          amount: i.amount === null ? 0 : Number(i.amount),
          partnerName: i.uscc ? (partners.get(i.uscc) ?? null) : null,
          partnerUscc: i.uscc,
          chainSegment: `${chain.version.name}${i.segment_key ? ` · ${segments.get(i.segment_key) ?? i.segment_key}` : ''}`,
          stage,
          ...stageDates(stage, i.as_of),
          source: { kind: 'atlas', ref: i.id },
        }).catch((e: unknown) => {
          // The tracking module names its own fields (signedOn …); say which key project they belong to.
          if (e instanceof ValidationError) throw new ValidationError(bilingual(`重点项目「${i.name}」：${e.message}`, `key project "${i.name}": ${e.message}`), e.details.map((d) => ({ ...d, field: `itemIds[${k}].${d.field}` })));
          throw e;
        });
        projectId = project.id;
      }
      const made: TrackedOutcome['made'] = i.tracked_task_id ? (projectId !== i.tracked_project_id ? 'projectOnly' : 'already') : projectId ? 'project' : 'task';
      if (made !== 'already') {
        await trx
          .updateTable('atlas_chain_chief_items')
          .set({ tracked_plan_id: i.tracked_plan_id ?? planOfNew!.plan_id, tracked_task_id: taskId, tracked_project_id: projectId, tracked_region: i.tracked_region ?? planOfNew!.region_code })
          .where('region_code', '=', code)
          .where('id', '=', i.id)
          .execute();
        await recordAudit(trx, ctx.actor, {
          action: 'update',
          entity: 'chain_chief_item',
          entityId: i.id,
          regionCode: code,
          summary: `${chain.version.name} 重点项目「${i.name}」（${PROJECT_STAGES[i.stage ?? 'planning'].zh}）${projectId ? '转为跟踪项目' : '转为任务（谋划阶段，签约后转为项目）'}`,
          after: { taskId, projectId },
        });
      }
      done.push({ itemId: i.id, name: i.name, made, taskId, projectId });
    }
    return done;
  });
  return { record: await getChief(ctx, chainId, { region: code }), outcomes };
}
