import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { recordAudit, systemActor } from '../org/index.ts';
import { scaleBatches, scaleWorld, SCALES, type ScaleSpec } from './tracking.scale.domain.ts';
import { checkScaleTarget, seedScale } from './tracking.scale.seed.ts';

// A small scale of the same shape as city and province (those are for bench/tracking.ts, not for tests).
const TINY: ScaleSpec = { name: 'tiny', tasks: 150, units: 20, reports: 150 * 6 + 12, plans: 3, leaders: 5, regionCode: '130000' };
const AS_OF = '2026-06-10';
const HEBEI = [
  { code: '130000', name: '河北省' },
  { code: '130100', name: '石家庄市' },
];

function fingerprint(spec: ScaleSpec, seed: number): string {
  const hash = createHash('sha256');
  const world = scaleWorld(spec, AS_OF, HEBEI, seed);
  hash.update(JSON.stringify([world.units, world.people, world.plans]));
  for (const batch of scaleBatches(world, seed, 40)) hash.update(JSON.stringify(batch));
  return hash.digest('hex');
}

describe('the scale generator', () => {
  it('gives the same data, ids included, for the same seed and day, and other data for another seed', () => {
    expect(fingerprint(TINY, 1)).toBe(fingerprint(TINY, 1));
    expect(fingerprint(TINY, 2)).not.toBe(fingerprint(TINY, 1));
  });

  it('generates the counts asked for', () => {
    const world = scaleWorld(TINY, AS_OF, HEBEI);
    let tasks = 0;
    let reports = 0;
    for (const b of scaleBatches(world, 1, 40)) {
      tasks += b.tasks.length;
      reports += b.reports.length;
    }
    expect({ tasks, reports, units: world.units.length, plans: world.plans.length }).toEqual({ tasks: 150, reports: 912, units: 20, plans: 3 });
    // Monthly reports: 6 due days (the 25th) before the day, the plans effective on the first of the first month.
    expect(world.dues).toEqual(['2025-12-25', '2026-01-25', '2026-02-25', '2026-03-25', '2026-04-25', '2026-05-25']);
    expect(world.effective).toBe('2025-12-01');
    expect(SCALES.city).toMatchObject({ tasks: 2000, units: 200, reports: 48_000 });
    expect(SCALES.province).toMatchObject({ tasks: 100_000, units: 3000, reports: 1_000_000 });
  });
});

describe('seeding a scale into the database', () => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await openTestDatabase('demo');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('loads the counts asked for, with every class and warning stored, and refuses to load twice', async () => {
    await checkScaleTarget(h.db);
    if (process.env.TEST_CITUS_URL) {
      // A Citus cluster is refused with what to do instead, and nothing is written.
      await expect(seedScale(h.db, TINY, { asOf: AS_OF })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('Citus') });
      expect(await h.db.selectFrom('plans').select('id').where('region_code', '=', '130000').execute()).toEqual([]);
      return;
    }
    const r = await seedScale(h.db, TINY, { asOf: AS_OF });
    expect(r).toMatchObject({ tasks: 150, units: 20, reports: 912, plans: 3, asOf: AS_OF });
    const plans = await h.db.selectFrom('plans').select('id').where('region_code', '=', '130000').where('title', 'like', '%规模测试%').execute();
    expect(plans).toHaveLength(3);
    const ids = plans.map((p) => p.id);
    const count = async (table: 'tasks' | 'task_reports' | 'task_progress') =>
      Number((await h.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('region_code', '=', '130000').where('plan_id', 'in', ids).executeTakeFirstOrThrow()).n);
    expect(await count('tasks')).toBe(150);
    expect(await count('task_reports')).toBe(912);
    expect(await count('task_progress')).toBe(150);
    expect(Number((await h.db.selectFrom('units').select((eb) => eb.fn.countAll<string>().as('n')).where('sort_order', '>=', 1000).executeTakeFirstOrThrow()).n)).toBe(20);

    // Every class and every warning (and none) occurs, as stored state.
    expect(Object.keys(r.classes).sort()).toEqual(['ahead', 'behind', 'done', 'on_track', 'overdue']);
    expect(Object.keys(r.warnings).sort()).toEqual(['blue', 'none', 'red', 'yellow']);
    // Late, missing and returned reports are there: a supporting unit stands in for a missed month, a report waits in
    // review, one was returned with its reason.
    const statuses = await h.db
      .selectFrom('task_reports')
      .select(['status', 'role', (eb) => eb.fn.countAll<string>().as('n')])
      .where('region_code', '=', '130000')
      .where('plan_id', 'in', ids)
      .groupBy(['status', 'role'])
      .execute();
    const seen = new Set(statuses.map((s) => `${s.role}:${s.status}`));
    for (const k of ['lead:accepted', 'lead:submitted', 'lead:returned', 'co:submitted']) expect(seen).toContain(k);
    const returned = await h.db.selectFrom('task_reports').select('return_reason').where('region_code', '=', '130000').where('status', '=', 'returned').where('plan_id', 'in', ids).executeTakeFirstOrThrow();
    expect(returned.return_reason).toBeTruthy();

    await expect(checkScaleTarget(h.db, true)).rejects.toMatchObject({ status: 409 });
  });
});

describe('a database with data of its own', () => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = await openTestDatabase('demo');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is refused without --force, and let through with it', async () => {
    await recordAudit(h.db, systemActor('cli', 'someone'), { regionCode: '120000', action: 'create', entity: 'plan', entityId: 'x', summary: 'a plan of our own' });
    await expect(checkScaleTarget(h.db)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('--force') });
    await expect(checkScaleTarget(h.db, true)).resolves.toBeUndefined();
  });
});
