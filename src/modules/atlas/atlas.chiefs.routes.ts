import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sendDownload } from '../../lib/http-files.ts';
import { FileResponse, type ApiTypeProvider } from '../../lib/typebox.ts';
import * as S from './atlas.chiefs.schema.ts';

const IdParams = Type.Object({ id: Type.String({ description: 'The chain’s id' }) });
const ItemParams = Type.Object({ id: Type.String({ description: 'The chain’s id' }), itemId: Type.String({ description: 'The list item’s id' }) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * HTTP routes of the chain-chief system (链长制): a region's record of a chain (`region=`, the caller's own by default),
 * read by everyone signed in, kept by the region's chain office; exported as the workbook the offices file.
 */
export async function atlasChiefRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['atlas'];
  const chiefs = () => import('./atlas.chiefs.service.ts');

  app.get(
    '/api/atlas/chains/:id/chief',
    { config: { permission: 'chief.read' }, schema: { tags, description: 'A region’s chain-chief record (链长制) of a chain with its lists', params: IdParams, querystring: S.ChiefQuery, response: { 200: S.ChiefRecord } } },
    async (req) => (await chiefs()).getChief(req.ctx, req.params.id, req.query),
  );
  app.put(
    '/api/atlas/chains/:id/chief',
    { config: { permission: 'chief.edit' }, schema: { tags, description: 'Sets 链长, 副链长, 链长办 and the working group of a region’s record', params: IdParams, querystring: S.ChiefQuery, body: S.ChiefHeadBody, response: { 200: S.ChiefRecord } } },
    async (req) => (await chiefs()).updateChiefHead(req.ctx, req.params.id, req.query.region, req.body),
  );
  app.post(
    '/api/atlas/chains/:id/chief/items',
    { config: { permission: 'chief.edit' }, schema: { tags, description: 'Adds an item to one of the record’s lists', params: IdParams, querystring: S.ChiefQuery, body: S.ChiefItemBody, response: { 200: S.ChiefRecord } } },
    async (req) => (await chiefs()).addChiefItem(req.ctx, req.params.id, req.query.region, req.body),
  );
  app.patch(
    '/api/atlas/chains/:id/chief/items/:itemId',
    { config: { permission: 'chief.edit' }, schema: { tags, description: 'Changes an item of the record’s lists', params: ItemParams, querystring: S.ChiefQuery, body: S.ChiefItemPatch, response: { 200: S.ChiefRecord } } },
    async (req) => (await chiefs()).changeChiefItem(req.ctx, req.params.id, req.query.region, req.params.itemId, req.body),
  );
  app.delete(
    '/api/atlas/chains/:id/chief/items/:itemId',
    { config: { permission: 'chief.edit' }, schema: { tags, description: 'Deletes an item of the record’s lists', params: ItemParams, querystring: S.ChiefQuery, response: { 200: S.ChiefRecord } } },
    async (req) => (await chiefs()).removeChiefItem(req.ctx, req.params.id, req.query.region, req.params.itemId),
  );
  app.post(
    '/api/atlas/chains/:id/chief/track',
    {
      config: { permission: 'chief.edit' },
      schema: { tags, description: 'Follows chosen key projects (重点项目) in the ledger: a task each in the plan and, from 签约 on, a tracking project under it; nothing twice', params: IdParams, querystring: S.ChiefQuery, body: S.TrackKeyProjectsBody, response: { 200: S.TrackKeyProjectsResult } },
    },
    async (req) => (await import('./atlas.chiefs.tracking.service.ts')).trackKeyProjects(req.ctx, req.params.id, req.query.region, req.body),
  );
  app.get(
    '/api/atlas/chains/:id/chief/export',
    { config: { permission: 'chief.read' }, schema: { tags, params: IdParams, querystring: S.ChiefQuery, response: { 200: FileResponse(XLSX, 'The record as the workbook the offices file: 链长制, one sheet per list (清单), 台账 and 图谱') } } },
    async (req, reply) => {
      const file = await (await chiefs()).chiefWorkbook(req.ctx, req.params.id, req.query);
      return sendDownload(reply, file.fileName, XLSX, file.buffer);
    },
  );
}
