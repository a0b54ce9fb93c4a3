import type { Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { Db } from './db.ts';
import type { Actor } from '../modules/org/index.ts';

/** What every use case receives: the database and who is acting. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  /** The policy rules checked while serving this request, by name (`plan.create`), in order; set by the HTTP layer. */
  checks?: readonly string[];
}

/** A transaction handle, as use cases pass it to repos. */
export type Tx = Transaction<Database>;

/**
 * Runs a use case in one transaction: everything it writes, audit entries included, lands together or not at all.
 */
export function inTransaction<T>(ctx: ServiceContext, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx.db as unknown as Tx);
  return ctx.db.transaction().execute(work);
}
