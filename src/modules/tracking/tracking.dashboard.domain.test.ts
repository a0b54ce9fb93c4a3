import { describe, expect, it } from 'vitest';
import { groupTallies, tally } from './tracking.dashboard.domain.ts';

describe('dashboard tallies', () => {
  it('sums classes and warnings, none counted apart', () => {
    const t = tally([
      { class: 'behind', warning: 'yellow', n: 2 },
      { class: 'overdue', warning: 'red', n: 1 },
      { class: 'on_track', warning: null, n: 3 },
      { class: 'on_track', warning: 'blue', n: 1 },
    ]);
    expect(t).toEqual({
      total: 7,
      classes: { overdue: 1, behind: 2, on_track: 4, ahead: 0, done: 0 },
      warnings: { red: 1, yellow: 2, blue: 1, none: 3 },
    });
  });

  it('puts the groups with most red, then most yellow tasks first', () => {
    const groups = groupTallies([
      { key: 'a', label: '市发改委', class: 'on_track', warning: null, n: 9 },
      { key: 'b', label: '市工信局', class: 'behind', warning: 'yellow', n: 2 },
      { key: 'c', label: '市商务局', class: 'overdue', warning: 'red', n: 1 },
      { key: 'b', label: '市工信局', class: 'ahead', warning: null, n: 1 },
      { key: 'd', label: '市科技局', class: 'behind', warning: 'yellow', n: 1 },
    ]);
    expect(groups.map((g) => [g.label, g.total])).toEqual([
      ['市商务局', 1],
      ['市工信局', 3],
      ['市科技局', 1],
      ['市发改委', 9],
    ]);
  });
});
