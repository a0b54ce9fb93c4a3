import { describe, expect, it } from 'vitest';
import { checkSchedule, combinatorialBound, parseInstance, participantMatchingWeight, reschedule, scheduleFast } from './events.schedule.domain.ts';
import { indexInstance } from './events.schedule.board.domain.ts';
import { bruteForceOptimum, tinyInstance } from './events.schedule.test-helpers.ts';

type Json = ReturnType<typeof base>;

const base = () => ({
  slots: 3 as number | { id: string }[],
  tables: 2,
  participants: [
    { id: 'a', available: [1, 2, 3] as (number | string)[] },
    { id: 'b', available: ['1', '2'] as (number | string)[] },
    { id: 'c', available: [3] as (number | string)[] },
  ],
  requests: [
    { id: 'r1', from: 'a', to: 'b', priority: 2 },
    { id: 'r2', from: 'a', to: 'c' },
  ] as { id: string; from: string; to: string; priority?: number }[],
});

describe('parseInstance', () => {
  it('accepts a slot count or labelled slots, and numbers as slot ids', () => {
    const instance = parseInstance(base());
    expect(instance.slots.map((s) => s.id)).toEqual(['1', '2', '3']);
    expect(instance.participants[1].available).toEqual(['1', '2']);
    expect(instance.requests[1].priority).toBe(1);
    const labelled = parseInstance({ ...base(), slots: [{ id: 1, label: '09:00' }, { id: '2' }, { id: 3 }] });
    expect(labelled.slots[0]).toEqual({ id: '1', label: '09:00' });
  });

  it.each([
    ['an unknown participant', (j: Json) => j.requests.push({ id: 'r17', from: 'a', to: 'p999' }), 'requests[2] (id "r17"): unknown participant "p999"'],
    ['a participant with no available slot', (j: Json) => (j.participants[2].available = []), 'participants[2] (id "c"): has no available slot'],
    ['a duplicate request id', (j: Json) => j.requests.push({ id: 'r1', from: 'b', to: 'c' }), 'requests[2] (id "r1"): duplicate request id (also requests[0])'],
    ['the same pair twice', (j: Json) => j.requests.push({ id: 'r3', from: 'b', to: 'a' }), 'requests[2] (id "r3"): duplicate request, "b" and "a" already meet in requests[0]'],
    ['a request to oneself', (j: Json) => j.requests.push({ id: 'r3', from: 'b', to: 'b' }), 'requests[2] (id "r3"): a request from "b" to itself'],
    ['a slot out of range', (j: Json) => (j.participants[0].available = [1, 4]), 'participants[0] (id "a"): slot 4 is out of range or unknown (1..3)'],
    ['an unknown slot id', (j: Json) => (j.slots = [{ id: 'am' }, { id: 'pm' }]), 'participants[0] (id "a"): slot 1 is out of range or unknown'],
    ['a priority that is not positive', (j: Json) => (j.requests[0].priority = 0), 'requests[0] (id "r1"): priority must be a positive number, got 0'],
    ['no tables', (j: Json) => (j.tables = 0), 'tables must be a positive integer, got 0'],
  ])('names %s', (_, spoil, message) => {
    const json = base();
    spoil(json);
    expect(() => parseInstance(json, 'event.json')).toThrow(`event.json: ${message}`);
  });
});

describe('checkSchedule', () => {
  const instance = parseInstance({ ...base(), tables: 1, requests: [...base().requests, { id: 'r3', from: 'b', to: 'c' }] });
  it('passes a feasible schedule and names each kind of violation', () => {
    expect(checkSchedule(instance, [{ request: 'r1', slot: '1', table: 1 }, { request: 'r2', slot: '3', table: 1 }])).toEqual([]);
    expect(checkSchedule(instance, [{ request: 'r9', slot: '1', table: 1 }])).toEqual(['scheduled[0] (request "r9"): unknown request']);
    expect(checkSchedule(instance, [{ request: 'r1', slot: '9', table: 1 }])).toEqual(['scheduled[0] (request "r1"): unknown slot "9"']);
    expect(checkSchedule(instance, [{ request: 'r1', slot: '1', table: 2 }])).toEqual(['scheduled[0] (request "r1"): table 2 outside 1..1']);
    expect(checkSchedule(instance, [{ request: 'r1', slot: '3', table: 1 }])).toEqual(['scheduled[0] (request "r1"): participant "b" is not available in slot "3"']);
    expect(checkSchedule(instance, [{ request: 'r1', slot: '1', table: 1 }, { request: 'r1', slot: '2', table: 1 }])).toContain('scheduled[1] (request "r1"): request scheduled twice');
    const twoTables = { ...instance, tables: 2 };
    expect(checkSchedule(twoTables, [{ request: 'r2', slot: '3', table: 1 }, { request: 'r3', slot: '3', table: 2 }])).toEqual([
      'scheduled[1] (request "r3"): participant "b" is not available in slot "3"',
      'scheduled[1] (request "r3"): participant "c" already meets in slot "3" (request "r2")',
    ]);
    const everyone = parseInstance({ slots: 1, tables: 1, participants: ['a', 'b', 'c', 'd'].map((id) => ({ id, available: [1] })), requests: [{ id: 'x', from: 'a', to: 'b' }, { id: 'y', from: 'c', to: 'd' }] });
    expect(checkSchedule(everyone, [{ request: 'x', slot: '1', table: 1 }, { request: 'y', slot: '1', table: 1 }])).toEqual([
      'scheduled[1] (request "y"): table 1 of slot "1" already holds request "x"',
      'slot "1": 2 meetings but only 1 tables',
    ]);
  });
});

