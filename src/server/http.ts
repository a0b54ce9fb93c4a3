import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../lib/errors.ts';
import { errorBody } from './error-body.ts';
import { ErrorResponse } from '../lib/typebox.ts';
import { ForbiddenError, recordChecks, type RuleName } from '../lib/abilities.ts';
import type { ServiceContext } from './service-context.ts';
import { PUBLIC_ACTOR, type Actor } from '../modules/org/org.policy.ts';
import { cachedSessionIdentity, sessionIdentity } from '../modules/org/org.accounts.service.ts';
import type { SessionIdentity } from '../modules/org/org.session-cache.ts';
import type { Db } from './db.ts';
import { databaseConflict } from './database-errors.ts';

export const SESSION_COOKIE = 'luoshi_session';

/**
 * What a route must declare: `public` (anyone), `signed-in` (any account; the service checks the record),
 * or the name of the policy rule its service enforces, e.g. `unit.update`.
 */
export type RoutePermission = 'public' | 'signed-in' | RuleName;

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    actor: Actor;
    session: SessionIdentity['session'] | null;
    /** The signed-in account (from the session cache), so a route need not read it again. */
    account: SessionIdentity['user'] | null;
    ctx: ServiceContext;
  }
}

/** Every route registered, with what it declared; a test reads this to fail on undeclared routes. */
export interface DeclaredRoute {
  method: string;
  url: string;
  permission: RoutePermission | undefined;
  /** The statuses its response schema describes, e.g. ['200', '4xx', '5xx']; empty without one. */
  responses: string[];
}

/**
 * Registers the error shape, sessions, CSRF and the route-permission guard on an app. With `spaIndex`, unknown
 * GET paths outside /api answer the web UI's index.html (served by @fastify/static), so client routes load; a path
 * `pageHtml` has a page for gets that page instead (index.html with the page's chunks preloaded, src/server/page-preloads.ts).
 */
export function registerHttpBasics(
  app: FastifyInstance,
  db: Db,
  routes: DeclaredRoute[],
  opts: { spaIndex?: boolean; pageHtml?: (urlPath: string) => string | undefined } = {},
): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const permission = (route.config as { permission?: RoutePermission } | undefined)?.permission;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url, permission, responses: Object.keys(route.schema?.response ?? {}) });
    if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && !permission) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no permission (config.permission)`);
    }
    // Every API route answers errors in one shape; the OpenAPI document says so, and it is serialized by it.
    if (route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && route.schema?.response) {
      route.schema.response = { '4xx': ErrorResponse, '5xx': ErrorResponse, ...(route.schema.response as object) };
    }
  });

  app.decorateRequest('actor', null as never);
  app.decorateRequest('session', null);
  app.decorateRequest('account', null);
  app.decorateRequest('ctx', null as never);

  // Both hooks run on every request, so they take Fastify's callback form: a request whose session is in the
  // identity cache, which is nearly every one, then costs no promise and no extra turn of the event loop.
  // Each request gets its own actor object, so the permission checks its services make are recorded for it alone.
  const signIn = (request: FastifyRequest, identity: SessionIdentity | null) => {
    if (identity) {
      request.session = identity.session;
      request.actor = { ...identity.actor, requestId: request.id };
      request.account = identity.user;
    } else {
      request.actor = { ...PUBLIC_ACTOR, requestId: request.id };
    }
    request.ctx = { db, actor: request.actor, checks: recordChecks(request.actor) };
  };
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    reply.header('x-request-id', request.id);
    const token = request.cookies?.[SESSION_COOKIE];
    const known = token ? cachedSessionIdentity(token, request.id) : null;
    if (!token || known) {
      signIn(request, known);
      return done();
    }
    sessionIdentity(db, token, request.id).then(
      (identity) => {
        signIn(request, identity);
        done();
      },
      (error: Error) => {
        signIn(request, null);
        done(error);
      },
    );
  });

  // Keyed on the matched route, not on request.url: the router decodes the path, so `/%61pi/units/1` reaches the
  // same handler as `/api/units/1` and must meet the same checks. preParsing runs before the body is read or
  // validated, so a request that fails here costs no parsing and changes nothing.
  app.addHook('preParsing', (request: FastifyRequest, _reply: FastifyReply, payload, done) => {
    const permission = request.routeOptions.config?.permission;
    if (permission && permission !== 'public' && request.actor.kind === 'public') {
      return done(new ForbiddenError(`${request.method} ${request.routeOptions.url}`, false));
    }
    // Every state-changing request carrying a session needs its token, whatever route (or spelling) it reaches.
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS' && request.session) {
      const sent = request.headers['x-csrf-token'];
      const expected = request.session.csrfToken;
      const ok =
        typeof sent === 'string' && sent.length === expected.length && crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
      if (!ok) return done(new AppError('csrf', 403, 'CSRF 校验失败，请刷新页面 / missing or wrong CSRF token; reload the page'));
    }
    done(null, payload);
  });

  app.setErrorHandler((error: Error & { validation?: unknown[]; statusCode?: number; code?: string }, request, reply) => {
    const conflict = databaseConflict(error);
    if (conflict) {
      request.log.info({ err: error }, 'database conflict answered with 409');
      error = conflict;
    }
    if (error instanceof AppError) {
      const retryAfter = (error as AppError & { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if (error instanceof ForbiddenError) {
      const status = error.signedIn ? 403 : 401;
      // ForbiddenError's message is already "中文 / English"; errorBody splits it into zh and en.
      return reply.status(status).send(errorBody(error.signedIn ? 'forbidden' : 'unauthenticated', error.message));
    }
    if (error.validation) {
      const details = (error.validation as { instancePath?: string; params?: Record<string, unknown>; message?: string }[]).map((v) => ({
        field:
          (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') ||
          String(v.params?.missingProperty ?? v.params?.additionalProperty ?? (error as { validationContext?: string }).validationContext ?? ''),
        message: v.message ?? 'invalid',
      }));
      return reply.status(400).send(errorBody('invalid_input', `输入有误 / invalid input: ${error.message}`, details));
    }
    if (error.code === 'FST_ERR_HANDLER_TIMEOUT') {
      // The handler keeps running to its end (its transaction commits or not); the client is told to retry later.
      request.log.warn({ url: request.url }, 'request timed out');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send(errorBody('timeout', `请求超时，请稍后重试 / the request took too long (request ${request.id}); retry later`));
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody(error.code ?? 'bad_request', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal', `服务器内部错误 / internal error (request ${request.id})`));
  });

  app.setNotFoundHandler((request, reply) => {
    // Client routes (/plans/…) get the UI's page; a missing file (/assets/old-hash.js after a redeploy) gets a 404.
    const urlPath = request.url.split('?')[0]!;
    const isFile = /\.[a-z0-9]{1,8}$/i.test(urlPath);
    if (opts.spaIndex && request.method === 'GET' && !request.url.startsWith('/api/') && !isFile) {
      const page = opts.pageHtml?.(urlPath);
      if (page) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
      return reply.type('text/html').sendFile('index.html');
    }
    reply.status(404).send(errorBody('not_found', `没有这个接口 / No route ${request.method} ${request.url}`));
  });
}
