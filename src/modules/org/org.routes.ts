import type { FastifyInstance } from 'fastify';
import { OkResponse, NoContent, type ApiTypeProvider } from '../../lib/typebox.ts';
import { Type } from 'typebox';
import { SESSION_COOKIE } from '../../server/http.ts';
import * as org from './org.service.ts';
import * as accounts from './org.accounts.service.ts';
import * as S from './org.schema.ts';
import type { AuditLabels } from '../../server/module.ts';

/**
 * HTTP routes of the org module: thin — validate, call one service function, return. `opts` come from app.ts:
 * every module's `can` flags and audit names (src/server/registry.ts).
 */
export async function orgRoutes(fastify: FastifyInstance, opts: { secureCookies: boolean; capabilities?: accounts.Capabilities; auditLabels?: AuditLabels }) {
  const app = fastify.withTypeProvider<ApiTypeProvider>();
  const tags = ['org'];

  app.post('/api/auth/login', { config: { permission: 'public' }, schema: { tags, body: S.LoginBody, response: { 200: S.LoginResponse } } }, async (req, reply) => {
    const session = await accounts.login(req.ctx.db, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id });
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: opts.secureCookies,
      maxAge: session.maxAgeSeconds,
    });
    return { csrfToken: session.csrfToken };
  });
  app.post('/api/auth/logout', { config: { permission: 'signed-in' }, schema: { tags, response: { 200: OkResponse } } }, async (req, reply) => {
    await accounts.logout(req.ctx.db, req.cookies[SESSION_COOKIE]!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  // The answer depends only on the session's cached identity: its account object (one per session, replaced
  // whenever the cache is cleared by a change to who may do what) keys the answer, built once.
  const answers = new WeakMap<object, accounts.MeView & { csrfToken: string }>();
  app.get('/api/auth/me', { config: { permission: 'signed-in' }, schema: { tags, response: { 200: S.MeResponse } } }, async (req) => {
    const account = req.account;
    const known = account && answers.get(account);
    if (known?.csrfToken === req.session!.csrfToken) return known;
    const answer = { ...(await accounts.me(req.ctx, opts.capabilities, account ?? undefined)), csrfToken: req.session!.csrfToken };
    if (account) answers.set(account, answer);
    return answer;
  });
  app.put(
    '/api/auth/me/locale',
    {
      config: { permission: 'user.changeOwnPassword' },
      schema: {
        tags,
        description: 'Saves the UI language to the signed-in account',
        body: Type.Object({ locale: Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')]) }),
        response: { 200: Type.Object({ locale: Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')]) }) },
      },
    },
    async (req) => accounts.setOwnLocale(req.ctx, req.body.locale),
  );
  app.post('/api/auth/password', { config: { permission: 'user.changeOwnPassword' }, schema: { tags, body: S.PasswordBody, response: { 200: OkResponse } } }, async (req) => {
    await accounts.setPassword(req.ctx, req.actor.userId!, { ...req.body, keepSessionHash: req.session!.tokenHash });
    return { ok: true };
  });

  app.get('/api/regions', { config: { permission: 'public' }, schema: { tags, response: { 200: Type.Array(S.RegionResponse) } } }, async (req) => org.listRegions(req.ctx));

  app.get(
    '/api/units',
    { config: { permission: 'unit.read' }, schema: { tags, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })), includeInactive: Type.Optional(Type.Boolean()) }), response: { 200: S.UnitListResponse } } },
    async (req) => org.listUnits(req.ctx, req.query),
  );
  app.get('/api/units/:id', { config: { permission: 'unit.read' }, schema: { tags, params: S.IdParams, response: { 200: S.UnitResponse } } }, async (req) => org.getUnit(req.ctx, req.params.id));
  app.post('/api/units', { config: { permission: 'unit.create' }, schema: { tags, body: S.UnitCreateBody, response: { 201: S.UnitResponse } } }, async (req, reply) => {
    reply.status(201);
    return org.createUnit(req.ctx, req.body);
  });
  app.patch('/api/units/:id', { config: { permission: 'unit.update' }, schema: { tags, params: S.IdParams, body: S.UnitPatchBody, response: { 200: S.UnitResponse } } }, async (req) =>
    org.updateUnit(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/units/:id', { config: { permission: 'unit.delete' }, schema: { tags, params: S.IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await org.deleteUnit(req.ctx, req.params.id);
    reply.status(204);
  });

  app.get(
    '/api/people',
    { config: { permission: 'person.read' }, schema: { tags, querystring: Type.Object({ unitId: Type.Optional(Type.String({ format: 'uuid' })), leadersOnly: Type.Optional(Type.Boolean()) }), response: { 200: Type.Array(S.PersonResponse) } } },
    async (req) => org.listPeople(req.ctx, req.query),
  );
  app.post('/api/people', { config: { permission: 'person.create' }, schema: { tags, body: S.PersonBody, response: { 201: S.PersonResponse } } }, async (req, reply) => {
    reply.status(201);
    return org.createPerson(req.ctx, req.body);
  });
  app.patch('/api/people/:id', { config: { permission: 'person.update' }, schema: { tags, params: S.IdParams, body: Type.Partial(S.PersonBody), response: { 200: S.PersonResponse } } }, async (req) =>
    org.updatePerson(req.ctx, req.params.id, req.body),
  );

  app.get('/api/users', { config: { permission: 'user.list' }, schema: { tags, response: { 200: Type.Array(S.UserResponse) } } }, async (req) => accounts.listUsers(req.ctx));
  app.post('/api/users', { config: { permission: 'user.create' }, schema: { tags, body: S.UserCreateBody, response: { 201: S.UserResponse } } }, async (req, reply) => {
    reply.status(201);
    return accounts.createUser(req.ctx, req.body);
  });
  app.patch('/api/users/:id', { config: { permission: 'user.update' }, schema: { tags, params: S.IdParams, body: S.UserPatchBody, response: { 200: S.UserResponse } } }, async (req) =>
    accounts.updateUser(req.ctx, req.params.id, req.body),
  );
  app.put('/api/users/:id/roles', { config: { permission: 'user.setRoles' }, schema: { tags, params: S.IdParams, body: S.RolesBody, response: { 200: S.UserResponse } } }, async (req) =>
    accounts.setUserRoles(req.ctx, req.params.id, req.body.roles),
  );
  app.post(
    '/api/users/:id/password',
    { config: { permission: 'user.resetPassword' }, schema: { tags, params: S.IdParams, body: S.PasswordBody, response: { 200: OkResponse } } },
    async (req) => {
      await accounts.setPassword(req.ctx, req.params.id, req.body);
      return { ok: true };
    },
  );

  app.get('/api/audit', { config: { permission: 'audit.read' }, schema: { tags, querystring: S.AuditQueryString, response: { 200: Type.Array(S.AuditEntryResponse) } } }, async (req) =>
    org.listAudit(req.ctx, req.query),
  );
  app.get('/api/audit/labels', { config: { permission: 'audit.read' }, schema: { tags, response: { 200: S.AuditLabelsResponse } } }, async (req) =>
    org.auditLabels(req.ctx, opts.auditLabels ?? { entities: {}, actions: {} }),
  );
}
