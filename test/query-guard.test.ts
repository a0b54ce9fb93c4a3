import { describe, expect, it } from 'vitest';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Database } from '../src/server/database.ts';
import { findPlanById } from '../src/modules/ledger/ledger.plans.repo.ts';
import { REGION_GUARD_ALLOWED, RegionQueryGuard, regionViolation } from './query-guard.ts';

const db = new Kysely<Database>({
  dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (k) => new PostgresIntrospector(k), createQueryCompiler: () => new PostgresQueryCompiler() },
});

describe('the region query guard', () => {
  it('flags a read of a distributed table by id alone, and passes one that names the region', () => {
    expect(regionViolation(db.selectFrom('plans').selectAll().where('id', '=', 'x').toOperationNode())).toBe('select on plans without a region_code condition');
    expect(regionViolation(db.selectFrom('plans').selectAll().where('region_code', '=', '110000').where('id', '=', 'x').toOperationNode())).toBeNull();
    expect(regionViolation(db.selectFrom('units').selectAll().where('id', '=', 'x').toOperationNode())).toBeNull();
    expect(regionViolation(db.updateTable('tasks as t').set({ title: 'x' }).where('t.id', '=', 'x').toOperationNode())).toBe('update on tasks without a region_code condition');
    const joined = db.selectFrom('task_units as tu').innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'tu.region_code').onRef('t.id', '=', 'tu.task_id')).select('tu.raw_name');
    expect(regionViolation(joined.toOperationNode())).toBeNull();
  });

  it('throws in fail mode', async () => {
    // This file stands in for application code here: by default only queries issued from src/ are checked.
    const strict = db.withPlugin(new RegionQueryGuard({ mode: 'fail', isApp: (frame) => frame.includes('query-guard.test.ts') }));
    await expect(strict.selectFrom('tasks').selectAll().where('id', '=', 'x').execute()).rejects.toThrow(/query guard: select on tasks/);
  });

  it("lets a test's own queries and the allow-listed entry lookups pass", async () => {
    const strict = db.withPlugin(new RegionQueryGuard({ mode: 'fail' }));
    await expect(strict.selectFrom('tasks').selectAll().where('id', '=', 'x').execute()).resolves.toEqual([]);
    // A plan named by a URL's id alone: its region is looked up once (the guard names findPlanById as allowed).
    await expect(findPlanById(strict, 'x')).resolves.toBeUndefined();
    // The same shape from anywhere else in src/ is refused (a frame of the repo file, not of the allowed function).
    const asApp = db.withPlugin(new RegionQueryGuard({ mode: 'fail', isApp: (frame) => frame.includes('query-guard.test.ts') }));
    await expect(asApp.selectFrom('plans').selectAll().where('id', '=', 'x').executeTakeFirst()).rejects.toThrow(/query guard: select on plans/);
    expect(REGION_GUARD_ALLOWED.every((a) => a.reason.length > 20)).toBe(true);
  });
});
