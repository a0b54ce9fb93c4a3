import type { FastifyInstance } from 'fastify';
import { readUpload, sendDownload } from '../../lib/http-files.ts';
import { FileResponse, NoContent, type ApiTypeProvider } from '../../lib/typebox.ts';
import * as reports from './tracking.reports.service.ts';
import * as evidence from './tracking.evidence.service.ts';
import * as S from './tracking.schema.ts';

/** HTTP routes of reporting: a task's reports, their steps, evidence files, closing, deadline changes, a unit's page, the review queue. */
export async function trackingReportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['reports'];

  app.get('/api/tasks/:id/reports', { config: { permission: 'trackedTask.read' }, schema: { tags, params: S.IdParams, response: { 200: S.TaskReportsReply } } }, async (req) =>
    reports.taskReports(req.ctx, req.params.id),
  );
  app.post(
    '/api/tasks/:id/reports',
    { config: { permission: 'trackedTask.report' }, schema: { tags, description: 'Save the caller unit’s draft report for a period (created the first time)', params: S.IdParams, body: S.ReportBody, response: { 200: S.Report } } },
    async (req) => reports.saveReport(req.ctx, req.params.id, req.body),
  );
  app.get('/api/reports/:id', { config: { permission: 'report.read' }, schema: { tags, params: S.IdParams, response: { 200: S.ReportDetail } } }, async (req) => reports.getReport(req.ctx, req.params.id));
  app.post('/api/reports/:id/submit', { config: { permission: 'report.submit' }, schema: { tags, params: S.IdParams, response: { 200: S.Report } } }, async (req) => reports.submitReport(req.ctx, req.params.id));
  app.post('/api/reports/:id/return', { config: { permission: 'report.review' }, schema: { tags, params: S.IdParams, body: S.ReasonBody, response: { 200: S.Report } } }, async (req) =>
    reports.returnReport(req.ctx, req.params.id, req.body.reason),
  );
  app.post('/api/reports/:id/accept', { config: { permission: 'report.review' }, schema: { tags, params: S.IdParams, response: { 200: S.Report } } }, async (req) => reports.acceptReport(req.ctx, req.params.id));
  app.post(
    '/api/reports/:id/evidence',
    { config: { permission: 'report.write' }, schema: { tags, description: 'Attach an evidence file (pdf, image, office file; multipart)', params: S.IdParams, response: { 201: S.EvidenceReply } } },
    async (req, reply) => {
      // Read a little past the limit, so a file just over it is refused with the evidence message.
      const file = await readUpload(req, evidence.evidenceLimitBytes() + 1);
      reply.status(201);
      return evidence.addEvidence(req.ctx, req.params.id, file);
    },
  );
  app.get('/api/evidence/:id', { config: { permission: 'report.read' }, schema: { tags, params: S.IdParams, response: { 200: FileResponse('application/octet-stream', 'The evidence file, with its own content type') } } }, async (req, reply) => {
    const file = await evidence.readEvidence(req.ctx, req.params.id);
    return sendDownload(reply, file.fileName, file.contentType, file.bytes);
  });
  app.delete('/api/evidence/:id', { config: { permission: 'report.write' }, schema: { tags, params: S.IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await evidence.deleteEvidence(req.ctx, req.params.id);
    reply.status(204);
  });
  app.post('/api/tasks/:id/reopen', { config: { permission: 'trackedTask.reopen' }, schema: { tags, params: S.IdParams, body: S.ReasonBody, response: { 200: S.ReopenReply } } }, async (req) =>
    reports.reopenTask(req.ctx, req.params.id, req.body.reason),
  );
  app.post(
    '/api/tasks/:id/deadline-changes',
    { config: { permission: 'trackedTask.requestDeadline' }, schema: { tags, params: S.IdParams, body: S.DeadlineChangeBody, response: { 201: S.DeadlineChange } } },
    async (req, reply) => {
      reply.status(201);
      return reports.requestDeadlineChange(req.ctx, req.params.id, req.body);
    },
  );
  app.post(
    '/api/deadline-changes/:id/decision',
    { config: { permission: 'trackedTask.decideDeadline' }, schema: { tags, params: S.IdParams, body: S.DeadlineDecisionBody, response: { 200: S.DeadlineChange } } },
    async (req) => reports.decideDeadlineChange(req.ctx, req.params.id, req.body),
  );
  app.get('/api/reporting/mine', { config: { permission: 'reporting.unitPage' }, schema: { tags, querystring: S.UnitPageQuery, response: { 200: S.UnitPageReply } } }, async (req) =>
    reports.unitReporting(req.ctx, req.query),
  );
  app.get('/api/reporting/review-queue', { config: { permission: 'reporting.reviewQueue' }, schema: { tags, response: { 200: S.ReviewQueueReply } } }, async (req) => reports.reviewQueue(req.ctx));
}
