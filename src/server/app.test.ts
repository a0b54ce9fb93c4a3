import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import type { DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { DeclaredRoute, RoutePermission } from './http.ts';
import { policyRuleNames } from '../lib/abilities.ts';
import { DEMO_PASSWORD } from '../modules/org/org.seed.ts';
import { keySessionHashes } from '../modules/org/org.accounts.service.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let routes: DeclaredRoute[];

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app, routes } = await buildApp(loadConfig({}), h.db, { logger: false }));
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

/** Signs in through the API and returns a helper that sends the cookie and CSRF token. */
async function signIn(username: string, password = DEMO_PASSWORD, ip = '127.0.0.1') {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'luoshi_session')!;
  const csrf = res.json().csrfToken as string;
  return (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, withCsrf = true): Promise<LightMyRequestResponse> =>
    app.inject({ method, url, payload: payload as object, cookies: { luoshi_session: cookie.value }, headers: withCsrf ? { 'x-csrf-token': csrf } : {} });
}

describe('routes', () => {
  it('every API route declares its permission or says it is public', () => {
    const api = routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    expect(api.length).toBeGreaterThan(15);
    expect(api.filter((r) => !r.permission).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('every API route describes its success answer with a response schema (the UI reads its types from them)', () => {
    const api = routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(50);
    const lacking = api.filter((r) => !r.responses.some((status) => /^2(\d\d|xx)$/.test(status))).map((r) => `${r.method} ${r.url}`);
    expect(lacking, 'routes without a 2xx response schema (add one in the module\'s *.schema.ts)').toEqual([]);
  });

  it('types a route permission as a rule of some policy, so a misspelt one fails the type check', () => {
    // @ts-expect-error 'plan.raed' names no policy rule (npm run check fails if this line compiles)
    const misspelt: RoutePermission = 'plan.raed';
    const declared = routes.map((r) => r.permission).filter((p): p is RoutePermission => p !== undefined && p !== 'public' && p !== 'signed-in');
    expect(declared.length).toBeGreaterThan(40);
    expect(declared.filter((p) => !policyRuleNames().has(p))).toEqual([]);
    expect(policyRuleNames().has(misspelt)).toBe(false);
  });

  it('documents errors in the one shared shape and downloads by their content type', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    const unit = doc.paths['/api/units/{id}'].get.responses;
    expect(unit['4XX'].content['application/json'].schema.properties.error.required).toEqual(['code', 'message', 'zh', 'en', 'details']);
    const xlsx = doc.paths['/api/plans/{id}/tasks.xlsx'].get.responses['200'];
    expect(Object.keys(xlsx.content)).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });

  it('serves the OpenAPI document and the browsable API page', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/units/{id}');
    const page = await app.inject('/api/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/swagger/i);
  });
});

describe('sessions', () => {
  it('sets an httpOnly, SameSite session cookie and answers /me with abilities', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'fgw', password: DEMO_PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'luoshi_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = await app.inject({ url: '/api/auth/me', cookies: { luoshi_session: cookie.value } });
    expect(me.json()).toMatchObject({ username: 'fgw', can: { manageUnits: false, manageUsers: false, readAudit: false, createPlans: true } });
  });

  it('gives each session of one account its own CSRF token on /me, however often it is asked', async () => {
    const tokens = [];
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'fgw', password: DEMO_PASSWORD } });
      const cookie = res.cookies.find((c) => c.name === 'luoshi_session')!.value;
      const csrf = res.json().csrfToken as string;
      for (let j = 0; j < 2; j++) expect((await app.inject({ url: '/api/auth/me', cookies: { luoshi_session: cookie } })).json().csrfToken).toBe(csrf);
      tokens.push(csrf);
    }
    expect(new Set(tokens).size).toBe(2);
  });

  it('answers the public with 401 and a wrong role with 403, in the one error shape', async () => {
    const anon = await app.inject('/api/units');
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('unauthenticated');
    const viewer = await signIn('swj');
    const audit = await viewer('GET', '/api/audit');
    expect(audit.statusCode).toBe(403);
    expect(audit.json()).toEqual({
      error: { code: 'forbidden', message: expect.stringMatching(/^Not allowed: /), zh: expect.stringMatching(/^无权进行此操作：/), en: expect.stringMatching(/^Not allowed: /), details: [] },
    });
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const admin = await signIn('admin');
    const units = (await admin('GET', '/api/units')).json().units;
    const stats = units.find((u: { short_name: string }) => u.short_name === '市统计局');
    const noToken = await admin('PATCH', `/api/units/${stats.id}`, { shortName: '统计局' }, false);
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf');
    const ok = await admin('PATCH', `/api/units/${stats.id}`, { shortName: '统计局' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().short_name).toBe('统计局');
  });

  it('slows repeated failed sign-ins at one address with a 429 and Retry-After, while the owner still signs in', async () => {
    const login = (password: string, ip: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'duban', password }, remoteAddress: ip });
    expect((await login(DEMO_PASSWORD, '10.9.0.1')).statusCode).toBe(200);
    for (let i = 0; i < 6; i++) expect((await login('wrong-password', '10.9.0.66')).statusCode).toBe(400);
    const slowed = await login('wrong-password', '10.9.0.66');
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    expect(slowed.json().error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/登录失败次数过多.* \/ too many failed sign-ins/) });
    expect((await login(DEMO_PASSWORD, '10.9.0.1')).statusCode).toBe(200);
  });

  it('takes no client address from X-Forwarded-For unless the sender is a configured proxy', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 53; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `probe${i}`, password: 'wrong-password' },
        remoteAddress: '10.8.0.1',
        headers: { 'x-forwarded-for': `100.64.${i}.9` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 51).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(51)).toEqual([429, 429]);
    const audited = await h.db.selectFrom('audit_log').select('summary').where('action', '=', 'login_failed').where('actor_name', 'like', 'probe%').execute();
    expect(audited).toHaveLength(51);
    expect(audited.filter((r) => !r.summary.endsWith('from 10.8.0.1'))).toEqual([]);

    const behindProxy = await buildApp(loadConfig({ LUOSHI_TRUST_PROXY: '10.8.1.1' }), h.db, { logger: false });
    try {
      const res = await behindProxy.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'proxied', password: 'wrong-password' },
        remoteAddress: '10.8.1.1',
        headers: { 'x-forwarded-for': '198.18.0.9' },
      });
      expect(res.statusCode).toBe(400);
      const row = await h.db.selectFrom('audit_log').select('summary').where('actor_name', '=', 'proxied').executeTakeFirstOrThrow();
      expect(row.summary).toMatch(/from 198\.18\.0\.9$/);
    } finally {
      await behindProxy.app.close();
    }
  });

  it('ends the session on logout', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leader', password: DEMO_PASSWORD } });
    const cookies = { luoshi_session: res.cookies[0].value };
    const headers = { 'x-csrf-token': res.json().csrfToken };
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', cookies, headers })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', cookies })).statusCode).toBe(401);
  });
});