describe('scheduleFast', () => {
  it('is feasible and reaches the brute-force optimum on tiny random instances, with a valid bound', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const instance = tinyInstance(seed, 7, 11, 3, 2);
      for (const weighted of [false, true]) {
        const result = scheduleFast(instance, { weighted });
        expect(checkSchedule(instance, result.scheduled)).toEqual([]);
        const optimum = bruteForceOptimum(instance, weighted);
        expect(result.objective, `seed ${seed} weighted ${weighted}`).toBe(optimum);
        expect(result.bound!).toBeGreaterThanOrEqual(optimum);
        expect(result.scheduled.length + result.unscheduled.length).toBe(instance.requests.length);
      }
    }
  });

  it('weighted, gives the one table to the must-meet request', () => {
    const instance = parseInstance({
      slots: 1,
      tables: 1,
      participants: ['a', 'b', 'c', 'd'].map((id) => ({ id, available: [1] })),
      requests: [
        { id: 'like', from: 'a', to: 'b', priority: 1 },
        { id: 'must', from: 'c', to: 'd', priority: 2 },
      ],
    });
    expect(scheduleFast(instance, { weighted: true })).toMatchObject({ objective: 2, scheduled: [{ request: 'must', slot: '1', table: 1 }], unscheduled: ['like'] });
    // Two light requests outweigh one heavy one when they can both be held.
    const star = parseInstance({
      slots: 1,
      tables: 2,
      participants: ['a', 'b', 'c', 'd'].map((id) => ({ id, available: [1] })),
      requests: [
        { id: 'ab', from: 'a', to: 'b', priority: 1 },
        { id: 'cd', from: 'c', to: 'd', priority: 1 },
        { id: 'ac', from: 'a', to: 'c', priority: 1.5 },
      ],
    });
    expect(scheduleFast(star, { weighted: true }).unscheduled).toEqual(['ac']);
  });
});

