import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { kyselyOverPglite, migrate, type DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { DatabaseBusyError, DbQueue } from './db-queue.ts';

describe('DbQueue', () => {
  it('refuses a caller beyond the bound at once and hands freed places on in order', async () => {
    const q = new DbQueue({ maxWaiting: 1 });
    await q.acquire();
    const order: string[] = [];
    const waiting = q.acquire().then(() => order.push('second'));
    await expect(q.acquire()).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(q.stats).toEqual({ active: 1, waiting: 1 });
    q.release();
    await waiting;
    expect(order).toEqual(['second']);
    expect(q.stats).toEqual({ active: 1, waiting: 0 });
  });
});

describe('queue in front of the embedded database', () => {
  let h: DatabaseHandle;
  let app: FastifyInstance;
  beforeAll(async () => {
    const tarball = path.join(process.env.LUOSHI_TEST_TEMPLATES ?? '', 'empty.tar.gz');
    const pglite = await PGlite.create(fs.existsSync(tarball) ? { loadDataDir: new Blob([fs.readFileSync(tarball)]) } : {});
    h = kyselyOverPglite(pglite, () => pglite.close(), { queueMax: 1 });
    // The PostgreSQL and Citus passes build no PGlite tarball: migrate this one here.
    if (!fs.existsSync(tarball)) await migrate(h.db);
    ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it('answers 503 with Retry-After when the queue is full instead of making the caller wait', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    // One transaction holds the database and one request waits behind it: the queue (one place) is full.
    let held: () => void = () => {};
    const holding = new Promise<void>((resolve) => (held = resolve));
    const holder = h.db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      held();
      await gate;
    });
    await holding;
    const queued = app.inject('/api/regions');
    while (h.queue!.stats.waiting < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await app.inject('/api/regions');
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json().error.code).toBe('busy');
    expect((await app.inject('/api/health')).statusCode).toBe(200);
    open();
    await holder;
    expect((await queued).statusCode).toBe(200);
    expect((await app.inject('/api/regions')).statusCode).toBe(200);
  });
});
