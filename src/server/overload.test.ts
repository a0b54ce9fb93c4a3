import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import type { DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { registerOverloadGuard } from './overload.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let open: () => void = () => {};
let gate = Promise.resolve();
let entered = 0;

beforeAll(async () => {
  h = await openTestDatabase('empty');
  ({ app } = await buildApp(loadConfig({ LUOSHI_MAX_IN_FLIGHT: '1', LUOSHI_REQUEST_TIMEOUT_MS: '0' }), h.db, { logger: false }));
  app.get('/api/test/slow', { config: { permission: 'public' } }, async () => {
    entered++;
    await gate;
    return { ok: true };
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('in-flight cap', () => {
  it('answers a request beyond the cap at once with 503 and Retry-After, and the health check still answers', async () => {
    gate = new Promise((resolve) => (open = resolve));
    const first = app.inject('/api/test/slow');
    while (entered < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await app.inject('/api/test/slow');
    expect(second.statusCode).toBe(503);
    expect(second.headers['retry-after']).toBe('1');
    expect(second.json().error.code).toBe('overloaded');
    expect((await app.inject('/api/health')).statusCode).toBe(200);
    open();
    expect((await first).statusCode).toBe(200);
    expect((await app.inject('/api/test/slow')).statusCode).toBe(200);
  });
});

describe('handler timeout', () => {
  it('answers a handler that runs too long with 503 and Retry-After', async () => {
    const { app: timed } = await buildApp(loadConfig({ LUOSHI_REQUEST_TIMEOUT_MS: '50' }), h.db, { logger: false });
    timed.get('/api/test/stuck', { config: { permission: 'public' } }, () => new Promise(() => {}));
    await timed.ready();
    try {
      const res = await timed.inject('/api/test/stuck');
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json().error.code).toBe('timeout');
    } finally {
      await timed.close();
    }
  });
});

describe('event-loop delay guard', () => {
  it('sheds new requests while the event loop lags, but not /api/health', async () => {
    let lag = 0;
    const guarded = Fastify();
    registerOverloadGuard(guarded, { maxInFlight: 0, maxEventLoopDelayMs: 100 }, { loopDelayMs: () => lag });
    guarded.get('/api/health', async () => ({ ok: true }));
    guarded.get('/api/thing', async () => ({ ok: true }));
    await guarded.ready();
    try {
      expect((await guarded.inject('/api/thing')).statusCode).toBe(200);
      lag = 250;
      const shed = await guarded.inject('/api/thing');
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['retry-after']).toBe('1');
      expect(shed.json().error.code).toBe('overloaded');
      expect((await guarded.inject('/api/health')).statusCode).toBe(200);
      lag = 20;
      expect((await guarded.inject('/api/thing')).statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
