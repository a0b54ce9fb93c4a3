import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import { delayAfterFailures, FORGET_AFTER_MS, type ThrottleKey } from './org.accounts.domain.ts';

/** Whether the account has signed in successfully from the address before. */
export async function isFamiliarAddress(db: Db, userId: string | null, address: string): Promise<boolean> {
  if (!userId) return false;
  const row = await db.selectFrom('login_known_addresses').select('user_id').where('user_id', '=', userId).where('address', '=', address).executeTakeFirst();
  return !!row;
}

/** Milliseconds until every one of the keys allows another attempt (0 when all do). */
export async function throttleWait(db: Db, keys: ThrottleKey[], now: number): Promise<number> {
  const rows = await db
    .selectFrom('login_throttle')
    .select('next_allowed_at')
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .execute();
  return Math.max(0, ...rows.map((r) => new Date(r.next_allowed_at).getTime() - now));
}

/**
 * Counts one failure on each key, in one statement per key so that processes sharing the database add up, and
 * sets when the key may try again. A key quiet for FORGET_AFTER_MS starts again from one.
 */
export async function recordFailure(db: Db, keys: ThrottleKey[], now: number): Promise<void> {
  const at = new Date(now);
  // A new key is free at once (the epoch, not `now`): another process whose clock runs a little behind must not
  // read a fresh key as a wait.
  const free = new Date(0);
  const stale = new Date(now - FORGET_AFTER_MS);
  for (const k of keys) {
    const { failures } = await db
      .insertInto('login_throttle')
      .values({ key: k.key, failures: 1, next_allowed_at: free, updated_at: at })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when login_throttle.updated_at < ${stale} then 1 else login_throttle.failures + 1 end`,
          updated_at: at,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const delay = delayAfterFailures(failures, k.free);
    if (delay > 0) {
      await db
        .updateTable('login_throttle')
        .set({ next_allowed_at: sql<Date>`greatest(next_allowed_at, ${new Date(now + delay)})` })
        .where('key', '=', k.key)
        .execute();
    }
  }
  // Rotating addresses leave a row each: drop the ones long quiet now and then rather than on every failure.
  if (Math.random() < 0.02) await db.deleteFrom('login_throttle').where('updated_at', '<', new Date(now - 24 * 3600_000)).execute();
}

/** After a right password: forgets the failures of the account at this address and remembers the address. */
export async function recordSuccess(db: Db, userId: string, key: ThrottleKey, address: string, now: number): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key.key).execute();
  await db
    .insertInto('login_known_addresses')
    .values({ user_id: userId, address, last_success: new Date(now) })
    .onConflict((oc) => oc.columns(['user_id', 'address']).doUpdateSet({ last_success: new Date(now) }))
    .execute();
}
