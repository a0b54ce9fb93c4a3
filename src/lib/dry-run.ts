import type { Db } from '../server/db.ts';

class DryRunRollback extends Error {
  constructor(readonly value: unknown) {
    super('dry run');
  }
}

/**
 * Runs work in a transaction that is always rolled back, returning what it would have produced
 * (for `--dry-run`: every check runs against the real data, nothing is kept).
 */
export async function dryRun<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  try {
    await db.transaction().execute(async (trx) => {
      throw new DryRunRollback(await work(trx as unknown as Db));
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.value as T;
    throw error;
  }
  throw new Error('unreachable');
}
