import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import type { DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

let demoDb: DatabaseHandle;
let emptyDb: DatabaseHandle;
const apps: FastifyInstance[] = [];

async function app(db: DatabaseHandle, demo: boolean): Promise<FastifyInstance> {
  const { app: built } = await buildApp(loadConfig({}, { demo }), db.db, { logger: false });
  apps.push(built);
  return built;
}

beforeAll(async () => {
  demoDb = await openTestDatabase('demo');
  emptyDb = await openTestDatabase('empty');
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await demoDb?.close();
  await emptyDb?.close();
});

describe('GET /api/demo-accounts (the sign-in page lists them)', () => {
  it('in demo mode names each demo account with its roles and the password, and that password signs in', async () => {
    const demoApp = await app(demoDb, true);
    const res = await demoApp.inject('/api/demo-accounts');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ password: string; accounts: { username: string; displayName: string; roles: string[] }[] }>();
    expect(body.accounts.map((a) => a.username)).toEqual(['admin', 'duban', 'leader', 'fgw', 'swj', 'gxj']);
    expect(body.accounts[0]).toEqual({ username: 'admin', displayName: '系统管理员（演示）', roles: ['admin'] });
    const login = await demoApp.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'duban', password: body.password } });
    expect(login.statusCode).toBe(200);
  });

  it('names no account outside demo mode, even on a database holding the demo accounts', async () => {
    const res = await (await app(demoDb, false)).inject('/api/demo-accounts');
    expect(res.json()).toEqual({ password: null, accounts: [] });
  });

  it('names no account in demo mode when the demo region was not loaded', async () => {
    const res = await (await app(emptyDb, true)).inject('/api/demo-accounts');
    expect(res.json()).toEqual({ password: null, accounts: [] });
  });
});
