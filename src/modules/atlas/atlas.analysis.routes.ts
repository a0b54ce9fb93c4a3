import type { FastifyInstance } from 'fastify';
import type { ApiTypeProvider } from '../../lib/typebox.ts';
import * as S from './atlas.analysis.schema.ts';
import { IdParams } from './atlas.schema.ts';

/** HTTP routes of the atlas analysis: coverage, 堵点, 卡点 and 成龙配套 (docs/atlas-analysis.md). */
export async function atlasAnalysisRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['atlas'];
  const analysis = () => import('./atlas.analysis.service.ts');

  app.get(
    '/api/atlas/chains/:id/coverage',
    {
      config: { permission: 'analysis.read' },
      schema: { tags, description: 'Segment × region matrix of a chain’s current version: enterprises, leading, 专精特新, strength score (formula included)', params: IdParams, querystring: S.CoverageQuery, response: { 200: S.Coverage } },
    },
    async (req) => (await analysis()).chainCoverage(req.ctx, req.params.id, { regions: req.query.regions, confirmedOnly: req.query.confirmedOnly }),
  );
  app.get(
    '/api/atlas/enterprises/:uscc/match',
    {
      config: { permission: 'analysis.read' },
      schema: { tags, description: '成龙配套: suppliers upstream and customers downstream of an enterprise, ranked by the documented match score', params: S.UsccParams, querystring: S.MatchQuery, response: { 200: S.Match } },
    },
    async (req) => (await analysis()).matchEnterprise(req.ctx, req.params.uscc, { limit: req.query.limit }),
  );
}
