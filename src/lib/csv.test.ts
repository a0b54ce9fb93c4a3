import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, csvRows } from './csv.ts';

describe('CSV cells', () => {
  it('prefixes text that a spreadsheet would run as a formula, and quotes it where CSV needs it', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('leaves ordinary text, numbers (negative ones too) and empty cells as they are', () => {
    expect(csvLine(['天津市', 'a,b', -1.5, 0, Number.NaN, null, undefined])).toBe('天津市,"a,b",-1.5,0,,,');
    expect(csvRows([['x', 1], ['y', -2]])).toBe('x,1\ny,-2\n');
  });
});