describe('who a session is', () => {
  it('follows a role change on the very next request, and a deactivation ends access', async () => {
    const viewer = await signIn('swj');
    expect((await viewer('GET', '/api/audit')).statusCode).toBe(403);
    const admin = await signIn('admin');
    const users = (await admin('GET', '/api/users')).json();
    const swj = users.find((u: { username: string }) => u.username === 'swj');
    const granted = await admin('PUT', `/api/users/${swj.id}/roles`, { roles: [...swj.roles, { role: 'supervisor' }] });
    expect(granted.statusCode).toBe(200);
    expect((await viewer('GET', '/api/audit')).statusCode).toBe(200);
    expect((await admin('PATCH', `/api/users/${swj.id}`, { active: false })).statusCode).toBe(200);
    expect((await viewer('GET', '/api/auth/me')).statusCode).toBe(401);
  });
});

describe('input errors', () => {
  it('names the fields that are wrong', async () => {
    const admin = await signIn('admin');
    const res = await admin('POST', '/api/units', { regionCode: '12', parentId: null, name: '', kind: 'nonsense' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('invalid_input');
    const fields = body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['regionCode', 'name', 'kind']));
  });

  it('carries request ids', async () => {
    const res = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'req-123' } });
    expect(res.headers['x-request-id']).toBe('req-123');
  });
});

describe('abilities', () => {
  it('tells a unit editor which units it may change', async () => {
    const editor = await signIn('fgw');
    const { units, canCreate } = (await editor('GET', '/api/units')).json();
    expect(canCreate).toBe(false);
    const editable = units.filter((u: { abilities: string[] }) => u.abilities.includes('update')).map((u: { short_name: string }) => u.short_name);
    expect(editable).toEqual(['市发展改革委']);
  });
});


describe('LUOSHI_SESSION_SECRET', () => {
  const secretA = 'a'.repeat(16) + '-first-secret-32-chars';
  const secretB = 'b'.repeat(16) + '-other-secret-32-chars';
  const started: FastifyInstance[] = [];
  const start = async (secret: string) => {
    const built = await buildApp(loadConfig({ LUOSHI_SESSION_SECRET: secret }), h.db, { logger: false });
    started.push(built.app);
    return built.app;
  };
  afterAll(async () => {
    for (const a of started) await a.close();
    keySessionHashes(''); // the key is process-wide: back to unkeyed hashes
  });

  it('keys the stored session hash, keeps sessions across a restart with the same secret, and ends them all when it changes', async () => {
    const first = await start(secretA);
    const login = await first.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'fgw', password: DEMO_PASSWORD } });
    const token = login.cookies.find((c) => c.name === 'luoshi_session')!.value;
    const me = (a: FastifyInstance) => a.inject({ url: '/api/auth/me', cookies: { luoshi_session: token } }).then((r) => r.statusCode);
    expect(await me(first)).toBe(200);

    const plain = crypto.createHash('sha256').update(token).digest('base64url');
    const keyed = crypto.createHmac('sha256', secretA).update(token).digest('base64url');
    const stored = await h.db.selectFrom('sessions').select('token_hash').where('token_hash', 'in', [plain, keyed]).execute();
    expect(stored.map((s) => s.token_hash)).toEqual([keyed]);

    expect(await me(await start(secretA))).toBe(200);
    expect(await me(await start(secretB))).toBe(401);
  });
});
