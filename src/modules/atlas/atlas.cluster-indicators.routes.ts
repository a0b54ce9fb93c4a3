import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { readUpload, sendDownload } from '../../lib/http-files.ts';
import { FileResponse, OkResponse, type ApiTypeProvider } from '../../lib/typebox.ts';
import * as S from './atlas.cluster-indicators.schema.ts';

const IdParams = Type.Object({ id: Type.String({ description: 'The cluster’s id' }) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** HTTP routes of a cluster's indicators over time and its readiness checklist towards national status. */
export async function atlasClusterIndicatorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['atlas'];
  const service = () => import('./atlas.cluster-indicators.service.ts');

  app.get(
    '/api/atlas/clusters/:id/indicators',
    { config: { permission: 'cluster.read' }, schema: { tags, description: 'A cluster’s indicator values by year, and the counts computed from the directory', params: IdParams, response: { 200: S.IndicatorSeries } } },
    async (req) => (await service()).indicatorSeries(req.ctx, req.params.id),
  );
  app.put(
    '/api/atlas/clusters/:id/indicators',
    { config: { permission: 'cluster.write' }, schema: { tags, description: 'Sets values of a cluster’s series (a null value deletes it); all or nothing', params: IdParams, body: S.IndicatorValuesBody, response: { 200: S.IndicatorSeries } } },
    async (req) => (await service()).setIndicatorValues(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/atlas/clusters/:id/indicators/import',
    {
      config: { permission: 'cluster.write' },
      schema: { tags, description: 'Imports a table of values (.xlsx or .csv; multipart field "file"); with dryRun, what would change; nothing is saved from a table with errors', params: IdParams, querystring: S.IndicatorImportQuery, response: { 200: S.IndicatorImportResult } },
    },
    async (req) => {
      const file = await readUpload(req, 5 * 1024 * 1024);
      return (await service()).importIndicatorTable(req.ctx, req.params.id, file.bytes, file.fileName, { dryRun: Boolean(req.query.dryRun) });
    },
  );
  app.get(
    '/api/atlas/clusters/:id/indicators.xlsx',
    { config: { permission: 'cluster.read' }, schema: { tags, params: IdParams, response: { 200: FileResponse(XLSX, 'The cluster’s indicator values as an Excel workbook (明细, read back by the import; 按年)') } } },
    async (req, reply) => {
      const file = await (await service()).exportIndicatorTable(req.ctx, req.params.id);
      return sendDownload(reply, file.fileName, XLSX, file.bytes);
    },
  );
  app.get(
    '/api/atlas/clusters/:id/readiness',
    { config: { permission: 'cluster.read' }, schema: { tags, description: 'The readiness checklist towards national status (thresholds are illustrative defaults until set)', params: IdParams, querystring: S.ReadinessQuery, response: { 200: S.Readiness } } },
    async (req) => (await service()).clusterReadiness(req.ctx, req.params.id, { target: req.query.target }),
  );
  app.put(
    '/api/atlas/readiness-thresholds',
    { config: { permission: 'cluster.setThresholds' }, schema: { tags, description: 'Sets the readiness thresholds of a target level (null: back to the default)', body: S.ThresholdsBody, response: { 200: OkResponse } } },
    async (req) => (await service()).setReadinessThresholds(req.ctx, req.body),
  );
}