describe('reschedule', () => {
  it('keeps meetings in place after a cancellation and a late acceptance, and names those it moves', () => {
    const instance = tinyInstance(5, 12, 20, 4, 3);
    const first = scheduleFast(instance);
    const cancelled = first.scheduled[0].request;
    const after = { ...instance, requests: instance.requests.filter((r) => r.id !== cancelled) };
    const again = reschedule(after, first.scheduled);
    expect(checkSchedule(after, again.scheduled)).toEqual([]);
    const kept = first.scheduled.filter((m) => m.request !== cancelled);
    for (const m of kept) if (!again.moved.some((x) => x.request === m.request)) expect(again.scheduled).toContainEqual(m);
    expect(again.objective).toBeGreaterThanOrEqual(first.objective - 1);
    expect(again.moved.length).toBeLessThanOrEqual(2);

    // A late acceptance that fits only where an existing meeting sits: that meeting moves, and says so.
    const small = parseInstance({
      slots: 2,
      tables: 5,
      participants: [
        { id: 'a', available: [1, 2] },
        { id: 'b', available: [1, 2] },
        { id: 'c', available: [1] },
      ],
      requests: [{ id: 'ab', from: 'a', to: 'b' }],
    });
    const before = [{ request: 'ab', slot: '1', table: 1 }];
    const late = { ...small, requests: [...small.requests, { id: 'ac', from: 'a', to: 'c', priority: 1 }] };
    const moved = reschedule(late, before);
    expect(moved.objective).toBe(2);
    expect(moved.moved).toEqual([{ request: 'ab', from: { slot: '1', table: 1 }, to: { slot: '2', table: 1 } }]);
    expect(reschedule(small, before)).toMatchObject({ scheduled: before, moved: [] });
  });

  it('swaps a must-meet meeting into a slot held by a lower-priority one, moving as few meetings as it can, and says which moved', () => {
    // a meets b (would like) in slot 1 and d (would like) in slot 2; c, only there in slot 1, must meet a.
    const participants = [
      { id: 'a', available: [1, 2] },
      { id: 'b', available: [1, 2] },
      { id: 'c', available: [1] },
      { id: 'd', available: [2] },
    ];
    const previous = [
      { request: 'ab', slot: '1', table: 1 },
      { request: 'ad', slot: '2', table: 1 },
    ];
    const requests = [
      { id: 'ab', from: 'a', to: 'b', priority: 1 },
      { id: 'ad', from: 'a', to: 'd', priority: 1 },
    ];
    const must = parseInstance({ slots: 2, tables: 3, participants, requests: [...requests, { id: 'ac', from: 'a', to: 'c', priority: 2 }] });
    for (const weighted of [false, true]) {
      const swapped = reschedule(must, previous, { weighted });
      expect(checkSchedule(must, swapped.scheduled)).toEqual([]);
      expect(swapped.scheduled).toContainEqual({ request: 'ac', slot: '1', table: 1 });
      expect(swapped.scheduled).toContainEqual({ request: 'ad', slot: '2', table: 1 });
      expect(swapped.moved).toEqual([{ request: 'ab', from: { slot: '1', table: 1 }, to: null }]);
      expect(swapped.unscheduled).toEqual(['ab']);
    }
    // Of equal priority, the existing meetings stay and the late request waits.
    const like = parseInstance({ slots: 2, tables: 3, participants, requests: [...requests, { id: 'ac', from: 'a', to: 'c', priority: 1 }] });
    expect(reschedule(like, previous)).toMatchObject({ scheduled: previous, unscheduled: ['ac'], moved: [] });
    // When the displaced meeting has somewhere else to go (b and d are free in slot 3), it moves there instead of dropping out.
    const roomy = parseInstance({ slots: 3, tables: 3, participants: participants.map((p) => (p.id === 'c' ? p : { ...p, available: [...p.available, 3] })), requests: must.requests });
    const moved = reschedule(roomy, previous);
    expect(checkSchedule(roomy, moved.scheduled)).toEqual([]);
    expect(moved.objective).toBe(3);
    expect(moved.moved).toEqual([{ request: 'ab', from: { slot: '1', table: 1 }, to: { slot: '3', table: 1 } }]);
  });
});

describe('the combinatorial bound of the fast mode', () => {
  it('is never below the brute-force optimum on tiny random instances', () => {
    for (let seed = 100; seed < 160; seed++) {
      const instance = tinyInstance(seed, 6, 12, 3, 3);
      for (const weighted of [false, true]) {
        const bound = combinatorialBound(indexInstance(instance, weighted));
        expect(bound, `seed ${seed} weighted ${weighted}`).toBeGreaterThanOrEqual(bruteForceOptimum(instance, weighted));
      }
    }
  });

  it("counts a participant's requests only as far as distinct slots they allow can take them", () => {
    // a has three requests and three slots, but b and c can come only in slot 1: a holds two meetings at most.
    const instance = parseInstance({
      slots: 3,
      tables: 5,
      participants: [
        { id: 'a', available: [1, 2, 3] },
        { id: 'b', available: [1] },
        { id: 'c', available: [1] },
        { id: 'd', available: [2, 3] },
      ],
      requests: [
        { id: 'ab', from: 'a', to: 'b', priority: 1 },
        { id: 'ac', from: 'a', to: 'c', priority: 1 },
        { id: 'ad', from: 'a', to: 'd', priority: 1 },
      ],
    });
    expect(bruteForceOptimum(instance)).toBe(2);
    // Counting alone (min(#requests, #slots) per side, per slot, tables) allows 3.
    expect(scheduleFast(instance)).toMatchObject({ objective: 2, bound: 2 });
  });

  it('seats the heaviest requests a participant can hold in distinct slots (weighted)', () => {
    const allowed = [Int32Array.from([0, 1]), Int32Array.from([0]), Int32Array.from([1]), Int32Array.from([0])];
    const w = [3, 2, 2, 5];
    // Heaviest first: 5 (slot 0), 3 (moved to slot 1), then neither 2 fits: two slots hold 8.
    expect(participantMatchingWeight([3, 0, 1, 2], allowed, w, 2)).toBe(8);
    // Without the 5: 3 moves to slot 1 to let a 2 have slot 0; 3 + 2.
    expect(participantMatchingWeight([0, 1, 2], allowed, w, 2)).toBe(5);
    expect(participantMatchingWeight([1], allowed, w, 2)).toBe(2);
  });
});
