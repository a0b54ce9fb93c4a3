import type { FastifyInstance } from 'fastify';
import type { ApiTypeProvider } from '../../lib/typebox.ts';
import * as activities from './tracking.activities.service.ts';
import type { ActivityKind } from './tracking.activities.tables.ts';
import * as S from './tracking.activities.schema.ts';

/** HTTP routes of activities (专题学习、调研、协调会) recorded against a task. */
export async function trackingActivityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['activities'];

  app.get('/api/tasks/:id/activities', { config: { permission: 'activity.read' }, schema: { tags, params: S.ActivityIdParams, response: { 200: S.TaskActivitiesReply } } }, async (req) =>
    activities.taskActivities(req.ctx, req.params.id),
  );
  app.post(
    '/api/tasks/:id/activities',
    {
      config: { permission: 'activity.write' },
      schema: { tags, description: 'Record a study session, field research or coordination meeting (the task’s units’ editors, supervisors)', params: S.ActivityIdParams, body: S.ActivityBody, response: { 201: S.Activity } },
    },
    async (req, reply) => {
      reply.status(201);
      return activities.recordActivity(req.ctx, req.params.id, { ...req.body, kind: req.body.kind as ActivityKind });
    },
  );
  app.delete('/api/activities/:id', { config: { permission: 'activity.remove' }, schema: { tags, description: 'Remove an activity (the one who recorded it, supervisors)', params: S.ActivityIdParams, response: { 200: S.DeleteActivityReply } } }, async (req) =>
    activities.deleteActivity(req.ctx, req.params.id),
  );
}
