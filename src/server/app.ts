import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { projectPath } from '../lib/project-root.ts';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.ts';
import { configureEvidenceLimit, configureReminders } from '../modules/tracking/index.ts';
import { configureFileLimits } from '../modules/documents/documents.worker.ts';
import type { Db } from './db.ts';
import { registerHttpBasics, type DeclaredRoute } from './http.ts';
import { Type } from 'typebox';
import { OkResponse } from '../lib/typebox.ts';
import { registerInputGuards } from './input-guards.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerOverloadGuard } from './overload.ts';
import { registerPasswordGate } from './password-gate.ts';
import { registerWebAssets } from './web-assets.ts';
import { registerDemoAccounts } from './demo-accounts.ts';
import { OneLinePerRequest, prettyLogStream } from './log-format.ts';
import { keySessionHashes } from '../modules/org/org.accounts.service.ts';
import { auditLabels, moduleCapabilities, modulePagePreloads, moduleRoutes } from './registry.ts';
import { pagePreloadHtml } from './page-preloads.ts';

export const WEB_DIST = projectPath('dist', 'web');

/** The assembled HTTP application and the routes it declared. */
export interface BuiltApp {
  app: FastifyInstance;
  routes: DeclaredRoute[];
}

/**
 * Builds the Fastify app: load shedding (503 + Retry-After beyond the in-flight cap, and a handler timeout), error shape, sessions and CSRF, OpenAPI and its browsable page, every module's routes,
 * and the built web UI when present (`opts.webDir`, default dist/web), compressed and cached (see web-assets.ts).
 */
export async function buildApp(config: Config, db: Db, opts: { logger?: boolean; webDir?: string; logStream?: { write(line: string): void } } = {}): Promise<BuiltApp> {
  // LOG_FORMAT=pretty (the default on a terminal): one readable line per request; json: pino's lines as they are.
  const pretty = config.logFormat === 'pretty';
  const out = opts.logStream;
  const stream = pretty ? prettyLogStream(out && ((text) => out.write(text))) : out;
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel, ...(stream ? { stream } : {}) },
    ...(pretty ? { logController: new OneLinePerRequest() } : {}),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    },
    bodyLimit: 10 * 1024 * 1024,
    handlerTimeout: config.requestTimeoutMs,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  });
  keySessionHashes(config.sessionSecret);
  configureFileLimits({ timeoutSeconds: config.fileTimeoutSeconds, heapMb: config.fileHeapMb });
  configureEvidenceLimit(config.evidenceMaxMb);
  configureReminders({ smtpUrl: config.smtpUrl, smtpFrom: config.smtpFrom, webhookHosts: config.webhookHosts });
  const routes: DeclaredRoute[] = [];
  await app.register(cookie);
  await registerSecurityHeaders(app, { secure: config.secureCookies });
  const webDir = opts.webDir ?? WEB_DIST;
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  registerOverloadGuard(app, config);
  registerHttpBasics(app, db, routes, { spaIndex: hasWeb, pageHtml: hasWeb ? pagePreloadHtml(webDir, modulePagePreloads()) : undefined });
  registerInputGuards(app);
  registerPasswordGate(app);
  await app.register(multipart, { limits: { fileSize: 100 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Luoshi 落实 API', version: '0.1.0', description: '督查督办、产业链图谱、经济复杂度与对接活动的开放接口' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'luoshi_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true, response: { 200: Type.Unknown({ description: 'This OpenAPI document' }) } } }, async () => app.swagger());
  app.get('/api/health', { config: { permission: 'public' }, schema: { tags: ['system'], response: { 200: OkResponse } } }, async () => ({ ok: true }));
  registerDemoAccounts(app, db, config.demo);

  // Every module's routes, in registry order (org first), each told what the modules declare together.
  const options = { secureCookies: config.secureCookies, capabilities: await moduleCapabilities(), auditLabels: auditLabels() };
  for (const register of await moduleRoutes()) await app.register(register, options);

  if (hasWeb) await registerWebAssets(app, webDir);
  return { app, routes };
}
