import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sendDownload } from '../../lib/http-files.ts';
import { FileResponse, type ApiTypeProvider } from '../../lib/typebox.ts';
import * as S from './atlas.schema.ts';
import { chainFileName } from './atlas.chain-format.domain.ts';
import * as E from './atlas.chain-edit.schema.ts';
import * as V from './atlas.chain-versions.schema.ts';

/** HTTP routes of the atlas: chains (list, one chain's segments and edges, the exchange file). */
export async function atlasRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['atlas'];
  const chains = () => import('./atlas.chains.service.ts');

  app.get('/api/atlas/chains', { config: { permission: 'chain.read' }, schema: { tags, description: 'Every chain with its current version’s size', response: { 200: Type.Array(S.ChainSummary) } } }, async (req) =>
    (await chains()).chainSummaries(req.ctx),
  );
  app.get(
    '/api/atlas/chains/:id',
    { config: { permission: 'chain.read' }, schema: { tags, description: 'A chain’s current version: segments (parents first) and supply edges', params: S.IdParams, response: { 200: S.ChainDetail } } },
    async (req) => (await chains()).chainDetail(req.ctx, req.params.id),
  );
  app.get(
    '/api/atlas/chains/:id/versions',
    {
      config: { permission: 'chain.read' },
      schema: { tags, description: 'Every version of a chain, newest first: when, by whom and how it was made, and how many changes of each kind it made', params: S.IdParams, response: { 200: Type.Array(V.ChainVersionSummary) } },
    },
    async (req) => (await import('./atlas.chain-versions.service.ts')).chainVersions(req.ctx, req.params.id),
  );
  app.get(
    '/api/atlas/chains/:id/versions/:version/changes',
    {
      config: { permission: 'chain.read' },
      schema: { tags, description: 'The changes of one version of a chain against another (the one before by default)', params: V.VersionParams, querystring: V.VersionChangesQuery, response: { 200: V.ChainVersionChanges } },
    },
    async (req) => (await import('./atlas.chain-versions.service.ts')).chainVersionChanges(req.ctx, req.params.id, req.params.version, req.query.against),
  );
  app.post(
    '/api/atlas/chains/:id/edits',
    {
      config: { permission: 'chain.edit' },
      schema: {
        tags,
        description: 'Edits a chain (add, change, move, remove segments; add, remove supply edges) as its next version, checked as an import is; 409 when baseVersion is no longer current',
        params: S.IdParams,
        body: E.ChainEditBody,
        response: { 200: E.ChainEditResult },
      },
    },
    async (req) => (await import('./atlas.chain-edit.service.ts')).editChain(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/atlas/chains/:id/adapt',
    {
      config: { permission: 'chain.adapt' },
      schema: {
        tags,
        description: 'Adapts a shared chain (region 000000) for the caller’s region: its current version copied into the region’s own chain (same key and segment ids), recording which shared chain and version it came from; 409 when the region already keeps one',
        params: S.IdParams,
        response: { 200: S.ChainAdaptResult },
      },
    },
    async (req) => (await import('./atlas.chain-adapt.service.ts')).adaptChain(req.ctx, req.params.id),
  );
  app.post(
    '/api/atlas/chains/:id/adaptation/review',
    {
      config: { permission: 'chain.edit' },
      schema: {
        tags,
        description: 'Records that a region’s adaptation was reviewed against the shared chain’s current version (sourceVersion), so the changes up to it are no longer listed; 409 when the shared chain moved on',
        params: S.IdParams,
        body: S.ChainReviewBody,
        response: { 200: S.ChainAdaptResult },
      },
    },
    async (req) => (await import('./atlas.chain-adapt.service.ts')).reviewSourceChanges(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/atlas/chains/:id/export',
    {
      config: { permission: 'chain.export' },
      schema: {
        tags,
        params: S.IdParams,
        querystring: S.ChainExportQuery,
        response: { 200: FileResponse('application/json', 'The chain as an exchange file (docs/atlas-chain-format.md); with format=xlsx, as an Excel workbook') },
      },
    },
    async (req, reply) => {
      const { file, regionCode, version } = await (await chains()).exportChainById(req.ctx, req.params.id);
      const named = { key: file.chain.id, regionCode, version };
      if (req.query.format === 'xlsx') {
        const { chainWorkbook } = await import('./atlas.chain-workbook.ts');
        return sendDownload(reply, chainFileName(named, 'xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await chainWorkbook(file));
      }
      return sendDownload(reply, chainFileName(named, 'json'), 'application/json; charset=utf-8', Buffer.from(JSON.stringify(file, null, 2) + '\n'));
    },
  );
}
