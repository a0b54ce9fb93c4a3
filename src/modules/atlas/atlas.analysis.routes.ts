import type { FastifyInstance } from 'fastify';
import { sendDownload } from '../../lib/http-files.ts';
import { FileResponse, type ApiTypeProvider } from '../../lib/typebox.ts';
import { Type } from 'typebox';
import { Uuid } from '../../lib/typebox.ts';
import * as S from './atlas.analysis.schema.ts';
import { IdParams } from './atlas.schema.ts';
import * as C from './atlas.complexity.schema.ts';
import { ComplexityAnalysisResponse } from '../complexity/index.ts';

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
  app.get(
    '/api/atlas/chains/:id/gaps',
    {
      config: { permission: 'analysis.read' },
      schema: { tags, description: '堵点 of a region against a benchmark and the national pattern (rule included), each with ranked 招商 candidates and the targets already followed', params: IdParams, querystring: S.GapsQuery, response: { 200: S.Gaps } },
    },
    async (req) => (await analysis()).chainGaps(req.ctx, req.params.id, req.query),
  );
  app.get(
    '/api/atlas/chains/:id/gaps/targets.xlsx',
    {
      config: { permission: 'analysis.read' },
      schema: { tags, params: IdParams, querystring: S.GapsQuery, response: { 200: FileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The 招商 target list of the gaps (one row per candidate)') } },
    },
    async (req, reply) => {
      const file = await (await analysis()).gapTargetsWorkbook(req.ctx, req.params.id, req.query);
      return sendDownload(reply, file.fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', file.buffer);
    },
  );
  app.get(
    '/api/atlas/chains/:id/chokepoints',
    {
      config: { permission: 'analysis.read' },
      schema: { tags, description: '卡点: marked segments/technologies with supplier concentration (HHI, single supplier) and 联合攻关 leads in the region', params: IdParams, querystring: S.ChokepointsQuery, response: { 200: S.Chokepoints } },
    },
    async (req) => (await analysis()).chainChokepoints(req.ctx, req.params.id, req.query),
  );
  app.post(
    '/api/atlas/chains/:id/chokepoints',
    {
      config: { permission: 'analysis.write' },
      schema: { tags, description: 'Marks a segment (or a technology in it) as a chokepoint, or updates the mark', params: IdParams, body: S.ChokepointBody, response: { 200: Type.Object({ id: Uuid }) } },
    },
    async (req) => (await analysis()).markChokepoint(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/atlas/chains/:id/targets',
    {
      config: { permission: 'analysis.write' },
      schema: { tags, description: 'Turns chosen 招商 candidates into one ledger task and targets at 线索 (all or nothing)', params: IdParams, body: S.TargetsBody, response: { 200: S.TargetsCreated } },
    },
    async (req) => (await analysis()).createTargets(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/atlas/chains/:id/targets',
    {
      config: { permission: 'analysis.read' },
      schema: { tags, description: 'The 招商 targets of a chain followed in a region (its plans’), newest first, with the statuses each may move to', params: IdParams, querystring: S.TargetsQuery, response: { 200: S.ChainTargets } },
    },
    async (req) => (await import('./atlas.targets.service.ts')).chainTargets(req.ctx, req.params.id, req.query),
  );
  app.post(
    '/api/atlas/targets/:id/status',
    {
      config: { permission: 'analysis.write' },
      schema: { tags, description: 'Moves a target 线索 → 对接 → 签约 → 落地; at 签约 it becomes a tracking project under its task', params: IdParams, body: S.TargetMoveBody, response: { 200: S.TargetMoved } },
    },
    async (req) => (await analysis()).moveTarget(req.ctx, req.body.regionCode, req.params.id, req.body),
  );

  // Economic complexity from the atlas (issue 8): the table built from the enterprises, opportunities made targets.
  const complexity = () => import('./atlas.complexity.service.ts');
  app.post(
    '/api/atlas/complexity/analyses',
    {
      config: { permission: 'analysis.create' },
      schema: {
        tags,
        description: 'Builds a region × product table (chain segments or GB/T 4754 codes; enterprises or employees; founded by a year) from the atlas and computes economic complexity on it, as an upload would be. 201 when done within `wait` ms, else 202: poll GET /api/complexity/analyses/:id.',
        body: C.AtlasAnalysisBody,
        response: { 201: ComplexityAnalysisResponse, 202: ComplexityAnalysisResponse },
      },
    },
    async (req, reply) => {
      const { wait, ...input } = req.body;
      const analysis = await (await complexity()).createAtlasAnalysis(req.ctx, input, { waitMs: wait });
      reply.status(analysis.status === 'running' ? 202 : 201);
      return analysis;
    },
  );
  app.post(
    '/api/atlas/complexity/analyses/:id/targets',
    {
      config: { permission: 'analysis.write' },
      schema: { tags, description: 'Turns a region’s chosen opportunities in an atlas-built analysis into 招商 targets (candidates elsewhere in those segments or codes) under one ledger task, each with its density and PCI as the reason', params: IdParams, body: C.OpportunityTargetsBody, response: { 200: C.OpportunityTargetsCreated } },
    },
    async (req) => (await complexity()).createOpportunityTargets(req.ctx, req.params.id, req.body),
  );
}
