import type { Db } from './db.ts';
import { systemActor, type Actor } from '../modules/org/org.policy.ts';
import { loadActor } from '../modules/org/org.actor.ts';
import { userIdByUsername } from '../modules/org/org.accounts.service.ts';

/** Who a command acts as: the account named by `--as` (its permissions apply), or the system as `cli:$USER`. */
export async function cliActor(db: Db, as: string | undefined, user = process.env.USER): Promise<Actor> {
  if (!as) return systemActor('cli', `cli:${user ?? 'operator'}`);
  const loaded = await loadActor(db, await userIdByUsername(db, as), 'cli');
  if (!loaded) throw new Error(`account "${as}" is inactive`);
  return loaded;
}

