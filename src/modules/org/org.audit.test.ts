import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openTestDatabase('demo');
});
afterAll(async () => h?.close());

const count = async () => (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(h.db)).rows[0].n;

describe('the audit log is append-only', () => {
  it('refuses TRUNCATE as it refuses UPDATE and DELETE, keeping every entry', async () => {
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await expect(sql`truncate audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set summary = 'x'`.execute(h.db)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(before);
  });
});
