import { describe, expect, it } from 'vitest';
import { copyField } from './db-copy.ts';

describe('copyField', () => {
  it('writes NULL as \\N and escapes what COPY text would otherwise read as a separator or an escape', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField(12.5)).toBe('12.5');
    expect(copyField('天津示例科技有限公司')).toBe('天津示例科技有限公司');
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField('')).toBe('');
  });
});
