import { describe, expect, it } from 'vitest';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Database } from '../src/server/database.ts';
import { RegionQueryGuard, regionViolation } from './query-guard.ts';

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
    const strict = db.withPlugin(new RegionQueryGuard({ mode: 'fail' }));
    await expect(strict.selectFrom('tasks').selectAll().where('id', '=', 'x').execute()).rejects.toThrow(/query guard: select on tasks/);
  });
});
