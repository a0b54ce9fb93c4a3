import type { Config } from './config.ts';
import type { PGlite } from '@electric-sql/pglite';
import { kyselyOverPglite, migrate, openDatabase, type DatabaseHandle } from './db.ts';
import { buildDataTemplate, currentDataTemplate } from './data-template.ts';
import { ensureRegions } from '../modules/org/org.seed.ts';
import { seedDemo } from './seed.ts';

/**
 * Opens the configured database, applies pending migrations and the shipped reference data,
 * and loads the demo region when asked and not yet loaded. An empty data folder asked for the demo starts as a copy
 * of the demo template when one was built from the current sources (see data-template.ts). With `dbQueueMax`, the
 * embedded database gets a wait queue of that many places once prepared (see db-queue.ts).
 */
export async function prepareDatabase(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  opts: { demo?: boolean; log?: (line: string) => void; dbQueueMax?: number } = {},
): Promise<DatabaseHandle & { demoSeeded: boolean }> {
  const log = opts.log ?? (() => {});
  let fromTemplate = false;
  const template = () => {
    const copy = currentDataTemplate();
    fromTemplate = copy !== null;
    return copy;
  };
  // The queue starts unbounded: preparing and seeding are one caller; the bound applies once the server takes requests.
  const handle = await openDatabase(config, { ...(opts.demo ? { template } : {}), queueMax: opts.dbQueueMax ? Infinity : undefined });
  try {
    if (fromTemplate) log('loaded the demo region from the prepared template');
    await migrate(handle.db, (name) => log(`applied migration ${name}`));
    await ensureRegions(handle.db);
    const demoSeeded = fromTemplate || (opts.demo ? await seedDemo(handle.db, log) : false);
    if (handle.queue && opts.dbQueueMax) handle.queue.maxWaiting = opts.dbQueueMax;
    return { ...handle, demoSeeded };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The steps a first demo start runs on an empty database, run once into the demo template (`node bin/build.js`). */
export function buildDemoDataTemplate(log: (line: string) => void = () => {}): Promise<boolean> {
  return buildDataTemplate(async (pglite: PGlite) => {
    const { db } = kyselyOverPglite(pglite);
    try {
      await migrate(db);
      await ensureRegions(db);
      await seedDemo(db, log);
    } finally {
      await db.destroy();
    }
  });
}
