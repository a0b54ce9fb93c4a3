import type { ServiceContext } from '../../server/service-context.ts';
import { exportablePlan, exportShape } from './ledger.export.service.ts';
import * as plansRepo from './ledger.plans.repo.ts';
import * as repo from './ledger.tasks.repo.ts';
import { buildTree, type PlanTreeNode } from './ledger.versions.domain.ts';
import { writePlanDocx, type PlanDocxNode } from './ledger.docx.export.ts';

const toDocx = (n: PlanTreeNode): PlanDocxNode => ({ marker: n.marker, heading: n.heading, text: n.text, children: n.children.map(toDocx) });

/** The plan's current version as a Word document in 公文 layout, with its task-division table as an annex. */
export async function exportPlanDocx(ctx: ServiceContext, planId: string): Promise<{ fileName: string; buffer: Buffer }> {
  const plan = await exportablePlan(ctx, planId);
  const version = await ctx.db.selectFrom('plan_versions').select(['meta']).where('region_code', '=', plan.region_code).where('plan_id', '=', planId).where('number', '=', plan.current_version).executeTakeFirstOrThrow();
  const nodes = buildTree(await plansRepo.loadNodes(ctx.db, plan, plan.current_version));
  const tasks = (await repo.loadTableTasks(ctx.db, { regionCode: plan.region_code, planId })).map(exportShape);
  const buffer = await writePlanDocx({
    title: plan.title,
    docNumber: plan.doc_number ?? undefined,
    issuer: plan.issuer ?? undefined,
    date: plan.issued_on ?? undefined,
    addressee: version.meta.addressee ?? undefined,
    preamble: version.meta.preamble || undefined,
    nodes: nodes.map(toDocx),
    closing: version.meta.closing || undefined,
    tasksTable: tasks.length ? { title: `${plan.title}任务分工`, tasks } : undefined,
  });
  return { fileName: `${plan.title}.docx`, buffer };
}
