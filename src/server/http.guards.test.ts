import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import type { DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { DeclaredRoute } from './http.ts';
import { DEMO_PASSWORD } from '../modules/org/org.seed.ts';
import { multipart } from '../../test/multipart.ts';

const TABLE = new URL('../../test/fixtures/real/plans/task-division-example.xlsx', import.meta.url).pathname;

let h: DatabaseHandle;
let app: FastifyInstance;
let routes: DeclaredRoute[];
let cookies: Record<string, string>;
let csrf: string;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app, routes } = await buildApp(loadConfig({}), h.db, { logger: false }));
  await app.ready();
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
  cookies = { luoshi_session: res.cookies.find((c) => c.name === 'luoshi_session')!.value };
  csrf = res.json().csrfToken;
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

/** As the signed-in admin; `withCsrf: false` sends the cookie alone, as a cross-site form would. */
const asAdmin = (opts: InjectOptions, withCsrf = true) =>
  app.inject({ ...opts, cookies, headers: { ...(opts.headers ?? {}), ...(withCsrf ? { 'x-csrf-token': csrf } : {}) } });


describe('CSRF and sign-in follow the route, however its path is spelled', () => {
  it('refuses PATCH /%61pi/units/<id> without the token and leaves the unit as it was', async () => {
    const units = (await asAdmin({ url: '/api/units' })).json().units as { id: string; short_name: string }[];
    const unit = units.find((u) => u.short_name === '市统计局')!;
    const res = await asAdmin({ method: 'PATCH', url: `/%61pi/units/${unit.id}`, payload: { shortName: '被改了' } }, false);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
    const after = (await asAdmin({ url: `/api/units/${unit.id}` })).json();
    expect(after.short_name).toBe('市统计局');
  });

  it('refuses PUT /%61pi/users/<id>/roles without the token: nobody becomes admin', async () => {
    const users = (await asAdmin({ url: '/api/users' })).json() as { id: string; username: string; roles: unknown }[];
    const list = Array.isArray(users) ? users : (users as unknown as { users: typeof users }).users;
    const swj = list.find((u) => u.username === 'swj')!;
    const res = await asAdmin({ method: 'PUT', url: `/%61pi/users/${swj.id}/roles`, payload: { roles: [{ role: 'admin' }] } }, false);
    expect(res.statusCode).toBe(403);
    const again = (await asAdmin({ url: '/api/users' })).json();
    const swjAfter = (Array.isArray(again) ? again : again.users).find((u: { username: string }) => u.username === 'swj');
    expect(swjAfter.roles).toEqual(swj.roles);
  });

  it('refuses a multipart replace import at /%61pi/tasks/import without the token and keeps the plan’s tasks', async () => {
    const upload = multipart('分工.xlsx', fs.readFileSync(TABLE));
    const imported = await asAdmin({ method: 'POST', url: '/api/tasks/import?confirm=true', headers: upload.headers, payload: upload.payload });
    expect(imported.statusCode, imported.body).toBe(200);
    const planId = imported.json().imported.planId as string;
    const taskIds = async () => ((await asAdmin({ url: `/api/plans/${planId}/tasks` })).json().tasks as { id: string }[]).map((t) => t.id).sort();
    const before = await taskIds();
    expect(before.length).toBeGreaterThan(0);
    const res = await asAdmin(
      { method: 'POST', url: `/%61pi/tasks/import?confirm=true&mode=replace&planId=${planId}`, headers: upload.headers, payload: upload.payload },
      false,
    );
    expect(res.statusCode).toBe(403);
    expect(await taskIds()).toEqual(before);
  });

  it('answers an anonymous /%61pi/auth/me with 401, not 500', async () => {
    const res = await app.inject({ url: '/%61pi/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it('checks sign-in before the body, so an anonymous invalid body gets 401', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/units', payload: { nonsense: true } });
    expect(res.statusCode).toBe(401);
  });

  it('holds for every declared route spelled /%61pi/…: anonymous gets 401, a session without its token 403', async () => {
    const guarded = routes.filter((r) => r.url.startsWith('/api/') && r.permission && r.permission !== 'public' && r.method !== 'HEAD');
    expect(guarded.length).toBeGreaterThan(30);
    const missed: string[] = [];
    for (const r of guarded) {
      const url = r.url.replace(/:\w+/g, '00000000-0000-4000-8000-000000000000').replace(/^\/api\//, '/%61pi/');
      const method = r.method as InjectOptions['method'];
      const anonymous = await app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
      if (anonymous.statusCode !== 401) missed.push(`anonymous ${r.method} ${url}: ${anonymous.statusCode}`);
      if (method !== 'GET') {
        const noToken = await asAdmin({ method, url, payload: {} }, false);
        if (noToken.statusCode !== 403) missed.push(`no token ${r.method} ${url}: ${noToken.statusCode}`);
      }
    }
    expect(missed).toEqual([]);
  });
});
