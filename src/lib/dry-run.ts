import type { Kysely } from 'kysely';

class DryRunRollback extends Error {
  constructor(readonly value: unknown) {
    super('dry run');
  }
}

/**
 * Runs work in a transaction that is always rolled back, returning what it would have produced
 * (for `--dry-run`: every check runs against the real data, nothing is kept).
 */
export async function dryRun<DB, T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  try {
    await db.transaction().execute(async (trx) => {
      throw new DryRunRollback(await work(trx as unknown as Kysely<DB>));
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.value as T;
    throw error;
  }
  throw new Error('unreachable');
}
