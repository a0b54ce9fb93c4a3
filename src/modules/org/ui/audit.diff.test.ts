import { describe, expect, it } from 'vitest';
import { diffFields, formatValue } from './audit.diff.ts';

describe('diffFields', () => {
  it('marks the fields an update changed and keeps the unchanged ones', () => {
    const rows = diffFields(
      { name: '天津市统计局', short_name: '市统计局', aliases: [], version: 1 },
      { name: '天津市统计局', short_name: '统计局', aliases: ['市统计'], version: 2 },
    );
    expect(rows.filter((r) => r.changed).map((r) => r.field)).toEqual(['short_name', 'aliases', 'version']);
    expect(rows.find((r) => r.field === 'name')).toMatchObject({ changed: false, before: '天津市统计局', after: '天津市统计局' });
  });

  it('shows every field of a create as new and of a delete as removed', () => {
    expect(diffFields(null, { name: 'A' })).toEqual([{ field: 'name', before: undefined, after: 'A', changed: true }]);
    expect(diffFields({ name: 'A' }, undefined)).toEqual([{ field: 'name', before: 'A', after: undefined, changed: true }]);
  });

  it('compares lists (role grants) as one value, ignoring nothing inside', () => {
    const before = [{ role: 'unit_viewer', unitId: 'u1' }];
    expect(diffFields(before, [{ role: 'unit_viewer', unitId: 'u1' }])).toEqual([{ field: '', before, after: before, changed: false }]);
    expect(diffFields(before, [{ role: 'unit_editor', unitId: 'u1' }])[0].changed).toBe(true);
  });

  it('treats a missing field and null alike, and nested objects by value', () => {
    expect(diffFields({ a: null, o: { x: 1 } }, { o: { x: 1 } }).every((r) => !r.changed)).toBe(true);
    expect(diffFields({}, {})).toEqual([]);
  });

  it('lists fields in the preferred order with bookkeeping last', () => {
    const rows = diffFields({ version: 1, id: 'x', kind: 'bureau', name: 'A', extra: 1 }, null, ['name', 'kind']);
    expect(rows.map((r) => r.field)).toEqual(['name', 'kind', 'extra', 'id', 'version']);
  });
});

describe('formatValue', () => {
  it('reads lists, booleans and empties the way a person would', () => {
    expect(formatValue(['市发改委', '发改委'])).toBe('市发改委、发改委');
    expect(formatValue([])).toBe('—');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(true, ['是', '否'])).toBe('是');
    expect(formatValue({ role: 'admin' })).toBe('{"role":"admin"}');
  });
});
