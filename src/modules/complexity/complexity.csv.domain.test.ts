import { describe, expect, it } from 'vitest';
import { detectDelimiter, ungroupDigits } from './complexity.csv.domain.ts';

describe('detectDelimiter', () => {
  it('takes the separator the header line uses most, outside quotes, and a comma otherwise', () => {
    expect(detectDelimiter('loc,prod,val\n')).toBe(',');
    expect(detectDelimiter('loc\tprod\tval\r\nA\tx\t1')).toBe('\t');
    expect(detectDelimiter('loc;prod;val')).toBe(';');
    expect(detectDelimiter('loc|prod|val')).toBe('|');
    expect(detectDelimiter('"a;b;c",d,e')).toBe(',');
    expect(detectDelimiter('value')).toBe(',');
    expect(detectDelimiter('\n\nloc\tprod')).toBe('\t');
  });
});

describe('ungroupDigits', () => {
  it('drops thousands separators from a number written with them, and leaves anything else', () => {
    expect(['1,200', '12,345,678.25', '-1,000', '1,20', '1200', '1,2,3', 'a,b', '1,200,00'].map(ungroupDigits)).toEqual([
      '1200', '12345678.25', '-1000', '1,20', '1200', '1,2,3', 'a,b', '1,200,00',
    ]);
  });
});
