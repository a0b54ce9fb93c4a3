import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { settleBulkWrite } from './atlas.enterprises.repo.ts';
import { segmentEnterpriseRows } from './atlas.directory.repo.ts';

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

describe("a segment's enterprise list", () => {
  it('is the same page whether a tier is sorted from its links or walked from the directory in pinyin order', async () => {
    // Every demo chain's top segments (a stage with its sub-tree), everywhere and in Tianjin, at page sizes that end
    // inside a tier: the walk (for tiers the map counts as large) must give the sorted answer, row for row.
    const rows = (await sql<{ chain_id: string; key: string; id: string; parent_id: string | null }>`
      select v.chain_id, s.key, s.id, s.parent_id from atlas_segments s join atlas_chain_versions v on v.id = s.version_id
      join atlas_chains c on c.id = v.chain_id and c.current_version = v.version`.execute(h.db)).rows;
    const children = new Map<string, typeof rows>();
    for (const r of rows) if (r.parent_id) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
    const subtree = (r: (typeof rows)[number]): string[] => [r.key, ...(children.get(r.id) ?? []).flatMap(subtree)];
    // Enterprises linked twice within one sub-tree with the same decision: their two lines come in one order either way.
    for (const top of rows.filter((r) => r.parent_id === null && subtree(r).length > 2)) {
      const keys = subtree(top);
      const links = await h.db.selectFrom('atlas_enterprise_segments').select(['region_code', 'enterprise_id', 'segment_key', 'decision']).where('chain_id', '=', top.chain_id).where('segment_key', 'in', keys).orderBy('enterprise_id').limit(2).execute();
      for (const l of links) {
        const other = keys.find((k) => k !== l.segment_key)!;
        await h.db
          .insertInto('atlas_enterprise_segments')
          .values({ region_code: l.region_code, enterprise_id: l.enterprise_id, chain_id: top.chain_id, segment_key: other, evidence: 'medium', source: '测试', as_of: '2026-06-30', decision: l.decision })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    const tianjin = (await h.db.selectFrom('regions').select('code').where('code', 'like', '12%').execute()).map((r) => r.code);
    let compared = 0;
    const decisions = new Set<string>();
    for (const top of rows.filter((r) => r.parent_id === null)) {
      for (const regions of [null, tianjin]) {
        for (const limit of [5, 100]) {
          const sorted = await segmentEnterpriseRows(h.db, top.chain_id, subtree(top), regions, limit);
          const walked = await segmentEnterpriseRows(h.db, top.chain_id, subtree(top), regions, limit, ['confirmed', 'uncertain']);
          expect(walked.map((r) => [r.id, r.segment_key, r.decision])).toEqual(sorted.map((r) => [r.id, r.segment_key, r.decision]));
          if (sorted.length) compared++;
          for (const r of sorted) decisions.add(r.decision);
        }
      }
    }
    expect(compared).toBeGreaterThan(10);
    expect([...decisions].sort()).toEqual(['confirmed', 'rejected', 'uncertain']);
  });
});
