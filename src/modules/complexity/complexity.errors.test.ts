import { describe, expect, it } from 'vitest';
import { pickLanguage } from '../../web/i18n.ts';
import { ComplexityInputError } from './complexity.errors.ts';
import { parseComplexityCsv, type ComplexityColumns } from './complexity.table.ts';

const columns: ComplexityColumns = { loc: 'country', prod: 'hs', val: 'usd' };
const good = ['country,hs,usd', 'a,x,4', 'a,y,1', 'b,x,1', 'b,y,4'];
const CJK = /[\u3400-\u9fff]/;

function refusal(lines: string[], cols: ComplexityColumns = columns): ComplexityInputError {
  try {
    parseComplexityCsv(lines.join('\n'), cols);
  } catch (error) {
    expect(error).toBeInstanceOf(ComplexityInputError);
    return error as ComplexityInputError;
  }
  throw new Error('expected a ComplexityInputError');
}

describe('a refused table, in the language of the UI', () => {
  it.each([
    ['text in a number column', [...good.slice(0, 4), 'b,y,four'], ['第 5 行', '“usd”列', '“four”不是数字'], 'Column "usd", line 5: "four" is not a number'],
    ['a negative value', [...good.slice(0, 4), 'b,y,-4'], ['第 5 行', '“usd”列', '负数'], 'Column "usd", line 5: -4 is negative; values must be ≥ 0'],
    ['a duplicate row', [...good, 'a,y,7'], ['第 3 行', '第 6 行', '地区“a”', '产品“y”', '重复'], 'Duplicate row for location "a" × product "y": lines 3 and 6'],
    ['a missing column', ['country,product,usd', 'a,x,1'], ['第 1 行', '“hs”列'], 'Column "hs" is missing from the header (line 1); the columns are: country, product, usd'],
    ['an all-zero table', ['country,hs,usd', 'a,x,0', 'b,y,0'], ['“usd”列', '全部为 0'], 'Every value in column "usd" is 0'],
  ])('%s: Chinese names the line and column, English is unchanged', (_, lines, zhParts, en) => {
    const e = refusal(lines);
    const zh = pickLanguage(e.message, 'zh-CN');
    expect(zh).toMatch(CJK);
    for (const part of zhParts) expect(zh).toContain(part);
    expect(pickLanguage(e.message, 'en-US')).toBe(en);
    expect(e.message).toBe(`${zh} / ${en}`);
    expect([e.zh, e.en]).toEqual([zh, en]);
    // The field detail says the same, so the upload form shows it in the UI language too.
    expect(e.details[0].message).toBe(e.message);
  });

  it('keeps the line and column as data', () => {
    expect(refusal([...good.slice(0, 4), 'b,y,four'])).toMatchObject({ line: 5, column: 'usd', lines: [5] });
  });

  it('splits at the right place when a column name holds " / "', () => {
    const cols = { ...columns, val: 'usd / cny' };
    const e = refusal(['country,hs,usd / cny', 'a,x,1', 'a,y,abc'], cols);
    expect(pickLanguage(e.message, 'zh-CN')).toBe('第 3 行“usd/cny”列：“abc”不是数字');
    expect(pickLanguage(e.message, 'en-US')).toBe('Column "usd / cny", line 3: "abc" is not a number');
  });
});
