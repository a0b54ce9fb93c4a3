import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { kyselyOverPglite, migrate, openDatabase, pgliteDir, type DatabaseHandle } from '../src/server/db.ts';
import { systemActor, type Actor } from '../src/modules/org/org.policy.ts';
import { loadActor } from '../src/modules/org/org.actor.ts';
import { userIdByUsername } from '../src/modules/org/org.accounts.service.ts';
import type { ServiceContext } from '../src/server/service-context.ts';
import { ensureRegions } from '../src/modules/org/org.seed.ts';
import { seedDemo } from '../src/server/seed.ts';
import { copyCitusDatabase, dropCitusDatabase } from './citus.ts';
import { RegionQueryGuard } from './query-guard.ts';

/** The query guard of the database tests (test/query-guard.ts): fail by default, LUOSHI_QUERY_GUARD=warn or off. */
function guarded(handle: DatabaseHandle): DatabaseHandle {
  const mode = process.env.LUOSHI_QUERY_GUARD ?? 'fail';
  if (mode === 'off') return handle;
  const dir = process.env.LUOSHI_TEST_TEMPLATES;
  const logFile = dir ? path.join(dir, 'query-guard.log') : undefined;
  return { ...handle, db: handle.db.withPlugin(new RegionQueryGuard({ mode: mode === 'warn' ? 'warn' : 'fail', logFile })) };
}

/** True when the tests run on a Citus cluster (TEST_CITUS_URL names its coordinator). */
export const onCitus = Boolean(process.env.TEST_CITUS_URL);

/** Which template a test database starts from: migrated with regions only, or with the demo region loaded. */
export type TestSeed = 'empty' | 'demo';

/**
 * Opens a fresh, isolated database for a test file: a PGlite loaded from the run's template, or — when
 * TEST_DATABASE_URL is set — a new PostgreSQL database copied from the run's template database and dropped on close; or
 * — when TEST_CITUS_URL is set — a new database on every node of the Citus cluster, copied on each node from the run's
 * distributed template (test/global-setup.ts), so that its shards and Citus's catalogue of them come along.
 */
export async function openTestDatabase(seed: TestSeed = 'demo'): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  const runId = process.env.LUOSHI_TEST_RUN;
  const dir = process.env.LUOSHI_TEST_TEMPLATES;
  if (!runId || !dir) throw new Error('test/global-setup.ts did not run (use vitest with vitest.config.ts)');
  const citus = process.env.TEST_CITUS_URL;
  if (citus) {
    const name = `luoshi_c_${runId}_${crypto.randomBytes(4).toString('hex')}`;
    const handle = await openDatabase({ dataDir: dir, databaseUrl: await copyCitusDatabase(citus, `luoshi_ctpl_${runId}_${seed}`, name) });
    return guarded({
      ...handle,
      async close() {
        await handle.close();
        await dropCitusDatabase(citus, name);
      },
    });
  }
  if (url) {
    const name = `luoshi_t_${runId}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template luoshi_tpl_${runId}_${seed}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    const handle = await openDatabase({ dataDir: dir, databaseUrl: target.toString() });
    return guarded({
      ...handle,
      async close() {
        await handle.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    });
  }
  const tarball = fs.readFileSync(path.join(dir, `${seed}.tar.gz`));
  const pglite = await PGlite.create({ loadDataDir: new Blob([tarball]) });
  return guarded(kyselyOverPglite(pglite, () => pglite.close()));
}

/** A service context acting as a demo account (admin, duban, leader, fgw, gxj, swj) or as the system. */
export async function contextAs(handle: DatabaseHandle, username: string | 'system'): Promise<ServiceContext> {
  if (username === 'system') return { db: handle.db, actor: systemActor('system', 'test') };
  const actor: Actor | null = await loadActor(handle.db, await userIdByUsername(handle.db, username), 'api');
  if (!actor) throw new Error(`inactive account ${username}`);
  return { db: handle.db, actor };
}

/**
 * A new data folder (LUOSHI_DATA_DIR) whose embedded database starts from the run's template, so a command run on it
 * pays a load, not an initdb. An empty folder when there is no empty template (the PostgreSQL and Citus passes build
 * only the demo one): the first command creates the database.
 */
export async function testDataDir(seed: TestSeed = 'empty'): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-data-'));
  const templates = process.env.LUOSHI_TEST_TEMPLATES;
  const tarball = templates ? path.join(templates, `${seed}.tar.gz`) : '';
  if (tarball && fs.existsSync(tarball)) {
    const pglite = await PGlite.create(pgliteDir(dir), { loadDataDir: new Blob([fs.readFileSync(tarball)]) });
    await pglite.close();
  } else if (seed === 'demo') {
    // No tarball (a run without the global setup's templates): seed this folder itself.
    const pglite = await PGlite.create(pgliteDir(dir));
    const handle = kyselyOverPglite(pglite, () => pglite.close());
    try {
      await migrate(handle.db);
      await ensureRegions(handle.db);
      await seedDemo(handle.db);
    } finally {
      await handle.close();
    }
  }
  return dir;
}
