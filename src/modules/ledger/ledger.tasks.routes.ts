import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { FileResponse, NoContent, StringEnum, type ApiTypeProvider } from '../../lib/typebox.ts';
import { readUpload, sendDownload } from '../../lib/http-files.ts';
import * as tasks from './ledger.tasks.service.ts';
import { IdParams, PlanTypeSchema, ResolvedResponse, TaskIdsResponse, TasksFromNodesResponse, TasksFromTableResponse, TaskImportResponse, TaskListResponse, TaskResponse, UnresolvedNamesResponse } from './ledger.schema.ts';

const Uuid = Type.String({ format: 'uuid' });
const NameRefSchema = Type.Object({ id: Type.Optional(Type.Union([Uuid, Type.Null()])), rawName: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const TaskBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 20_000 }),
    seq: Type.Optional(Type.String({ maxLength: 40 })),
    groupPath: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10 })),
    kind: Type.Optional(StringEnum(['one_off', 'phased', 'ongoing'])),
    deadlineText: Type.Optional(Type.String({ maxLength: 500 })),
    leaders: Type.Optional(Type.Array(NameRefSchema, { maxItems: 20 })),
    leadUnit: Type.Optional(Type.Union([NameRefSchema, Type.Null()])),
    coUnits: Type.Optional(Type.Array(NameRefSchema, { maxItems: 200 })),
    milestones: Type.Optional(Type.Array(Type.Object({ title: Type.String({ maxLength: 500 }), dueText: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }), { maxItems: 100 })),
    indicators: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ maxLength: 200 }),
            unitOfMeasure: Type.Optional(Type.String({ maxLength: 40 })),
            baseline: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
            target: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
            targetDate: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
    nodeKeys: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

