import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { kyselyOverPglite, migrate } from '../src/server/db.ts';
import { ensureRegions } from '../src/modules/org/org.seed.ts';
import { seedDemo } from '../src/server/seed.ts';
import type { Db } from '../src/server/db.ts';
import { citusSetup } from '../src/server/citus.ts';
import { createCitusDatabase, dropCitusDatabase, freezeCitusTemplate } from './citus.ts';

async function prepare(db: Db, demo: boolean) {
  await migrate(db);
  await ensureRegions(db);
  if (demo) await seedDemo(db);
}

/** A PGlite data folder, migrated (and seeded with the demo), as the tarball a test's data folder is loaded from. */
async function pgliteTarball(dir: string, kind: 'empty' | 'demo') {
  const pglite = await PGlite.create();
  const handle = kyselyOverPglite(pglite, () => pglite.close());
  await prepare(handle.db, kind === 'demo');
  const tarball = await pglite.dumpDataDir('gzip');
  fs.writeFileSync(path.join(dir, `${kind}.tar.gz`), Buffer.from(await tarball.arrayBuffer()));
  await handle.close();
}

/**
 * Builds the migrated templates once per run, so a test database costs a load or a clone, not an initdb:
 * on PGlite, data-folder tarballs (empty and demo); on PostgreSQL (TEST_DATABASE_URL), template databases; on Citus
 * (TEST_CITUS_URL), template databases on every node, distributed. They are dropped at the end of the run.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const runId = crypto.randomBytes(4).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-'));
  process.env.LUOSHI_TEST_RUN = runId;
  process.env.LUOSHI_TEST_TEMPLATES = dir;
  const url = process.env.TEST_DATABASE_URL;
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  const citus = process.env.TEST_CITUS_URL;
  if (citus) {
    // On Citus a template database on every node, distributed: a test database is a copy made on each node
    // (test/citus.ts copyCitusDatabase), its shards on the workers and Citus's catalogue of them on the coordinator.
    const { openDatabase } = await import('../src/server/db.ts');
    for (const kind of ['empty', 'demo'] as const) {
      const name = `luoshi_ctpl_${runId}_${kind}`;
      cleanups.push(() => dropCitusDatabase(citus, name));
      const handle = await openDatabase({ dataDir: dir, databaseUrl: await createCitusDatabase(citus, name) });
      try {
        await prepare(handle.db, kind === 'demo');
        // Few shards keep a copy per test file quick; the queries meet the same rules as with 32.
        await citusSetup(handle.db, { shardCount: 4 });
      } finally {
        await handle.close();
      }
      await freezeCitusTemplate(citus, name);
    }
  } else if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const kind of ['empty', 'demo'] as const) {
      const name = `luoshi_tpl_${runId}_${kind}`;
      await admin.query(`create database ${name}`);
      const target = new URL(url);
      target.pathname = `/${name}`;
      const { openDatabase } = await import('../src/server/db.ts');
      const handle = await openDatabase({ dataDir: dir, databaseUrl: target.toString() });
      await prepare(handle.db, kind === 'demo');
      await handle.close();
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      });
    }
    await admin.end();
  } else {
    for (const kind of ['empty', 'demo'] as const) await pgliteTarball(dir, kind);
  }
  // The command tests' data folders (testDataDir) are embedded databases on every pass; on PostgreSQL and Citus the demo
  // one is built here once, where each such file had migrated and seeded its own (a minute or more each at load).
  if (citus || url) await pgliteTarball(dir, 'demo');
  return async () => {
    const guardLog = path.join(dir, 'query-guard.log');
    if (fs.existsSync(guardLog)) {
      const shapes = new Map<string, number>();
      for (const l of fs.readFileSync(guardLog, 'utf8').split('\n').filter(Boolean)) shapes.set(l, (shapes.get(l) ?? 0) + 1);
      console.warn(`query guard: ${shapes.size} query shapes read distributed tables without a region_code condition (every shard on Citus); they fail unless LUOSHI_QUERY_GUARD=warn`);
      if (process.env.LUOSHI_QUERY_GUARD_LIST) for (const [l, n] of [...shapes].sort((a, b) => b[1] - a[1])) console.warn(`  ${n}× ${l}`);
    }
    for (const c of cleanups) await c();
  };
}
