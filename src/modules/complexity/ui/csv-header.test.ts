import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessColumns, HEAD_BYTES, readCsvHead } from './csv-header.ts';

const table = readFileSync(new URL('../../../../test/fixtures/real/complexity/global_exports.csv', import.meta.url));

describe('readCsvHead', () => {
  it('reads the header and first rows of the start of a real file, a cut last line dropped', () => {
    const head = readCsvHead(new Uint8Array(table.subarray(0, HEAD_BYTES)), 3);
    expect(head.columns).toEqual(['Country ID', 'Country', 'Section ID', 'Section', 'Trade Value']);
    expect(head.rows).toEqual([
      ['afago', 'Angola', '1', 'Animal Products', '159909367'],
      ['afago', 'Angola', '2', 'Vegetable Products', '64794466'],
      expect.any(Array),
    ]);
    // The name columns, where the table has both names and IDs, so the ranking reads Chinese Taipei, not asxxb.
    expect(guessColumns(head)).toEqual({ loc: 'Country', prod: 'Section', val: 'Trade Value' });
    expect(guessColumns({ columns: ['Country ID', 'Section ID', 'Trade Value'], rows: [['a', 'b', '1']] })).toEqual({ loc: 'Country ID', prod: 'Section ID', val: 'Trade Value' });
  });

  it('reads quoted fields, CRLF, a byte-order mark and GBK-encoded Chinese headers', () => {
    const quoted = readCsvHead(new TextEncoder().encode('\ufeff"地区","行业, 门类",年份,产值\r\n"天津","制造业, ""高端""",2023,12.5\r\n'));
    expect(quoted.columns).toEqual(['地区', '行业, 门类', '年份', '产值']);
    expect(quoted.rows).toEqual([['天津', '制造业, "高端"', '2023', '12.5']]);
    expect(guessColumns(quoted)).toEqual({ loc: '地区', prod: '行业, 门类', val: '产值', time: '年份' });
    // "地区,行业,产值\n天津,制造业,1\n" in GBK.
    const gbk = Uint8Array.of(0xb5, 0xd8, 0xc7, 0xf8, 0x2c, 0xd0, 0xd0, 0xd2, 0xb5, 0x2c, 0xb2, 0xfa, 0xd6, 0xb5, 0x0a, 0xcc, 0xec, 0xbd, 0xf2, 0x2c, 0xd6, 0xc6, 0xd4, 0xec, 0xd2, 0xb5, 0x2c, 0x31, 0x0a);
    expect(readCsvHead(gbk).columns).toEqual(['地区', '行业', '产值']);
  });

  it('splits the header of a tab- or semicolon-separated file as the server will', () => {
    expect(readCsvHead(new TextEncoder().encode('地区\t行业\t产值\n天津\t制造业\t1,200\n')).columns).toEqual(['地区', '行业', '产值']);
    expect(readCsvHead(new TextEncoder().encode('"a;b",c\nx,y\n')).columns).toEqual(['a;b', 'c']);
    expect(readCsvHead(new TextEncoder().encode('region;sector;value\nA;x;1\n')).rows).toEqual([['A', 'x', '1']]);
  });

  it('finds no columns in an empty file, and no value column among words', () => {
    expect(readCsvHead(new Uint8Array()).columns).toEqual([]);
    expect(guessColumns({ columns: ['country', 'product', 'value'], rows: [['a', 'b', 'n/a']] })).toEqual({ loc: 'country', prod: 'product' });
  });
});
