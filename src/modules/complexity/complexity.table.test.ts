import { describe, expect, it } from 'vitest';
import { computeComplexity } from './complexity.domain.ts';
import { ComplexityInputError } from './complexity.errors.ts';
import { csvChunks, parseComplexityCsv, type ComplexityColumns } from './complexity.table.ts';

const columns: ComplexityColumns = { loc: 'country', prod: 'hs', val: 'usd' };
const good = ['country,hs,usd', 'a,x,4', 'a,y,1', 'b,x,1', 'b,y,4'];

/** The ComplexityInputError that parsing (and, if parsing passes, computing) throws. */
function failure(lines: string[], cols: ComplexityColumns = columns): ComplexityInputError {
  try {
    const table = parseComplexityCsv(lines.join('\n'), cols);
    computeComplexity(table.periods);
  } catch (error) {
    expect(error).toBeInstanceOf(ComplexityInputError);
    return error as ComplexityInputError;
  }
  throw new Error('expected a ComplexityInputError');
}

describe('parseComplexityCsv', () => {
  it('reads a long table into a dense, sorted period; missing pairs are 0 and extra columns ignored', () => {
    const table = parseComplexityCsv(
      ['name,usd,hs,country', 'A,4,y,b', 'A,2,x,a', 'B,1,z,b'].join('\n'),
      columns,
    );
    expect(table.rows).toBe(3);
    expect(table.periods).toHaveLength(1);
    const [p] = table.periods;
    expect(p.period).toBe('');
    expect(p.locations).toEqual(['a', 'b']);
    expect(p.products).toEqual(['x', 'y', 'z']);
    expect(Array.from(p.values)).toEqual([2, 0, 0, 0, 4, 1]);
  });

  it('reads tab-, semicolon- and bar-separated tables as its header line shows, and numbers with thousands separators', () => {
    const expected = parseComplexityCsv(good.join('\n'), columns).periods;
    for (const sep of ['\t', ';', '|']) {
      expect(parseComplexityCsv(good.map((l) => l.replaceAll(',', sep)).join('\n'), columns).periods, JSON.stringify(sep)).toEqual(expected);
    }
    // As a spreadsheet exports formatted values: "1,200" quoted in a comma-separated file, 1,200 bare in a tab-separated one.
    const grouped = parseComplexityCsv(['country,hs,usd', 'a,x,"1,200"', 'a,y,"12,345,678.5"', 'b,x,1', 'b,y,4'].join('\n'), columns);
    expect(Array.from(grouped.periods[0].values)).toEqual([1200, 12345678.5, 1, 4]);
    const tabbed = parseComplexityCsv(['country\ths\tusd', 'a\tx\t1,200', 'a\ty\t1', 'b\tx\t1', 'b\ty\t4'].join('\n'), columns);
    expect(Array.from(tabbed.periods[0].values)).toEqual([1200, 1, 1, 4]);
    // A comma that is not a thousands separator is still refused, naming the line.
    expect(failure(['country,hs,usd', 'a,x,"1,20"', 'b,y,4']).message).toContain('line 2: "1,20" is not a number');
  });

  it('reads a file saved by Excel on Chinese Windows (GB18030) as the upload does, not as mojibake', () => {
    // 地区,行业,产值 / 天津,制造业,1 / 天津,农业,3 / 北京,制造业,2 / 北京,农业,1 in GBK.
    const gbk = Buffer.from('b5d8c7f82cd0d0d2b52cb2fad6b50accecbdf22cd6c6d4ecd2b52c310accecbdf22cc5a9d2b52c330ab1b1bea92cd6c6d4ecd2b52c320ab1b1bea92cc5a9d2b52c310a', 'hex');
    const [p] = parseComplexityCsv(gbk, { loc: '地区', prod: '行业', val: '产值' }).periods;
    expect(p.locations).toEqual(['北京', '天津']);
    expect(p.products).toEqual(['农业', '制造业']);
  });

  it('splits periods, in numeric order', () => {
    const table = parseComplexityCsv(
      ['year,country,hs,usd', '2010,a,x,1', '9,a,x,2', '2010,b,y,3', '9,b,y,4'].join('\n'),
      { ...columns, time: 'year' },
    );
    expect(table.periods.map((p) => p.period)).toEqual(['9', '2010']);
    expect(Array.from(table.periods[0].values)).toEqual([2, 0, 0, 4]);
  });

  it('names a missing column and lists the ones there are', () => {
    const e = failure(['country,product,usd', 'a,x,1']);
    expect(e.en).toBe('Column "hs" is missing from the header (line 1); the columns are: country, product, usd');
    expect(e).toMatchObject({ line: 1, column: 'hs' });
  });

  it.each([
    ['a negative value', 'b,y,-4', /Column "usd", line 5: -4 is negative/],
    ['NaN', 'b,y,NaN', /Column "usd", line 5: "NaN" is not a number/],
    ['text', 'b,y,four', /Column "usd", line 5: "four" is not a number/],
    ['an empty value', 'b,y,', /Column "usd", line 5: the value is empty/],
    ['Infinity', 'b,y,Infinity', /Column "usd", line 5: "Infinity" is not a number/],
    ['a short row', 'b,y', /Line 5 has no value for column "usd"/],
    ['an empty location', ',y,4', /Column "country", line 5: the name is empty/],
  ])('refuses %s with its line and column', (_, lastRow, message) => {
    const e = failure([...good.slice(0, 4), lastRow]);
    expect(e.message).toMatch(message);
    expect(e.line).toBe(5);
  });

  it('counts lines as a person sees them (blank lines and quoted line breaks included)', () => {
    const e = failure(['country,hs,usd', '"a', 'north",x,4', '', 'a,y,-1']);
    expect(e.line).toBe(5);
  });

  it('refuses a duplicate location × product with the lines of both rows', () => {
    const e = failure([...good, 'a,y,7']);
    expect(e.en).toBe('Duplicate row for location "a" × product "y": lines 3 and 6');
    expect(e.lines).toEqual([3, 6]);
  });

  it('allows the same location × product in different periods, not twice in one', () => {
    const cols = { ...columns, time: 't' };
    const rows = ['t,country,hs,usd', '1,a,x,1', '2,a,x,1', '1,b,y,1', '2,b,y,1'];
    expect(parseComplexityCsv(rows.join('\n'), cols).periods).toHaveLength(2);
    const e = failure([...rows, '1,a,x,3'], cols);
    expect(e.en).toBe('Duplicate row for location "a" × product "x" × period "1": lines 2 and 6');
  });

  it('refuses a single location, a single product and an all-zero table', () => {
    expect(failure(['country,hs,usd', 'a,x,1', 'a,y,2']).message).toMatch(/only one location \("a"\)/);
    expect(failure(['country,hs,usd', 'a,x,1', 'b,x,2']).message).toMatch(/only one product \("x"\)/);
    expect(failure(['country,hs,usd', 'a,x,0', 'b,y,0']).en).toBe('Every value in column "usd" is 0');
  });

  it('refuses a period left with one location once zero rows are dropped', () => {
    const e = failure(['t,country,hs,usd', '1,a,x,1', '1,a,y,2', '1,b,x,0', '2,a,x,1', '2,b,y,1'], {
      ...columns,
      time: 't',
    });
    expect(e.message).toMatch(/at least two locations and two products with non-zero values in period 1/);
  });

  it('refuses a table whose locations all have the same products (ECI undefined)', () => {
    const e = failure(['country,hs,usd', 'a,x,1', 'a,y,2', 'b,x,2', 'b,y,4']);
    expect(e.message).toMatch(/every location has the same set of products/);
  });

  it('checks population: a number > 0, the same on every row of a location in a period', () => {
    const cols = { ...columns, pop: 'people' };
    const head = 'country,hs,usd,people';
    expect(failure([head, 'a,x,4,10', 'a,y,1,10', 'b,x,1,0', 'b,y,4,5'], cols).en).toBe(
      'Column "people", line 4: population must be more than 0',
    );
    const e = failure([head, 'a,x,4,10', 'a,y,1,11', 'b,x,1,5', 'b,y,4,5'], cols);
    expect(e.en).toBe('Column "people": location "a" has population 10 on line 2 but 11 on line 3');
    expect(e.lines).toEqual([2, 3]);
  });

  it('checks a presence column holds 0 or 1', () => {
    const e = failure(['country,hs,usd,m', 'a,x,4,1', 'a,y,1,0', 'b,x,1,0.5', 'b,y,4,1'], { ...columns, presence: 'm' });
    expect(e.en).toBe('Column "m", line 4: presence must be 0 or 1, got "0.5"');
  });

  it('reports broken CSV quoting as a ComplexityInputError', () => {
    expect(failure(['country,hs,usd', 'a,"x,1']).message).toMatch(/not valid CSV/);
  });

  it('keeps line numbers right deep into a large file (read in chunks)', () => {
    const rows = ['country,hs,usd'];
    for (let i = 0; rows.length < 80_000; i++) rows.push(`c${i % 400},p${Math.floor(i / 400)},${i}`);
    rows[70_000] = rows[70_000].replace(/\d+$/, '-1');
    const e = failure(rows);
    expect(e.line).toBe(70_001);
  });
});

describe('csvChunks', () => {
  it('cuts only at line breaks outside quotes, and loses nothing', () => {
    const text = 'a,b\n"x\ny\nz",1\n"say ""hi""\n",2\nlast,3';
    for (const size of [1, 2, 5, 9, 100]) {
      const chunks = [...csvChunks(text, size)];
      expect(chunks.join('')).toBe(text);
      for (const chunk of chunks.slice(0, -1)) {
        expect(chunk.endsWith('\n')).toBe(true);
        expect((chunk.match(/"/g) ?? []).length % 2).toBe(0);
      }
    }
  });
});
