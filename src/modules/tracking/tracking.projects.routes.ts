import type { FastifyInstance } from 'fastify';
import { readUpload, sendDownload } from '../../lib/http-files.ts';
import { FileResponse, type ApiTypeProvider } from '../../lib/typebox.ts';
import * as projects from './tracking.projects.service.ts';
import { importProjects } from './tracking.projects.import.ts';
import * as S from './tracking.projects.schema.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const filterOf = (q: { stage?: 'signed' | 'started' | 'producing' | 'full'; kind?: 'investment' | 'construction' | 'cooperation'; unitId?: string; regionCode?: string }) => ({
  stage: q.stage,
  kind: q.kind,
  unitId: q.unitId,
  siteRegionCode: q.regionCode,
});

/** HTTP routes of projects (项目化): a task's projects, their stage moves and notes; a plan's project list, export and import. */
export async function trackingProjectRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['projects'];

  app.get('/api/tasks/:id/projects', { config: { permission: 'project.read' }, schema: { tags, params: S.ProjectIdParams, response: { 200: S.TaskProjectsReply } } }, async (req) =>
    projects.taskProjects(req.ctx, req.params.id),
  );
  app.post(
    '/api/tasks/:id/projects',
    { config: { permission: 'project.write' }, schema: { tags, description: 'Add a project to a task (lead unit editors, supervisors)', params: S.ProjectIdParams, body: S.ProjectCreateBody, response: { 201: S.Project } } },
    async (req, reply) => {
      reply.status(201);
      return projects.createProject(req.ctx, { ...req.body, taskId: req.params.id, source: { kind: 'manual' } });
    },
  );
  app.patch('/api/projects/:id', { config: { permission: 'project.write' }, schema: { tags, params: S.ProjectIdParams, body: S.ProjectUpdateBody, response: { 200: S.Project } } }, async (req) =>
    projects.updateProject(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/projects/:id/stage',
    { config: { permission: 'project.write' }, schema: { tags, description: 'Move the stage forward (dated) or back (a correction, with a reason)', params: S.ProjectIdParams, body: S.StageMoveBody, response: { 200: S.Project } } },
    async (req) => projects.moveProjectStage(req.ctx, req.params.id, req.body),
  );
  app.post('/api/projects/:id/reports', { config: { permission: 'project.write' }, schema: { tags, params: S.ProjectIdParams, body: S.ProjectReportBody, response: { 201: S.ProjectReportReply } } }, async (req, reply) => {
    reply.status(201);
    return projects.addProjectReport(req.ctx, req.params.id, req.body);
  });
  app.get('/api/plans/:id/projects', { config: { permission: 'project.read' }, schema: { tags, params: S.ProjectIdParams, querystring: S.PlanProjectsQuery, response: { 200: S.PlanProjectsReply } } }, async (req) =>
    projects.planProjects(req.ctx, req.params.id, filterOf(req.query)),
  );
  app.get(
    '/api/plans/:id/projects.xlsx',
    { config: { permission: 'project.read' }, schema: { tags, params: S.ProjectIdParams, querystring: S.PlanProjectsQuery, response: { 200: FileResponse(XLSX, 'The plan’s projects as an Excel workbook') } } },
    async (req, reply) => {
      const file = await projects.exportPlanProjects(req.ctx, req.params.id, filterOf(req.query));
      return sendDownload(reply, file.fileName, XLSX, file.bytes);
    },
  );
  app.post(
    '/api/plans/:id/projects/import',
    { config: { permission: 'project.import' }, schema: { tags, description: 'Import a project table (.xlsx or .csv; multipart); nothing is saved from a file with errors', params: S.ProjectIdParams, querystring: S.ImportQuery, response: { 200: S.ProjectImportReply } } },
    async (req) => {
      const file = await readUpload(req, 20 * 1024 * 1024);
      const { rows: _rows, ...summary } = await importProjects(req.ctx, file.bytes, file.fileName, req.params.id, { dryRun: Boolean(req.query.dryRun) });
      return summary;
    },
  );
}
