import { Type } from 'typebox';

/**
 * A string schema limited to the given values, typed as their union (JSON Schema `enum`).
 * @example const Status = StringEnum(['draft', 'issued']) // Static<typeof Status> = 'draft' | 'issued'
 */
export function StringEnum<const T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}
