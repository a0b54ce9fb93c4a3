import type { FastifyInstance } from 'fastify';
import type { ApiTypeProvider } from '../../lib/typebox.ts';
import { Type } from 'typebox';
import * as progress from './tracking.progress.service.ts';
import * as dashboard from './tracking.dashboard.service.ts';
import { planRankings } from './tracking.rankings.service.ts';
import {
  DashboardQuery,
  DashboardReply,
  DashboardTasksQuery,
  DashboardTasksReply,
  DashboardUnitsQuery,
  DashboardUnitsReply,
  PlanParams,
  PlanStatusReply,
  RankingsQuery,
  RankingsReply,
  RecomputeBody,
  RecomputeReply,
  RuleBody,
  RuleSchema,
  TrendReply,
} from './tracking.progress.schema.ts';

/** HTTP routes of progress: a plan's standings as of a day, its dashboard and the tasks behind each number, rankings, its rule. */
export async function trackingProgressRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['progress'];

  app.get(
    '/api/plans/:id/progress',
    { config: { permission: 'progress.read' }, schema: { tags, params: PlanParams, querystring: Type.Object({ asOf: Type.Optional(DashboardQuery.properties.asOf) }), response: { 200: PlanStatusReply } } },
    async (req) => progress.planProgressStatus(req.ctx, req.params.id, req.query.asOf),
  );
  app.get(
    '/api/plans/:id/dashboard',
    { config: { permission: 'progress.read' }, schema: { tags, params: PlanParams, querystring: DashboardQuery, response: { 200: DashboardReply } } },
    async (req) => {
      const { asOf, ...filter } = req.query;
      return dashboard.planDashboard(req.ctx, req.params.id, filter, { asOf });
    },
  );
  app.get(
    '/api/plans/:id/dashboard/tasks',
    { config: { permission: 'progress.read' }, schema: { tags, params: PlanParams, querystring: DashboardTasksQuery, response: { 200: DashboardTasksReply } } },
    async (req) => {
      const { asOf, limit, offset, ...filter } = req.query;
      return dashboard.dashboardTasks(req.ctx, req.params.id, filter, { asOf, limit, offset });
    },
  );
  app.get(
    '/api/plans/:id/dashboard/units',
    {
      config: { permission: 'progress.read' },
      schema: { tags, description: 'Every lead unit of the dashboard (全部单位), by name, sorted and paged', params: PlanParams, querystring: DashboardUnitsQuery, response: { 200: DashboardUnitsReply } },
    },
    async (req) => {
      const { asOf, q, sort, order, limit, offset, ...filter } = req.query;
      return dashboard.dashboardUnits(req.ctx, req.params.id, filter, { asOf, q, sort, order, limit, offset });
    },
  );
  app.get(
    '/api/plans/:id/dashboard/trend',
    {
      config: { permission: 'progress.read' },
      schema: { tags, description: 'The completion trend: per month, the share of tasks done or on track and the average accepted percent', params: PlanParams, querystring: DashboardQuery, response: { 200: TrendReply } },
    },
    async (req) => {
      const { asOf, ...filter } = req.query;
      return dashboard.planTrend(req.ctx, req.params.id, filter, { asOf });
    },
  );
  app.get(
    '/api/plans/:id/rankings',
    { config: { permission: 'progress.read' }, schema: { tags, params: PlanParams, querystring: RankingsQuery, response: { 200: RankingsReply } } },
    async (req) => planRankings(req.ctx, req.params.id, req.query),
  );
  app.put(
    '/api/plans/:id/progress-rule',
    { config: { permission: 'progress.setRule' }, schema: { tags, params: PlanParams, body: RuleBody, response: { 200: Type.Object({ rule: RuleSchema }) } } },
    async (req) => ({ rule: await progress.setPlanProgressRule(req.ctx, req.params.id, req.body.rule) }),
  );
  app.post(
    '/api/tracking/recompute',
    { config: { permission: 'progress.recompute' }, schema: { tags, body: RecomputeBody, response: { 200: RecomputeReply } } },
    async (req) => progress.recomputeProgress(req.ctx, req.body),
  );
}
