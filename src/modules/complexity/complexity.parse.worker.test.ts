import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ComplexityInputError } from './complexity.errors.ts';
import { INLINE_PARSE_BYTES, parseTableOffThread } from './complexity.parse.worker.ts';
import { decodeTable } from './complexity.csv.domain.ts';
import { parseComplexityCsv } from './complexity.table.ts';

const rows = readFileSync(new URL('../../../test/fixtures/real/complexity/global_exports.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
const columns = { loc: 'Country ID', prod: 'Section ID', val: 'Trade Value', time: 'year' };
/** The OEC table repeated for 60 years: over the inline limit, so it is read in a worker. */
const lines = ['year,Country ID,Country,Section ID,Section,Trade Value', ...Array.from({ length: 60 }, (_, y) => rows.map((r) => `${1960 + y},${r}`)).flat()];

describe('parseTableOffThread', () => {
  it('reads a large table in a worker exactly as in place', async () => {
    const text = lines.join('\n') + '\n';
    expect(Buffer.byteLength(text)).toBeGreaterThan(INLINE_PARSE_BYTES);
    const table = await parseTableOffThread(Buffer.from(text), columns);
    expect(table).toEqual(parseComplexityCsv(text, columns));
    expect(table.periods).toHaveLength(60);
    expect(table.periods[59].values).toBeInstanceOf(Float64Array);
  });

  it('names the line of a bad value deep in a large table', async () => {
    const bad = [...lines];
    bad[200_000] = bad[200_000].replace(/,\d+$/, ',n/a');
    const error = await parseTableOffThread(Buffer.from(bad.join('\n')), columns).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComplexityInputError);
    expect(error).toMatchObject({
      line: 200_001,
      column: 'Trade Value',
      zh: '第 200001 行“Trade Value”列：“n/a”不是数字',
      en: 'Column "Trade Value", line 200001: "n/a" is not a number',
    });
  });

  it('decodes GB18030 (Excel’s CSV on Chinese Windows) and UTF-8 with a byte-order mark', () => {
    const gbk = Uint8Array.of(0xb5, 0xd8, 0xc7, 0xf8, 0x2c, 0xb2, 0xfa, 0xd6, 0xb5); // 地区,产值
    expect(decodeTable(gbk)).toBe('地区,产值');
    expect(decodeTable(new TextEncoder().encode('\ufeff地区,产值'))).toBe('地区,产值');
  });
});
