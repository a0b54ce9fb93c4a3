import type { FastifyInstance } from 'fastify';
import { readUpload, sendDownload } from '../../lib/http-files.ts';
import { FileResponse, NoContent, type ApiTypeProvider } from '../../lib/typebox.ts';
import { Type } from 'typebox';
import * as S from './complexity.schema.ts';

/**
 * HTTP routes of economic-complexity analyses. The services load on first use: the engine and ExcelJS
 * stay out of start-up.
 */
export async function complexityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['complexity'];
  const analyses = () => import('./complexity.service.ts');
  const results = () => import('./complexity.results.service.ts');

  // Runs still computing are stopped, and recorded as interrupted, before the database closes.
  app.addHook('onClose', async () => (await import('./complexity.runs.ts')).stopAllRuns());

  app.post(
    '/api/complexity/analyses',
    {
      config: { permission: 'analysis.create' },
      schema: {
        tags,
        description: 'Upload a location × product CSV (multipart field "file") and compute economic complexity in the background. 201 when done within `wait` ms, else 202: poll GET /api/complexity/analyses/:id.',
        querystring: S.CreateQuery,
        response: { 201: S.AnalysisResponse, 202: S.AnalysisResponse },
      },
    },
    async (req, reply) => {
      const { createAnalysis, MAX_UPLOAD_BYTES } = await analyses();
      const { fileName, bytes } = await readUpload(req, MAX_UPLOAD_BYTES);
      const { name, loc, prod, val, time, pop, presence, label, threshold, asymmetric, continuous, wait } = req.query;
      const analysis = await createAnalysis(req.ctx, { bytes, fileName, name, options: { columns: { loc, prod, val, time, pop, presence, label }, threshold, asymmetric, continuous } }, { waitMs: wait });
      reply.status(analysis.status === 'running' ? 202 : 201);
      return analysis;
    },
  );
  app.get('/api/complexity/analyses', { config: { permission: 'analysis.read' }, schema: { tags, response: { 200: Type.Array(S.AnalysisResponse) } } }, async (req) => (await analyses()).listAnalyses(req.ctx));
  app.get('/api/complexity/analyses/:id', { config: { permission: 'analysis.read' }, schema: { tags, description: 'Status, progress (0…1), summary or error', params: S.IdParams, response: { 200: S.AnalysisResponse } } }, async (req) =>
    (await analyses()).getAnalysis(req.ctx, req.params.id),
  );
  app.delete('/api/complexity/analyses/:id', { config: { permission: 'analysis.delete' }, schema: { tags, params: S.IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await (await analyses()).deleteAnalysis(req.ctx, req.params.id);
    reply.status(204);
  });

  app.get(
    '/api/complexity/analyses/:id/ranking',
    { config: { permission: 'analysis.read' }, schema: { tags, description: 'Locations by ECI, most complex first', params: S.IdParams, querystring: S.PeriodQuery, response: { 200: S.RankingResponse } } },
    async (req) => (await results()).eciRanking(req.ctx, req.params.id, req.query),
  );
  app.get(
    '/api/complexity/analyses/:id/profile',
    { config: { permission: 'analysis.read' }, schema: { tags, description: 'One location: per product its value, share, RCA, M, PCI, density, COG and opportunity score', params: S.IdParams, querystring: S.LocationQuery, response: { 200: S.ProfileResponse } } },
    async (req) => (await results()).locationProfile(req.ctx, req.params.id, req.query),
  );
  app.get(
    '/api/complexity/analyses/:id/opportunities',
    { config: { permission: 'analysis.read' }, schema: { tags, description: 'A location’s top opportunities (M = 0), by balanced score, density, PCI or COG', params: S.IdParams, querystring: S.OpportunityQuery, response: { 200: S.OpportunitiesResponse } } },
    async (req) => {
      const { product, ...query } = req.query;
      return (await results()).topOpportunities(req.ctx, req.params.id, { ...query, products: product });
    },
  );
  app.get(
    '/api/complexity/analyses/:id/space',
    { config: { permission: 'analysis.read' }, schema: { tags, description: 'The product space: nodes, links (spanning tree + strongest), and a location’s presence', params: S.IdParams, querystring: S.SpaceQuery, response: { 200: S.ProductSpaceResponse } } },
    async (req) => (await results()).productSpace(req.ctx, req.params.id, req.query),
  );
  app.get(
    '/api/complexity/analyses/:id/results.csv',
    { config: { permission: 'analysis.export' }, schema: { tags, description: 'Every result, in the format of `luoshi complexity`; with `minTotal`, without the locations below that size threshold (stated in a first `#` line and the file name)', params: S.IdParams, querystring: S.ResultsQuery, response: { 200: FileResponse('text/csv', 'Every result as CSV') } } },
    async (req, reply) => {
      const file = await (await results()).exportResultsCsv(req.ctx, req.params.id, req.query);
      return sendDownload(reply, file.fileName, 'text/csv; charset=utf-8', file.stream);
    },
  );
  app.get(
    '/api/complexity/analyses/:id/proximity.csv',
    { config: { permission: 'analysis.export' }, schema: { tags, description: 'The proximity of every pair of products (self-pairs left out), in the format of `luoshi complexity --proximity`', params: S.IdParams, response: { 200: FileResponse('text/csv', 'Proximities as CSV') } } },
    async (req, reply) => {
      const file = await (await results()).exportProximityCsv(req.ctx, req.params.id);
      return sendDownload(reply, file.fileName, 'text/csv; charset=utf-8', file.stream);
    },
  );
  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/api/complexity/analyses/:id/opportunities.${format}`,
      {
        config: { permission: 'analysis.export' },
        schema: { tags, description: `A location’s opportunities (the chosen products, or the top \`limit\`) as ${format}. In an analysis built from the atlas, they become 招商 targets by POST /api/atlas/complexity/analyses/:id/targets.`, params: S.IdParams,
          querystring: S.OpportunityQuery,
          response: { 200: FileResponse(format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `Opportunities as ${format}`) },
        },
      },
      async (req, reply) => {
        const { product, ...query } = req.query;
        const file = await (await results()).exportOpportunities(req.ctx, req.params.id, { ...query, products: product, format });
        return sendDownload(reply, file.fileName, file.contentType, file.buffer);
      },
    );
  }
}
