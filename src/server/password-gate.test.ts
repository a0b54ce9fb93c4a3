import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import type { DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { DEMO_PASSWORD } from '../modules/org/org.seed.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

async function signIn(username: string, password: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(res.statusCode).toBe(200);
  const cookies = { luoshi_session: res.cookies.find((c) => c.name === 'luoshi_session')!.value };
  const headers = { 'x-csrf-token': res.json().csrfToken as string };
  return (method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url, payload, cookies, headers });
}

describe('an account that must change its password', () => {
  it('reaches only me, sign-out, change password and health until it has changed it', async () => {
    const admin = await signIn('admin', DEMO_PASSWORD);
    const temporary = 'Temp-pass-2026';
    const created = await admin('POST', '/api/users', { username: 'newcomer', displayName: '新同事', password: temporary, mustChangePassword: true, roles: [{ role: 'supervisor' }] });
    expect(created.statusCode).toBe(201);

    const user = await signIn('newcomer', temporary);
    for (const url of ['/api/units', '/api/%61pi/units', '/api/audit', '/api/plans']) {
      const res = await user('GET', url.replace('/api/%61pi', '/%61pi'));
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'password_change_required', message: expect.stringMatching(/修改密码.* \/ change your password/) });
    }
    expect((await user('POST', '/api/units', { regionCode: '120000', parentId: null, name: '不该建成', kind: 'office' })).statusCode).toBe(403);
    expect((await user('GET', '/api/health')).statusCode).toBe(200);
    const me = await user('GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().must_change_password).toBe(true);

    const changed = await user('POST', '/api/auth/password', { currentPassword: temporary, newPassword: 'My-own-pass-2026' });
    expect(changed.statusCode).toBe(200);
    expect((await user('GET', '/api/units')).statusCode).toBe(200);
    expect((await user('GET', '/api/auth/me')).json().must_change_password).toBe(false);
  });
});
