import type { ServiceContext } from '../../server/service-context.ts';
import { planRef } from './ledger.access.ts';
import { ledgerPolicy } from './ledger.policy.ts';
import { consultedUnitIds } from './ledger.plans.repo.ts';

const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/**
 * Tasks the caller may see (of plans `plan.read` allows), found by their number (序号, "3" or "任务3") or a piece
 * of their title, for pickers elsewhere (a matchmaking event's outcome names the task its project serves); at most
 * `limit` (20), plan by plan in table order. An empty search lists the first tasks.
 * @example searchVisibleTasks(ctx, { q: '招商' }) // [{ id, seq: '3', title: '开展产业链招商', plan_id, plan_title }]
 */
export async function searchVisibleTasks(ctx: ServiceContext, opts: { q?: string; limit?: number } = {}) {
  const limit = Math.min(opts.limit ?? 20, 100);
  // The directory holds hundreds of plans, not millions (listPlans reads them the same way).
  const plans = (await ctx.db.selectFrom('plans').select(['id', 'region_code', 'title', 'owner_unit_id', 'status']).select(consultedUnitIds).limit(5000).execute()).filter((p) =>
    ledgerPolicy.plan.read(ctx.actor, planRef(p as Parameters<typeof planRef>[0])),
  );
  if (!plans.length) return [];
  const title = new Map(plans.map((p) => [p.id, p.title]));
  const q = (opts.q ?? '').trim();
  const seq = q.replace(/^(第|任务)\s*/, '').replace(/项$/, '');
  let query = ctx.db
    .selectFrom('tasks')
    .select(['id', 'seq', 'title', 'plan_id', 'position'])
    .where('region_code', 'in', [...new Set(plans.map((p) => p.region_code))])
    .where('plan_id', 'in', plans.map((p) => p.id));
  if (q) query = query.where((eb) => eb.or([eb('seq', '=', seq), eb('title', 'ilike', like(q))]));
  const rows = await query.orderBy('plan_id').orderBy('position').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, seq: r.seq, title: r.title, plan_id: r.plan_id, plan_title: title.get(r.plan_id) ?? '' }));
}