/** HTTP routes of key tasks: list, add, change, resolve names, import and export the task-division table. */
export async function ledgerTaskRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['tasks'];

  app.get('/api/plans/:id/tasks', { config: { permission: 'plan.read' }, schema: { tags, params: IdParams, response: { 200: TaskListResponse } } }, async (req) => tasks.listTasks(req.ctx, req.params.id));
  app.post(
    '/api/plans/:id/tasks',
    { config: { permission: 'plan.assignTasks' }, schema: { tags, params: IdParams, body: Type.Object({ tasks: Type.Array(TaskBody, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }), response: { 201: TaskIdsResponse } } },
    async (req, reply) => {
      reply.status(201);
      return { ids: await tasks.addTasks(req.ctx, req.params.id, req.body.tasks) };
    },
  );
  app.post(
    '/api/plans/:id/tasks/from-nodes',
    {
      config: { permission: 'plan.assignTasks' },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({
          items: Type.Array(
            Type.Object({
              // A node's key, or closing-N for the Nth closing paragraph (结束语).
              nodeKeys: Type.Array(Type.Union([Uuid, Type.String({ pattern: '^closing-[1-9][0-9]{0,2}$' })]), { minItems: 1, maxItems: 50 }),
              title: Type.Optional(Type.String({ maxLength: 20_000 })),
            }),
            { minItems: 1, maxItems: 2000 },
          ),
          // Also nodes that already have a task (otherwise skipped, so doing it twice makes no duplicates).
          again: Type.Optional(Type.Boolean()),
        }),
        response: { 201: TasksFromNodesResponse },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return tasks.createTasksFromNodes(req.ctx, req.params.id, req.body.items, { again: req.body.again });
    },
  );
  app.post(
    '/api/plans/:id/tasks/from-table',
    {
      config: { permission: 'plan.assignTasks' },
      schema: {
        tags,
        description: 'One task per data row of an annex table of the current version (its unit column read as the lead unit); rows already made are skipped unless again',
        params: IdParams,
        body: Type.Object({ table: Type.Integer({ minimum: 0, maximum: 999 }), again: Type.Optional(Type.Boolean()) }),
        response: { 201: TasksFromTableResponse },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return tasks.createTasksFromTable(req.ctx, req.params.id, req.body.table, { again: req.body.again });
    },
  );
  app.patch(
    '/api/tasks/:id',
    { config: { permission: 'plan.assignTasks' }, schema: { tags, params: IdParams, body: Type.Partial(Type.Object({ ...TaskBody.properties, version: Type.Integer({ minimum: 1 }) })), response: { 200: TaskResponse } } },
    async (req) => tasks.updateTask(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/tasks/:id', { config: { permission: 'plan.assignTasks' }, schema: { tags, params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await tasks.deleteTask(req.ctx, req.params.id);
    reply.status(204);
  });
  app.get('/api/plans/:id/unresolved', { config: { permission: 'plan.read' }, schema: { tags, params: IdParams, response: { 200: UnresolvedNamesResponse } } }, async (req) => tasks.listUnresolvedNames(req.ctx, req.params.id));
  app.post(
    '/api/plans/:id/resolve',
    {
      config: { permission: 'plan.assignTasks' },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ kind: StringEnum(['unit', 'leader']), rawName: Type.String({ minLength: 1, maxLength: 200 }), targetId: Uuid, remember: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: ResolvedResponse },
      },
    },
    async (req) => tasks.resolveName(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/tasks/import',
    {
      // Every import reads the table as a plan's creator would (the preview); one into a plan also needs plan.assignTasks.
      config: { permission: 'plan.create' },
      schema: {
        tags,
        description:
          'Import a task-division table (.xlsx). Without confirm=true it only previews; nothing is saved. `sheet` names the worksheet to read; without it the one that looks most like a task table is read, and the preview lists them all.',
        querystring: Type.Object({
          confirm: Type.Optional(Type.Boolean()),
          sheet: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          planId: Type.Optional(Uuid),
          mode: Type.Optional(StringEnum(['append', 'replace'])),
          title: Type.Optional(Type.String({ maxLength: 300 })),
          regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
          planType: Type.Optional(PlanTypeSchema),
        }),
        response: { 200: TaskImportResponse },
      },
    },
    async (req) => {
      // ExcelJS loads on first use, not at start-up.
      const importer = await import('./ledger.import.service.ts');
      const { MAX_TABLE_BYTES } = await import('./ledger.xlsx.guard.ts');
      const { fileName, bytes } = await readUpload(req, MAX_TABLE_BYTES);
      const q = req.query;
      if (!q.confirm) return { preview: await importer.previewTaskTable(req.ctx, bytes, fileName, { sheet: q.sheet }) };
      const target = q.planId ? { planId: q.planId, mode: q.mode } : { newPlan: { title: q.title, regionCode: q.regionCode ?? '120000', planType: q.planType } };
      return { imported: await importer.importTaskTable(req.ctx, bytes, fileName, target, { sheet: q.sheet }) };
    },
  );
  app.get('/api/plans/:id/tasks.xlsx', { config: { permission: 'plan.export' }, schema: { tags, params: IdParams, response: { 200: FileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The task-division table') } } }, async (req, reply) => {
    const { exportablePlan, exportPlanXlsx } = await import('./ledger.export.service.ts');
    const plan = await exportablePlan(req.ctx, req.params.id);
    const stream = new PassThrough();
    exportPlanXlsx(req.ctx, plan.id, stream).catch((error) => stream.destroy(error));
    return sendDownload(reply, `${plan.title}-任务分工.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', stream);
  });
  app.get('/api/plans/:id/plan.docx', { config: { permission: 'plan.export' }, schema: { tags, params: IdParams, response: { 200: FileResponse('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'The plan as a Word document') } } }, async (req, reply) => {
    const { exportPlanDocx } = await import('./ledger.docx.service.ts');
    const file = await exportPlanDocx(req.ctx, req.params.id);
    return sendDownload(reply, file.fileName, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', file.buffer);
  });
}
