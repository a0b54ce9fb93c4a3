import { loadConfig, type Config } from '../server/config.ts';
import { prepareDatabase } from '../server/start.ts';
import type { DatabaseHandle } from '../server/db.ts';
import { cliActor } from '../server/cli-actor.ts';
import type { ServiceContext } from '../server/service-context.ts';

/**
 * Opens the configured database for a command, runs the work with a service context, and always closes it.
 * `as` names the account the command acts for (its permissions apply); without it the command acts as the system.
 */
export async function withCliContext<T>(
  opts: { as?: string; demo?: boolean; quiet?: boolean },
  work: (ctx: ServiceContext, handle: DatabaseHandle, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const handle = await prepareDatabase(config, { demo: opts.demo, log: opts.quiet ? undefined : (l) => console.error(l) });
  try {
    return await work({ db: handle.db, actor: await cliActor(handle.db, opts.as) }, handle, config);
  } finally {
    await handle.close();
  }
}

export { output } from './output.ts';
