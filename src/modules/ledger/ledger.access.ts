import { requireVisible } from '../../lib/abilities.ts';
import { bilingualNotFound } from '../../lib/bilingual.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ledgerPolicy, type PlanRef } from './ledger.policy.ts';
import * as repo from './ledger.plans.repo.ts';

type PlanRow = NonNullable<Awaited<ReturnType<typeof repo.findPlan>>>;

/** A plan row as the policy sees it. */
export const planRef = (p: PlanRow): PlanRef => ({ ownerUnitId: p.owner_unit_id, status: p.status, consultedUnitIds: p.consulted_unit_ids ?? [] });

/**
 * The plan (by id, or by region and id), when it exists and the caller may see it (`plan.read`, or the stricter rule
 * given); a plan the caller may not see is reported missing, exactly as a plan that does not exist.
 */
export async function visiblePlanOr404(ctx: ServiceContext, key: string | repo.PlanKey, rule: (typeof ledgerPolicy.plan)['read'] = ledgerPolicy.plan.read): Promise<PlanRow> {
  // By id alone (a URL) the plan's region is looked up first; a caller that knows it names it.
  const plan = typeof key === 'string' ? await repo.findPlanById(ctx.db, key) : await repo.findPlan(ctx.db, key);
  const planId = typeof key === 'string' ? key : key.id;
  const missing = () => bilingualNotFound(`规划 ${planId} 不存在`, `Plan ${planId}`);
  if (!plan) throw missing();
  requireVisible(rule, ctx.actor, planRef(plan), 'read plan', missing);
  return plan;
}
