import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { readUpload } from '../../lib/http-files.ts';
import { OkResponse, type ApiTypeProvider } from '../../lib/typebox.ts';
import * as S from './atlas.intermediaries.schema.ts';

const IdParams = Type.Object({ id: Type.String({ description: 'The record’s id' }) });
/** The largest member file accepted. */
const MAX_MEMBER_FILE_BYTES = 10 * 1024 * 1024;

/**
 * HTTP routes of intermediaries (协会、联盟、中介机构): read by everyone signed in, kept (with their member lists) by
 * the atlas's keepers; an enterprise's memberships; the 对接渠道 of a chain's 堵点.
 */
export async function atlasIntermediaryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['atlas'];
  const service = () => import('./atlas.intermediaries.service.ts');

  app.get(
    '/api/atlas/intermediaries',
    { config: { permission: 'intermediary.read' }, schema: { tags, description: 'Intermediaries, filtered by chain, cluster, kind, region or name', querystring: S.IntermediaryQuery, response: { 200: Type.Array(S.IntermediarySummary) } } },
    async (req) => (await service()).listIntermediaries(req.ctx, req.query),
  );
  app.post('/api/atlas/intermediaries', { config: { permission: 'intermediary.write' }, schema: { tags, description: 'Creates an intermediary', body: S.IntermediaryBody, response: { 200: S.IntermediaryDetail } } }, async (req) =>
    (await service()).createIntermediary(req.ctx, req.body),
  );
  app.get(
    '/api/atlas/intermediaries/memberships',
    { config: { permission: 'intermediary.read' }, schema: { tags, description: 'The intermediaries an enterprise (by USCC) is a member of, in every region', querystring: S.MembershipQuery, response: { 200: Type.Array(S.Membership) } } },
    async (req) => (await service()).membershipsOf(req.ctx, req.query.uscc),
  );
  app.get(
    '/api/atlas/intermediaries/:id',
    { config: { permission: 'intermediary.read' }, schema: { tags, description: 'An intermediary with its members and the chains and clusters it serves', params: IdParams, response: { 200: S.IntermediaryDetail } } },
    async (req) => (await service()).getIntermediary(req.ctx, req.params.id),
  );
  app.put(
    '/api/atlas/intermediaries/:id',
    { config: { permission: 'intermediary.write' }, schema: { tags, description: 'Changes an intermediary (its members stay)', params: IdParams, body: S.IntermediaryBody, response: { 200: S.IntermediaryDetail } } },
    async (req) => (await service()).updateIntermediary(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/atlas/intermediaries/:id', { config: { permission: 'intermediary.write' }, schema: { tags, description: 'Deletes an intermediary and its member list', params: IdParams, response: { 200: OkResponse } } }, async (req) =>
    (await service()).deleteIntermediary(req.ctx, req.params.id),
  );
  app.post(
    '/api/atlas/intermediaries/:id/members',
    { config: { permission: 'intermediary.write' }, schema: { tags, description: 'Adds a member enterprise by USCC (it must be in the directory); one already a member is refused (409): change it with PATCH', params: IdParams, body: S.MemberBody, response: { 200: S.IntermediaryDetail } } },
    async (req) => (await service()).addMember(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/atlas/intermediaries/:id/members/import',
    {
      config: { permission: 'intermediary.write' },
      schema: {
        tags,
        description: 'Imports members from a CSV or xlsx file (multipart field "file"; columns 统一社会信用代码, 职务, 入会时间); any row’s error saves nothing',
        params: IdParams,
        querystring: S.MemberImportQuery,
        response: { 200: S.MemberImportResult },
      },
    },
    async (req) => {
      const { fileName, bytes } = await readUpload(req, MAX_MEMBER_FILE_BYTES);
      return (await import('./atlas.intermediaries.file.ts')).importMemberFile(req.ctx, req.params.id, { bytes, fileName: req.query.fileName ?? fileName }, { dryRun: req.query.dryRun });
    },
  );
  app.patch(
    '/api/atlas/intermediaries/:id/members/:uscc',
    { config: { permission: 'intermediary.write' }, schema: { tags, description: 'Changes a member’s role or date joined', params: S.MemberParams, body: S.MemberPatch, response: { 200: S.IntermediaryDetail } } },
    async (req) => (await service()).updateMember(req.ctx, req.params.id, req.params.uscc, req.body),
  );
  app.delete(
    '/api/atlas/intermediaries/:id/members/:uscc',
    { config: { permission: 'intermediary.write' }, schema: { tags, description: 'Removes a member', params: S.MemberParams, response: { 200: S.IntermediaryDetail } } },
    async (req) => (await service()).removeMember(req.ctx, req.params.id, req.params.uscc),
  );
  app.get(
    '/api/atlas/chains/:id/gap-channels',
    {
      config: { permission: 'intermediary.read' },
      schema: { tags, description: '对接渠道 of a chain’s 堵点: per gap, the intermediaries serving the chain whose members include its candidates', params: IdParams, querystring: S.GapChannelsQuery, response: { 200: S.GapChannels } },
    },
    async (req) => (await service()).chainGapChannels(req.ctx, req.params.id, req.query),
  );
}
