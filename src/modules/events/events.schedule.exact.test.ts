import { describe, expect, it } from 'vitest';
import { checkSchedule, scheduleFast } from './events.schedule.domain.ts';
import { scheduleExactInWorker } from './events.schedule.worker.ts';
import { bruteForceOptimum, tinyInstance } from './events.schedule.test-helpers.ts';

describe('scheduleExactInWorker', () => {
  it('proves the optimum with HiGHS where the counting bound is loose (gap 0)', async () => {
    // The first seeded instance whose combinatorial bound exceeds its optimum, so HiGHS has to close the gap.
    let seed = 1;
    let instance = tinyInstance(seed, 8, 14, 3, 3);
    while ((scheduleFast(instance).bound ?? 0) <= bruteForceOptimum(instance)) instance = tinyInstance(++seed, 8, 14, 3, 3);
    const optimum = bruteForceOptimum(instance);
    const result = await scheduleExactInWorker(instance, { timeLimit: 20 });
    expect(result).toMatchObject({ objective: optimum, bound: optimum, gap: 0, proven: true, method: 'exact', notes: [] });
    expect(checkSchedule(instance, result.scheduled)).toEqual([]);

    const weighted = await scheduleExactInWorker(instance, { timeLimit: 20, weighted: true });
    expect(weighted).toMatchObject({ objective: bruteForceOptimum(instance, true), gap: 0, proven: true });
  }, 60_000);

  it('improves by windows of slots when the whole model is too large for one solve, staying feasible', async () => {
    const instance = tinyInstance(3, 14, 40, 6, 3);
    const optimum = await scheduleExactInWorker(instance, { timeLimit: 20 });
    expect(optimum.proven).toBe(true);
    const result = await scheduleExactInWorker(instance, { timeLimit: 5, maxColumns: 10, windowSlots: 2 });
    expect(result.method === 'windows' || result.method === 'fast').toBe(true);
    expect(checkSchedule(instance, result.scheduled)).toEqual([]);
    expect(result.objective).toBeGreaterThanOrEqual(scheduleFast(instance).objective);
    expect(result.bound!).toBeGreaterThanOrEqual(optimum.objective);
  }, 60_000);
});
