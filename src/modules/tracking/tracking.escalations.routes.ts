import type { FastifyInstance } from 'fastify';
import { sendDownload } from '../../lib/http-files.ts';
import { FileResponse, type ApiTypeProvider } from '../../lib/typebox.ts';
import * as escalations from './tracking.escalations.service.ts';
import * as S from './tracking.escalations.schema.ts';
import { IdParams } from './tracking.schema.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** HTTP routes of escalation notices (督办单): the list, suggestions from the rules, issuing, answering, returning, closing, the Word notice. */
export async function trackingEscalationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['escalations'];

  app.get('/api/escalations', { config: { permission: 'escalation.list' }, schema: { tags, querystring: S.EscalationListQuery, response: { 200: S.EscalationList } } }, async (req) =>
    escalations.listEscalations(req.ctx, req.query),
  );
  app.get(
    '/api/escalation-suggestions',
    { config: { permission: 'escalation.supervise' }, schema: { tags, description: 'Red tasks without an open notice, with their reason in words', querystring: S.SuggestionQuery, response: { 200: S.SuggestionList } } },
    async (req) => escalations.suggestedEscalations(req.ctx, req.query),
  );
  app.post(
    '/api/escalations',
    { config: { permission: 'escalation.supervise' }, schema: { tags, description: 'Issue the suggested notices of several red tasks at once', body: S.BulkIssueBody, response: { 200: S.EscalationList } } },
    async (req) => escalations.issueEscalations(req.ctx, req.body),
  );
  app.post(
    '/api/tasks/:id/escalations',
    { config: { permission: 'escalation.issue' }, schema: { tags, description: 'Issue a notice on a task, by hand or from the rules', params: IdParams, body: S.IssueBody, response: { 200: S.Escalation } } },
    async (req) => escalations.issueEscalation(req.ctx, req.params.id, req.body),
  );
  app.get('/api/escalations/:id', { config: { permission: 'escalation.read' }, schema: { tags, params: IdParams, response: { 200: S.EscalationDetail } } }, async (req) =>
    escalations.getEscalation(req.ctx, req.params.id),
  );
  app.post('/api/escalations/:id/answer', { config: { permission: 'escalation.answer' }, schema: { tags, params: IdParams, body: S.AnswerBody, response: { 200: S.Escalation } } }, async (req) =>
    escalations.answerEscalation(req.ctx, req.params.id, req.body),
  );
  app.post('/api/escalations/:id/return', { config: { permission: 'escalation.return' }, schema: { tags, params: IdParams, body: S.ReturnBody, response: { 200: S.Escalation } } }, async (req) =>
    escalations.returnEscalation(req.ctx, req.params.id, req.body),
  );
  app.post('/api/escalations/:id/close', { config: { permission: 'escalation.close' }, schema: { tags, params: IdParams, body: S.CloseBody, response: { 200: S.Escalation } } }, async (req) =>
    escalations.closeEscalation(req.ctx, req.params.id, req.body ?? {}),
  );
  app.get('/api/escalations/:id/docx', { config: { permission: 'escalation.read' }, schema: { tags, params: IdParams, response: { 200: FileResponse(DOCX, 'The notice as a Word document (督办通知单)') } } }, async (req, reply) => {
    const file = await escalations.escalationDocx(req.ctx, req.params.id);
    return sendDownload(reply, file.fileName, DOCX, file.bytes);
  });
}
