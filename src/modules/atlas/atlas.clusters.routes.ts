import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sendDownload } from '../../lib/http-files.ts';
import { FileResponse, OkResponse, type ApiTypeProvider } from '../../lib/typebox.ts';
import * as S from './atlas.clusters.schema.ts';

const IdParams = Type.Object({ id: Type.String({ description: 'The record’s id' }) });

/** HTTP routes of clusters (产业集群) and carrier zones (载体): read by everyone signed in, kept by the chain office. */
export async function atlasClusterRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['atlas'];
  const clusters = () => import('./atlas.clusters.service.ts');
  const files = () => import('./atlas.clusters.file.ts');

  app.get('/api/atlas/zones', { config: { permission: 'cluster.read' }, schema: { tags, description: 'Every carrier zone (载体) with the clusters it carries', response: { 200: Type.Array(S.Zone) } } }, async (req) =>
    (await clusters()).listZones(req.ctx),
  );
  app.post('/api/atlas/zones', { config: { permission: 'cluster.write' }, schema: { tags, description: 'Creates a carrier zone', body: S.ZoneBody, response: { 200: S.Zone } } }, async (req) =>
    (await clusters()).createZone(req.ctx, req.body),
  );
  app.get('/api/atlas/zones/:id', { config: { permission: 'cluster.read' }, schema: { tags, description: 'One carrier zone', params: IdParams, response: { 200: S.Zone } } }, async (req) =>
    (await clusters()).getZone(req.ctx, req.params.id),
  );
  app.put('/api/atlas/zones/:id', { config: { permission: 'cluster.write' }, schema: { tags, description: 'Changes a carrier zone', params: IdParams, body: S.ZoneBody, response: { 200: S.Zone } } }, async (req) =>
    (await clusters()).updateZone(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/atlas/zones/:id', { config: { permission: 'cluster.write' }, schema: { tags, description: 'Deletes a carrier zone no cluster grows around', params: IdParams, response: { 200: OkResponse } } }, async (req) =>
    (await clusters()).deleteZone(req.ctx, req.params.id),
  );

  app.get('/api/atlas/clusters', { config: { permission: 'cluster.read' }, schema: { tags, description: 'Every cluster (产业集群) with its headline figures', response: { 200: Type.Array(S.ClusterSummary) } } }, async (req) =>
    (await clusters()).listClusters(req.ctx),
  );
  app.post('/api/atlas/clusters', { config: { permission: 'cluster.write' }, schema: { tags, description: 'Creates a cluster', body: S.ClusterBody, response: { 200: S.ClusterDetail } } }, async (req) =>
    (await clusters()).createCluster(req.ctx, req.body),
  );
  app.get(
    '/api/atlas/clusters/export',
    { config: { permission: 'cluster.read' }, schema: { tags, response: { 200: FileResponse('application/json', 'Every cluster and carrier zone as an exchange file (docs/atlas-clusters.md)') } } },
    async (req, reply) => {
      const file = await (await files()).exportClusters(req.ctx);
      return sendDownload(reply, 'clusters.json', 'application/json; charset=utf-8', Buffer.from(JSON.stringify(file, null, 2) + '\n'));
    },
  );
  app.post(
    '/api/atlas/clusters/import',
    {
      config: { permission: 'cluster.write' },
      schema: { tags, description: 'Imports clusters and zones from an exchange file (by name: existing ones are updated); all or nothing', querystring: S.ClusterImportQuery, body: S.ClusterFile, response: { 200: S.ClusterImportResult } },
    },
    async (req) => (await files()).importClusters(req.ctx, req.body, { dryRun: req.query.dryRun }),
  );
  app.get(
    '/api/atlas/clusters/:id',
    { config: { permission: 'cluster.read' }, schema: { tags, description: 'A cluster with its zones, segment coverage (covered, missing), enterprises and as-of date', params: IdParams, querystring: S.ClusterQuery, response: { 200: S.ClusterDetail } } },
    async (req) => (await clusters()).clusterDetail(req.ctx, req.params.id, req.query),
  );
  app.put('/api/atlas/clusters/:id', { config: { permission: 'cluster.write' }, schema: { tags, description: 'Changes a cluster', params: IdParams, body: S.ClusterBody, response: { 200: S.ClusterDetail } } }, async (req) =>
    (await clusters()).updateCluster(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/atlas/clusters/:id', { config: { permission: 'cluster.write' }, schema: { tags, description: 'Deletes a cluster (its zones stay)', params: IdParams, response: { 200: OkResponse } } }, async (req) =>
    (await clusters()).deleteCluster(req.ctx, req.params.id),
  );
}
