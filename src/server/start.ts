import type { Config } from './config.ts';
import { migrate, openDatabase, type DatabaseHandle } from './db.ts';
import { ensureRegions } from '../modules/org/org.seed.ts';
import { seedDemo } from './seed.ts';

/**
 * Opens the configured database, applies pending migrations and the shipped reference data,
 * and loads the demo region when asked and not yet loaded.
 */
export async function prepareDatabase(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  opts: { demo?: boolean; log?: (line: string) => void } = {},
): Promise<DatabaseHandle & { demoSeeded: boolean }> {
  const log = opts.log ?? (() => {});
  const handle = await openDatabase(config);
  try {
    await migrate(handle.db, (name) => log(`applied migration ${name}`));
    await ensureRegions(handle.db);
    const demoSeeded = opts.demo ? await seedDemo(handle.db, log) : false;
    return { ...handle, demoSeeded };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
