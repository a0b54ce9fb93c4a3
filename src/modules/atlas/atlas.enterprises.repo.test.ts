import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { settleBulkWrite } from './atlas.enterprises.repo.ts';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await openTestDatabase('demo');
});
afterAll(async () => {
  await h?.close();
});

const visibility = async () =>
  (await sql<{ pages: number; visible: number }>`select relpages as pages, relallvisible as visible from pg_class where relname = 'atlas_enterprise_terms'`.execute(h.db)).rows[0]!;

describe('settling a bulk write', () => {
  it('marks the written pages all-visible, so the search terms are counted from their index alone', async () => {
    await sql`update atlas_enterprise_terms set name_pinyin = name_pinyin`.execute(h.db);
    await settleBulkWrite(h.db, ['atlas_enterprise_terms']);
    const v = await visibility();
    expect(v.pages).toBeGreaterThan(0);
    expect(v.visible).toBe(v.pages);
  });

  it('does nothing inside a transaction, where VACUUM cannot run, and does not fail it', async () => {
    await expect(h.db.transaction().execute(async (trx) => {
      await settleBulkWrite(trx, ['atlas_enterprise_terms']);
      return 'committed';
    })).resolves.toBe('committed');
  });
});
