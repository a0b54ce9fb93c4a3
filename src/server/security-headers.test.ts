import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import type { DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let secureApp: FastifyInstance;

beforeAll(async () => {
  h = await openTestDatabase('empty');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  ({ app: secureApp } = await buildApp(loadConfig({ LUOSHI_SECURE_COOKIES: 'true' }), h.db, { logger: false }));
});
afterAll(async () => {
  await app?.close();
  await secureApp?.close();
  await h?.close();
});

/** The CSP as a map from directive to its sources. */
function policy(res: LightMyRequestResponse): Map<string, string[]> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(header.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));
}

describe('security headers', () => {
  it('sends the same CSP, nosniff, Referrer-Policy and no framing on API, docs and error responses', async () => {
    for (const url of ['/api/health', '/api/docs/', '/api/docs/static/swagger-initializer.js', '/api/units', '/api/no-such-route']) {
      const res = await app.inject(url);
      const csp = policy(res);
      expect(csp.get('script-src'), url).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(csp.get('object-src'), url).toEqual(["'none'"]);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
      expect(csp.has('upgrade-insecure-requests'), url).toBe(false);
    }
  });

  it('adds HSTS and upgrades requests only when served over HTTPS (LUOSHI_SECURE_COOKIES=true)', async () => {
    const res = await secureApp.inject('/api/health');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(policy(res).has('upgrade-insecure-requests')).toBe(true);
  });
});
