import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses defaults a newcomer can start with', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.databaseUrl).toBeNull();
    expect(c).toMatchObject({ maxInFlight: 64, dbQueueMax: 32, requestTimeoutMs: 60_000, maxEventLoopDelayMs: 0 });
    expect(c.trustProxy).toBe(false);
  });

  it('reads the overload limits', () => {
    const c = loadConfig({ LUOSHI_MAX_IN_FLIGHT: '0', LUOSHI_DB_QUEUE_MAX: '8', LUOSHI_REQUEST_TIMEOUT_MS: '5000', LUOSHI_MAX_EVENT_LOOP_DELAY_MS: '200' });
    expect(c).toMatchObject({ maxInFlight: 0, dbQueueMax: 8, requestTimeoutMs: 5000, maxEventLoopDelayMs: 200 });
  });

  it('trusts forwarded addresses only from the listed proxies', () => {
    expect(loadConfig({ LUOSHI_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,loopback, ::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', 'loopback', '::1']);
    expect(loadConfig({ LUOSHI_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x@y/z' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['LUOSHI_SESSION_SECRET', { LUOSHI_SESSION_SECRET: 'short' }],
    ['LUOSHI_SECURE_COOKIES', { LUOSHI_SECURE_COOKIES: 'maybe' }],
    ['LUOSHI_MAX_IN_FLIGHT', { LUOSHI_MAX_IN_FLIGHT: '-1' }],
    ['LUOSHI_DB_QUEUE_MAX', { LUOSHI_DB_QUEUE_MAX: '0' }],
    ['LUOSHI_REQUEST_TIMEOUT_MS', { LUOSHI_REQUEST_TIMEOUT_MS: '30s' }],
    ['LUOSHI_MAX_EVENT_LOOP_DELAY_MS', { LUOSHI_MAX_EVENT_LOOP_DELAY_MS: '1.5' }],
    ['LUOSHI_BACKUP_KEY', { LUOSHI_BACKUP_KEY: 'too-short' }],
    ['LUOSHI_TRUST_PROXY', { LUOSHI_TRUST_PROXY: 'true' }],
    ['LUOSHI_TRUST_PROXY', { LUOSHI_TRUST_PROXY: '2' }],
    ['LUOSHI_TRUST_PROXY', { LUOSHI_TRUST_PROXY: '10.0.0.0/33' }],
    ['LUOSHI_TRUST_PROXY', { LUOSHI_TRUST_PROXY: '127.0.0.1, *' }],
  ])('stops on a wrong %s and names it', (variable, env) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toContain(variable);
  });
});

describe('listening address in demo mode', () => {
  it('listens on 127.0.0.1 in demo mode unless HOST is given, and on every address otherwise', () => {
    expect(loadConfig({}, { demo: true }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }, { demo: true }).host).toBe('0.0.0.0');
    expect(loadConfig({}).host).toBe('0.0.0.0');
  });

  it('says at start that demo mode answers this machine only', async () => {
    const { listeningNote } = await import('../cli/serve.ts');
    expect(listeningNote(loadConfig({}, { demo: true }))).toMatch(/127\.0\.0\.1 only.*HOST=0\.0\.0\.0/);
    expect(listeningNote(loadConfig({ HOST: '0.0.0.0' }, { demo: true }))).toMatch(/reachable from the network/);
  });
});
