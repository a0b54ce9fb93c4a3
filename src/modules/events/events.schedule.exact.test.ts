import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import { indexInstance } from './events.schedule.board.domain.ts';
import { checkSchedule, combinatorialBound, scheduleFast } from './events.schedule.domain.ts';
import { relaxationBound } from './events.schedule.exact.ts';
import { scheduleExactInWorker } from './events.schedule.worker.ts';
import { bruteForceOptimum, tinyInstance } from './events.schedule.test-helpers.ts';

describe('relaxationBound', () => {
  it('is never below the brute-force optimum nor above the counting bound, and is tighter than it', async () => {
    const highs = await loadHighs();
    let tighter = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const instance = tinyInstance(seed, 8, 14, 3, 3);
      for (const weighted of [false, true]) {
        const x = indexInstance(instance, weighted);
        const relaxed = relaxationBound(highs, x, 10)!;
        const counting = combinatorialBound(x);
        expect(relaxed, `seed ${seed} weighted ${weighted}`).toBeGreaterThanOrEqual(bruteForceOptimum(instance, weighted));
        expect(Math.min(relaxed, counting)).toBeLessThanOrEqual(counting);
        if (relaxed < counting) tighter++;
      }
    }
    expect(tighter).toBeGreaterThan(5);
  });

  it('counts each participant once per usable slot and the tables of all slots', async () => {
    const highs = await loadHighs();
    // A star: the hub can use 2 slots, so at most 2 of its 4 requests (the two heaviest, 4 + 3), although every slot has room.
    const slots = [{ id: '1' }, { id: '2' }];
    const star = { slots, tables: 9, participants: ['h', 'a', 'b', 'c', 'd'].map((id) => ({ id, available: ['1', '2'] })), requests: ['a', 'b', 'c', 'd'].map((p, i) => ({ id: `r${i}`, from: 'h', to: p, priority: i + 1 })) };
    expect(relaxationBound(highs, indexInstance(star, false), 10)).toBe(2);
    expect(relaxationBound(highs, indexInstance(star, true), 10)).toBe(7);
    // Four separate pairs but one table in each of the 2 slots: 2 meetings, the two heaviest.
    const pairs = { slots, tables: 1, participants: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => ({ id, available: ['1', '2'] })), requests: ['ab', 'cd', 'ef', 'gh'].map((id, i) => ({ id, from: id[0], to: id[1], priority: i + 1 })) };
    expect(relaxationBound(highs, indexInstance(pairs, false), 10)).toBe(2);
    expect(relaxationBound(highs, indexInstance(pairs, true), 10)).toBe(7);
  });
});

describe('scheduleExactInWorker', () => {
  it('proves the optimum with HiGHS where the relaxation is loose (gap 0)', async () => {
    // The first seeded instance whose relaxation bound exceeds its optimum, so the whole model has to close the gap.
    const highs = await loadHighs();
    let seed = 1;
    let instance = tinyInstance(seed, 8, 14, 3, 3);
    while (relaxationBound(highs, indexInstance(instance), 10)! <= bruteForceOptimum(instance)) instance = tinyInstance(++seed, 8, 14, 3, 3);
    const optimum = bruteForceOptimum(instance);
    const result = await scheduleExactInWorker(instance, { timeLimit: 20 });
    expect(result).toMatchObject({ objective: optimum, bound: optimum, gap: 0, proven: true, notes: [] });
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
