import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import type { DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { DEMO_PASSWORD } from '../modules/org/org.seed.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let auth: { cookies: Record<string, string>; headers: Record<string, string> };

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  await app.ready();
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
  auth = { cookies: { luoshi_session: res.cookies.find((c) => c.name === 'luoshi_session')!.value }, headers: { 'x-csrf-token': res.json().csrfToken } };
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

const asAdmin = (opts: InjectOptions) => app.inject({ ...opts, cookies: auth.cookies, headers: { ...auth.headers, ...(opts.headers ?? {}) } });
const unitCount = async () => (await asAdmin({ url: '/api/units?includeInactive=true' })).json().units.length as number;
const newUnit = (name: string) => ({ regionCode: '120000', parentId: null, name, kind: 'bureau' });

describe('bad input gets a 400 naming the field, and changes nothing', () => {
  it('refuses a NUL character in a JSON text field', async () => {
    const before = await unitCount();
    const res = await asAdmin({ method: 'POST', url: '/api/units', payload: newUnit('市\u0000测试局') });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_input', details: [{ field: 'name', message: expect.stringMatching(/NUL/) }] });
    expect(await unitCount()).toBe(before);
  });

  it('refuses a NUL character in a search', async () => {
    const res = await asAdmin({ url: '/api/plans?q=%E8%A7%84%00' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_input', details: [{ field: 'q' }] });
    const units = await asAdmin({ url: '/api/units?q=a%00' });
    expect(units.statusCode, units.body).toBe(400);
  });

  it('refuses plan nodes nested 5,000 levels deep before validation', async () => {
    let node = '{"kind":"item","marker":"","heading":"","text":"x","children":[]}';
    for (let i = 0; i < 5000; i++) node = `{"kind":"item","marker":"","heading":"","text":"x","children":[${node}]}`;
    const payload = `{"title":"深","planType":"plan","regionCode":"120000","nodes":[${node}]}`;
    const res = await asAdmin({ method: 'POST', url: '/api/plans', payload, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
    expect(res.json().error.details[0].field).toMatch(/^nodes\.0\.children\.0\./);
    const plans = (await asAdmin({ url: `/api/plans?q=${encodeURIComponent('深')}` })).json();
    expect(JSON.stringify(plans)).not.toContain('"title":"深"');
  });

  it('refuses a malformed multipart upload', async () => {
    const boundary = '----luoshibad';
    const cutOff = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n一、总体要求\n`;
    const res = await asAdmin({ method: 'POST', url: '/api/plans/parse', payload: cutOff, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_input', details: [{ field: 'file' }] });
    const noBoundary = await asAdmin({ method: 'POST', url: '/api/plans/parse', payload: 'hello', headers: { 'content-type': 'multipart/form-data' } });
    expect(noBoundary.statusCode, noBoundary.body).toBeGreaterThanOrEqual(400);
    expect(noBoundary.statusCode, noBoundary.body).toBeLessThan(500);
  });

  it('refuses an upload whose file name holds a NUL character', async () => {
    const boundary = '----luoshinul';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="exports\u0000.csv"\r\nContent-Type: text/csv\r\n\r\nloc,prod,val\nA,x,1\nB,y,2\n\r\n--${boundary}--\r\n`;
    const res = await asAdmin({
      method: 'POST',
      url: '/api/complexity/analyses?loc=loc&prod=prod&val=val',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_input', details: [{ field: 'file' }] });
  });
});

describe('races end in 409, not 500', () => {
  it('answers 12 concurrent creations of one unit name with one 201 and eleven 409s', async () => {
    const name = `并发测试局${Date.now() % 100000}`;
    const results = await Promise.all(Array.from({ length: 12 }, () => asAdmin({ method: 'POST', url: '/api/units', payload: newUnit(name) })));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses, results.map((r) => r.body).join('\n')).toEqual([201, ...Array(11).fill(409)]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('conflict');
  });
});
