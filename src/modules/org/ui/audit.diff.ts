/** One field of an audited record, before and after the change. */
export interface FieldChange {
  /** The field name; '' when the record is not an object (e.g. a list of roles). */
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality for JSON values (what the audit log stores). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameJson(a[k], b[k]));
  }
  return false;
}

// Bookkeeping columns go last, under the fields a person changes.
const LAST = ['id', 'version', 'created_at', 'updated_at'];

/** Orders field names: the given order first (by its position), other fields as they come, bookkeeping last. */
function orderFields(fields: string[], preferred: readonly string[]): string[] {
  const rank = (f: string) => {
    const p = preferred.indexOf(f);
    if (p >= 0) return p;
    const l = LAST.indexOf(f);
    return l >= 0 ? 10_000 + l : 5_000;
  };
  return fields.map((f, i) => [f, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([f]) => f);
}

/**
 * Lines up the before and after JSON of an audit entry field by field, marking what changed. A create has only
 * `after`, a delete only `before`; values that are not objects compare as one unnamed field. Fields follow
 * `preferredOrder`, then the record's own order, with id, version and timestamps last.
 * @example diffFields({ name: 'A', v: 1 }, { name: 'B', v: 1 }) // [{field:'name',…,changed:true}, {field:'v',…,changed:false}]
 */
export function diffFields(before: unknown, after: unknown, preferredOrder: readonly string[] = []): FieldChange[] {
  const b = before ?? null;
  const a = after ?? null;
  if (b === null && a === null) return [];
  if ((b === null || isPlainObject(b)) && (a === null || isPlainObject(a))) {
    const fields = orderFields([...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])], preferredOrder);
    return fields.map((field) => {
      const was = b === null ? undefined : b[field];
      const is = a === null ? undefined : a[field];
      return { field, before: was, after: is, changed: !sameJson(was, is) };
    });
  }
  return [{ field: '', before: b ?? undefined, after: a ?? undefined, changed: !sameJson(b, a) }];
}

/**
 * A JSON value as short readable text: lists joined with 、, objects as compact JSON, missing as —.
 * @example formatValue(['市发改委', '发改委']) // '市发改委、发改委'
 */
export function formatValue(value: unknown, yesNo: [string, string] = ['true', 'false']): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? yesNo[0] : yesNo[1];
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.length ? value.join('、') : '—';
  return JSON.stringify(value);
}
