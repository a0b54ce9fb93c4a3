import type { FastifyInstance } from 'fastify';
import { readUpload } from '../../lib/http-files.ts';
import type { ApiTypeProvider } from '../../lib/typebox.ts';
import * as S from './atlas.ui.schema.ts';
import { IdParams } from './atlas.schema.ts';

/** Chain files and enterprise files are read whole before they are checked. */
const MAX_CHAIN_BYTES = 20 * 1024 * 1024;
const MAX_ENTERPRISE_BYTES = 400 * 1024 * 1024;

/**
 * HTTP routes of the atlas pages: the enterprise directory (search, one enterprise, link decisions), a chain's
 * enterprise counts and one segment's enterprises, chain import by upload, and enterprise import with its preview,
 * column mapping and progress.
 */
export async function atlasEnterpriseRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['atlas'];
  const directory = () => import('./atlas.directory.service.ts');
  const jobs = () => import('./atlas.import-jobs.ts');
  const proposals = () => import('./atlas.segment-proposals.service.ts');

  app.get(
    '/api/atlas/enterprises',
    { config: { permission: 'enterprise.read' }, schema: { tags, description: 'The enterprise directory: search by name, product or tag, filters, pinyin order', querystring: S.EnterpriseQuery, response: { 200: S.EnterprisePage } } },
    async (req) => (await directory()).searchEnterprises(req.ctx, req.query),
  );
  app.get(
    '/api/atlas/enterprises/:region/:id',
    { config: { permission: 'enterprise.read' }, schema: { tags, description: 'One enterprise with its segment links', params: S.EnterpriseParams, response: { 200: S.EnterpriseDetail } } },
    async (req) => (await directory()).enterpriseDetail(req.ctx, req.params.region, req.params.id),
  );
  app.post(
    '/api/atlas/enterprises/:region/:id/links',
    {
      config: { permission: 'enterprise.decide' },
      schema: { tags, description: 'Link the enterprise to a segment by hand, with evidence, source and as-of date (audited)', params: S.EnterpriseParams, body: S.NewLinkBody, response: { 201: S.LinkResponse } },
    },
    async (req, reply) => {
      reply.status(201);
      return (await directory()).addLink(req.ctx, req.params.region, req.params.id, req.body);
    },
  );
  app.patch(
    '/api/atlas/enterprises/:region/:id/links/:chain/:segment',
    {
      config: { permission: 'enterprise.decide' },
      schema: { tags, description: 'Confirm, leave uncertain or reject a link (audited, with a note)', params: S.LinkParams, body: S.LinkDecisionBody, response: { 200: S.LinkResponse } },
    },
    async (req) =>
      (await directory()).decideLink(req.ctx, { regionCode: req.params.region, enterpriseId: req.params.id, chainId: req.params.chain, segmentKey: req.params.segment }, req.body),
  );
  app.get(
    '/api/atlas/chains/:id/enterprise-counts',
    { config: { permission: 'chain.read' }, schema: { tags, description: 'Per segment: enterprises linked, everywhere and in the region (its districts included)', params: IdParams, querystring: S.RegionQuery, response: { 200: S.SegmentCounts } } },
    async (req) => (await directory()).segmentCounts(req.ctx, req.params.id, req.query.region),
  );
  app.get(
    '/api/atlas/chains/:id/segments/:key/enterprises',
    { config: { permission: 'enterprise.read' }, schema: { tags, description: "A segment's enterprises (sub-segments included) with their links", params: S.SegmentParams, querystring: S.SegmentEnterprisesQuery, response: { 200: S.SegmentEnterprises } } },
    async (req) => (await directory()).segmentEnterprises(req.ctx, req.params.id, req.params.key, req.query),
  );
  app.get(
    '/api/atlas/chains/:id/segments/:key/proposals',
    {
      config: { permission: 'enterprise.read' },
      schema: { tags, description: "Enterprises whose main products hold the segment's products, technologies or (leaf) name, not linked to it", params: S.SegmentParams, querystring: S.SegmentEnterprisesQuery, response: { 200: S.SegmentProposals } },
    },
    async (req) => (await proposals()).segmentProposals(req.ctx, req.params.id, req.params.key, req.query),
  );
  app.post(
    '/api/atlas/chains/:id/segments/:key/proposals',
    {
      config: { permission: 'enterprise.decide' },
      schema: { tags, description: 'Link the chosen proposed enterprises to the segment (product evidence, uncertain; audited)', params: S.SegmentParams, body: S.LinkProposalsBody, response: { 200: S.LinkProposalsResult } },
    },
    async (req) => (await proposals()).linkProposals(req.ctx, req.params.id, req.params.key, req.body),
  );
  app.post(
    '/api/atlas/chains/import',
    {
      config: { permission: 'chain.import' },
      schema: { tags, description: 'Import a chain file, JSON or .xlsx (multipart field "file"); with dryRun, what would change, nothing written', querystring: S.DryRunQuery, response: { 200: S.ChainImportResponse } },
    },
    async (req) => {
      const { importChain, readChainUpload } = await import('./atlas.chains.service.ts');
      const { fileName, bytes } = await readUpload(req, MAX_CHAIN_BYTES);
      const { value, places } = await readChainUpload(bytes, fileName);
      return importChain(req.ctx, value, { dryRun: req.query.dryRun ?? false, fileName, places });
    },
  );
  app.post(
    '/api/atlas/enterprises/uploads',
    { config: { permission: 'enterprise.import' }, schema: { tags, description: 'Upload an enterprise file (CSV or xlsx, multipart field "file"): kept for the import, previewed with its columns', response: { 200: S.FilePreview } } },
    async (req) => {
      const { fileName, bytes } = await readUpload(req, MAX_ENTERPRISE_BYTES);
      return (await jobs()).previewUpload(req.ctx, fileName, bytes);
    },
  );
  app.post(
    '/api/atlas/enterprises/imports',
    { config: { permission: 'enterprise.import' }, schema: { tags, description: 'Dry-run or import an uploaded file in the background; poll GET /api/atlas/enterprises/imports/:id', body: S.ImportStart, response: { 202: S.ImportJob } } },
    async (req, reply) => {
      reply.status(202);
      return (await jobs()).startImport(req.ctx, req.body);
    },
  );
  app.get(
    '/api/atlas/enterprises/imports/:id',
    { config: { permission: 'enterprise.import' }, schema: { tags, description: "An import's progress, result or row-level error report", params: S.JobParams, response: { 200: S.ImportJob } } },
    async (req) => (await jobs()).getImportJob(req.ctx, req.params.id),
  );
}
