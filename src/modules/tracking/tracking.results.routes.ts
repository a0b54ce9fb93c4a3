import type { FastifyInstance } from 'fastify';
import type { ApiTypeProvider } from '../../lib/typebox.ts';
import { FileResponse } from '../../lib/typebox.ts';
import { sendDownload } from '../../lib/http-files.ts';
import { planResults } from './tracking.results.service.ts';
import { resultsWorkbook } from './tracking.results.xlsx.ts';
import { ResultsExportQuery, ResultsQuery, ResultsReply } from './tracking.results.schema.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** HTTP routes of the results record (实绩档案): the table, and the same as a workbook. */
export async function trackingResultsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['progress'];
  app.get('/api/tracking/results', { config: { permission: 'progress.read' }, schema: { tags, querystring: ResultsQuery, response: { 200: ResultsReply } } }, async (req) => {
    const { plan, ...q } = req.query;
    return planResults(req.ctx, { ...q, planId: plan });
  });
  app.get(
    '/api/tracking/results.xlsx',
    { config: { permission: 'progress.read' }, schema: { tags, querystring: ResultsExportQuery, response: { 200: FileResponse(XLSX, 'The results record as a workbook') } } },
    async (req, reply) => {
      const { plan, lang, ...q } = req.query;
      const file = await resultsWorkbook(await planResults(req.ctx, { ...q, planId: plan }), lang ?? 'zh-CN');
      return sendDownload(reply, file.fileName, XLSX, file.buffer);
    },
  );
}
