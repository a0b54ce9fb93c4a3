import { describe, expect, it } from 'vitest';
import { queryTokens, searchTerms } from './search-tokens.ts';

describe('searchTerms', () => {
  it('holds every token a query for two or more characters of the text asks for, and nothing a query cannot ask for', () => {
    const texts = ['天津滨海新区示例A7芯片科技有限公司', '12 英寸晶圆代工', '链主/龙头', '专精特新“小巨人”', 'IoT-Module 5G 模组', '京'];
    const terms = searchTerms(...texts);
    for (const text of texts) {
      for (let from = 0; from < text.length; from++) {
        for (let to = from + 2; to <= text.length; to++) {
          for (const token of queryTokens(text.slice(from, to))) {
            // Latin and digits are kept as whole runs only (a query for a piece of one, a7 → a, finds nothing): listed below.
            if (/^[a-z0-9]+$/.test(token)) continue;
            // A piece cut to one CJK character (7芯 of A7芯片) asks for that character alone: see 京 and 天 below.
            if (token.length === 1) continue;
            expect(terms).toContain(token);
          }
        }
      }
    }
    expect(terms).toEqual(expect.arrayContaining(['天津', '滨海', 'a7', '芯片', '12', '晶圆', '链主', '龙头', '巨人', 'iot', 'module', '5g', '模组', '京']));
    expect(terms.filter((t) => /[\u3400-\u9fff]/.test(t) && t.length > 2)).toEqual([]);
    // A lone character is kept only when it stands alone (京); one inside a longer run is not (天 of 天津).
    expect(terms).not.toContain('天');
    expect(new Set(terms).size).toBe(terms.length);
  });
});
