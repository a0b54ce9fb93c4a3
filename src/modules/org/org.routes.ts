import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
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
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['org'];

  app.post('/api/auth/login', { config: { permission: 'public' }, schema: { tags, body: S.LoginBody } }, async (req, reply) => {
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
  app.post('/api/auth/logout', { config: { permission: 'signed-in' }, schema: { tags } }, async (req, reply) => {
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
  app.post('/api/auth/password', { config: { permission: 'user.changeOwnPassword' }, schema: { tags, body: S.PasswordBody } }, async (req) => {
    await accounts.setPassword(req.ctx, req.actor.userId!, { ...req.body, keepSessionHash: req.session!.tokenHash });
    return { ok: true };
  });

  app.get('/api/regions', { config: { permission: 'public' }, schema: { tags } }, async (req) => org.listRegions(req.ctx));

  app.get(
    '/api/units',
    { config: { permission: 'unit.read' }, schema: { tags, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })), includeInactive: Type.Optional(Type.Boolean()) }) } },
    async (req) => org.listUnits(req.ctx, req.query),
  );
  app.get('/api/units/:id', { config: { permission: 'unit.read' }, schema: { tags, params: S.IdParams } }, async (req) => org.getUnit(req.ctx, req.params.id));
  app.post('/api/units', { config: { permission: 'unit.create' }, schema: { tags, body: S.UnitCreateBody } }, async (req, reply) => {
    reply.status(201);
    return org.createUnit(req.ctx, req.body);
  });
  app.patch('/api/units/:id', { config: { permission: 'unit.update' }, schema: { tags, params: S.IdParams, body: S.UnitPatchBody } }, async (req) =>
    org.updateUnit(req.ctx, req.params.id, req.body),
  );
  app.delete('/api/units/:id', { config: { permission: 'unit.delete' }, schema: { tags, params: S.IdParams } }, async (req, reply) => {
    await org.deleteUnit(req.ctx, req.params.id);
    reply.status(204);
  });

  app.get(
    '/api/people',
    { config: { permission: 'person.read' }, schema: { tags, querystring: Type.Object({ unitId: Type.Optional(Type.String({ format: 'uuid' })), leadersOnly: Type.Optional(Type.Boolean()) }) } },
    async (req) => org.listPeople(req.ctx, req.query),
  );
  app.post('/api/people', { config: { permission: 'person.create' }, schema: { tags, body: S.PersonBody } }, async (req, reply) => {
    reply.status(201);
    return org.createPerson(req.ctx, req.body);
  });
  app.patch('/api/people/:id', { config: { permission: 'person.update' }, schema: { tags, params: S.IdParams, body: Type.Partial(S.PersonBody) } }, async (req) =>
    org.updatePerson(req.ctx, req.params.id, req.body),
  );

  app.get('/api/users', { config: { permission: 'user.list' }, schema: { tags } }, async (req) => accounts.listUsers(req.ctx));
  app.post('/api/users', { config: { permission: 'user.create' }, schema: { tags, body: S.UserCreateBody } }, async (req, reply) => {
    reply.status(201);
    return accounts.createUser(req.ctx, req.body);
  });
  app.patch('/api/users/:id', { config: { permission: 'user.update' }, schema: { tags, params: S.IdParams, body: S.UserPatchBody } }, async (req) =>
    accounts.updateUser(req.ctx, req.params.id, req.body),
  );
  app.put('/api/users/:id/roles', { config: { permission: 'user.setRoles' }, schema: { tags, params: S.IdParams, body: S.RolesBody } }, async (req) =>
    accounts.setUserRoles(req.ctx, req.params.id, req.body.roles),
  );
  app.post(
    '/api/users/:id/password',
    { config: { permission: 'user.resetPassword' }, schema: { tags, params: S.IdParams, body: S.PasswordBody } },
    async (req) => {
      await accounts.setPassword(req.ctx, req.params.id, req.body);
      return { ok: true };
    },
  );

  app.get('/api/audit', { config: { permission: 'audit.read' }, schema: { tags, querystring: S.AuditQueryString } }, async (req) =>
    org.listAudit(req.ctx, req.query),
  );
  app.get('/api/audit/labels', { config: { permission: 'audit.read' }, schema: { tags } }, async (req) =>
    org.auditLabels(req.ctx, opts.auditLabels ?? { entities: {}, actions: {} }),
  );
}
