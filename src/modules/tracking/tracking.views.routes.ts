import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { FileResponse, type ApiTypeProvider } from '../../lib/typebox.ts';
import { sendDownload } from '../../lib/http-files.ts';
import { PlanParams } from './tracking.progress.schema.ts';
import { AsOfQuery, BriefingFileQuery, BriefingReply, HighlightsBody, IdParams, LeaderPageReply, UnitPageReply } from './tracking.views.schema.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** HTTP routes of the views: the 台账 (.xlsx), the progress briefing (.docx) and its highlights, a leader's and a unit's page. */
export async function trackingViewRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['progress'];

  app.get(
    '/api/plans/:id/ledger.xlsx',
    { config: { permission: 'progress.read' }, schema: { tags, params: PlanParams, querystring: AsOfQuery, response: { 200: FileResponse(XLSX, 'The 台账: the task-division table with each task’s class, warning and latest progress') } } },
    async (req, reply) => {
      const { exportProgressLedger, progressLedgerTarget } = await import('./tracking.ledger.service.ts');
      const target = await progressLedgerTarget(req.ctx, req.params.id, req.query.asOf);
      const stream = new PassThrough();
      exportProgressLedger(req.ctx, req.params.id, stream, { asOf: target.asOf }).catch((error) => stream.destroy(error));
      return sendDownload(reply, target.fileName, XLSX, stream);
    },
  );
  app.get(
    '/api/plans/:id/briefing.docx',
    { config: { permission: 'progress.read' }, schema: { tags, params: PlanParams, querystring: BriefingFileQuery, response: { 200: FileResponse(DOCX, 'The progress briefing (进展情况通报) in 公文 layout') } } },
    async (req, reply) => {
      const { exportBriefingDocx } = await import('./tracking.briefing.service.ts');
      const file = await exportBriefingDocx(req.ctx, req.params.id, req.query.asOf, req.query.issuer);
      return sendDownload(reply, file.fileName, DOCX, file.buffer);
    },
  );
  app.get(
    '/api/plans/:id/briefing',
    { config: { permission: 'progress.read' }, schema: { tags, params: PlanParams, querystring: AsOfQuery, response: { 200: BriefingReply } } },
    async (req) => (await import('./tracking.briefing.service.ts')).briefingHighlights(req.ctx, req.params.id, req.query.asOf),
  );
  app.put(
    '/api/plans/:id/briefing/highlights',
    { config: { permission: 'progress.brief' }, schema: { tags, params: PlanParams, body: HighlightsBody, response: { 200: BriefingReply } } },
    async (req) => (await import('./tracking.briefing.service.ts')).setBriefingHighlights(req.ctx, req.params.id, req.body.asOf, req.body.highlights),
  );
  app.get(
    '/api/people/:id/leader-page',
    { config: { permission: 'reporting.leaderPage' }, schema: { tags, params: IdParams, querystring: AsOfQuery, response: { 200: LeaderPageReply } } },
    async (req) => (await import('./tracking.pages.service.ts')).leaderPage(req.ctx, req.params.id, req.query.asOf),
  );
  app.get(
    '/api/units/:id/tracking-page',
    { config: { permission: 'reporting.unitRecord' }, schema: { tags, params: IdParams, querystring: AsOfQuery, response: { 200: UnitPageReply } } },
    async (req) => (await import('./tracking.pages.service.ts')).unitPage(req.ctx, req.params.id, req.query.asOf),
  );
}
