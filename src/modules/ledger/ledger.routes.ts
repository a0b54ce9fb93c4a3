import type { FastifyInstance } from 'fastify';
import { FileResponse, NoContent, type ApiTypeProvider } from '../../lib/typebox.ts';
import { Type } from 'typebox';
import { readUpload, sendDownload } from '../../lib/http-files.ts';
import * as plans from './ledger.plans.service.ts';
import * as comments from './ledger.comments.service.ts';
import * as S from './ledger.schema.ts';
import type { PlanMeta } from './ledger.tables.ts';
import type { PlanTreeNode } from './ledger.versions.domain.ts';

/** HTTP routes of plans, versions and consultation. */
export async function ledgerPlanRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['plans'];

  app.post('/api/plans/parse', { config: { permission: 'plan.create' }, schema: { tags, description: 'Parse an uploaded .txt/.md/.docx/.pdf without saving', response: { 200: S.ParsedUploadResponse } } }, async (req) =>
    plans.parsePlanDocument(req.ctx, (maxBytes) => readUpload(req, maxBytes)),
  );
  app.get(
    '/api/plans',
    {
      config: { permission: 'plan.list' },
      schema: { tags, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), status: Type.Optional(S.PlanStatusSchema), planType: Type.Optional(S.PlanTypeSchema) }), response: { 200: Type.Array(S.PlanListItemResponse) } },
    },
    async (req) => plans.listPlans(req.ctx, req.query),
  );
  app.post('/api/plans', { config: { permission: 'plan.create' }, schema: { tags, body: S.PlanCreateBody, response: { 201: S.PlanResponse } } }, async (req, reply) => {
    reply.status(201);
    const { meta, ...rest } = req.body;
    return plans.createPlan(req.ctx, { ...rest, nodes: rest.nodes as PlanTreeNode[] | undefined, meta: meta as PlanMeta | undefined });
  });
  app.get(
    '/api/plans/:id',
    { config: { permission: 'plan.read' }, schema: { tags, params: S.IdParams, querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: S.PlanDetailResponse } } },
    async (req) => plans.getPlan(req.ctx, req.params.id, req.query),
  );
  app.patch('/api/plans/:id', { config: { permission: 'plan.edit' }, schema: { tags, params: S.IdParams, body: S.PlanPatchBody, response: { 200: S.PlanResponse } } }, async (req) =>
    plans.updatePlan(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/plans/:id', { config: { permission: 'plan.delete' }, schema: { tags, params: S.IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await plans.deletePlan(req.ctx, req.params.id);
    reply.status(204);
  });
  app.post('/api/plans/:id/versions', { config: { permission: 'plan.edit' }, schema: { tags, params: S.IdParams, body: S.SaveVersionBody, response: { 200: S.SavedVersionResponse } } }, async (req) =>
    plans.savePlanVersion(req.ctx, req.params.id, { ...req.body, nodes: req.body.nodes as PlanTreeNode[] }),
  );
  app.get(
    '/api/plans/:id/diff',
    { config: { permission: 'plan.read' }, schema: { tags, params: S.IdParams, querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }), response: { 200: S.DiffResponse } } },
    async (req) => plans.diffPlanVersions(req.ctx, req.params.id, req.query.from, req.query.to),
  );
  app.put(
    '/api/plans/:id/status',
    {
      config: { permission: 'plan.setStatus' },
      schema: {
        tags,
        description: 'Change the status to one of the plan\'s `next_statuses`. Adopting while comments are undecided answers 409 undecided_comments listing them, unless `confirm` is true.',
        params: S.IdParams,
        body: Type.Object(
          {
            status: S.PlanStatusSchema,
            confirm: Type.Optional(Type.Boolean()),
            consultedUnitIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 500, description: 'The units asked, required (at least one) when moving to consultation; ignored otherwise' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: S.PlanResponse },
      },
    },
    async (req) => plans.setPlanStatus(req.ctx, req.params.id, req.body.status, { confirm: req.body.confirm, consultedUnitIds: req.body.consultedUnitIds }),
  );
  app.put(
    '/api/plans/:id/schedule',
    { config: { permission: 'plan.setStatus' }, schema: { tags, params: S.IdParams, body: S.PlanScheduleBody, response: { 200: S.PlanResponse } } },
    async (req) => plans.setPlanSchedule(req.ctx, req.params.id, req.body),
  );
  app.post('/api/plans/:id/derive', { config: { permission: 'plan.derive' }, schema: { tags, params: S.IdParams, body: S.DeriveBody, response: { 201: S.PlanResponse } } }, async (req, reply) => {
    reply.status(201);
    return plans.derivePlan(req.ctx, req.params.id, req.body);
  });

  app.get('/api/plans/:id/comments', { config: { permission: 'plan.read' }, schema: { tags, params: S.IdParams, response: { 200: Type.Array(S.PlanCommentResponse) } } }, async (req) => comments.listComments(req.ctx, req.params.id));
  app.post('/api/plans/:id/comments', { config: { permission: 'plan.comment' }, schema: { tags, params: S.IdParams, body: S.CommentBody, response: { 201: S.CommentCreatedResponse } } }, async (req, reply) => {
    reply.status(201);
    return comments.addComment(req.ctx, req.params.id, req.body);
  });
  app.put('/api/comments/:id/decision', { config: { permission: 'plan.decideComments' }, schema: { tags, params: S.IdParams, body: S.DecideBody, response: { 200: S.CommentDecidedResponse } } }, async (req) =>
    comments.decideComment(req.ctx, req.params.id, req.body),
  );
  app.get('/api/plans/:id/comments.xlsx', { config: { permission: 'plan.export' }, schema: { tags, params: S.IdParams, response: { 200: FileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The comments and their decisions as a workbook') } } }, async (req, reply) => {
    const file = await comments.exportComments(req.ctx, req.params.id);
    return sendDownload(reply, file.fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', file.buffer);
  });
}
