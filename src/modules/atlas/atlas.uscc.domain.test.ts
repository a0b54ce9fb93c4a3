import { describe, expect, it } from 'vitest';
import { normaliseUscc, usccCheckChar, usccProblem, withCheckChar } from './atlas.uscc.domain.ts';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts codes whose check character the algorithm gives', () => {
    // The standard's own example, and two codes companies publish in their filings. For the first, by hand: the
    // weighted sum of 91350100M000100Y4 is 1640, 1640 mod 31 = 28, 31 - 28 = 3, and the 18th character is 3.
    for (const code of ['91350100M000100Y43', '91440300708461136T', '91110108551385082Q']) {
      expect(usccProblem(code)).toBeNull();
    }
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('accepts the codes of social organisations (社会团体 51…, 民办非企业单位 52…) and public institutions (12…) like companies\'', () => {
    // An association's code as the civil affairs bureau issues it: 5 (民政), 1 (社会团体), the region, then 9 characters
    // beginning with MJ; the check character follows the same rule as a company's.
    for (const body of ['51120000MJ0H2A001', '52110108MJ0000001', '12120000MB0000001']) {
      const code = withCheckChar(body);
      expect(usccProblem(code), code).toBeNull();
      expect(usccProblem(code.slice(0, 17) + (code[17] === '0' ? '1' : '0'))?.zh).toMatch(/^校验位应为/);
    }
  });

  it('names the expected check character when the 18th is wrong', () => {
    expect(usccProblem('91350100M000100Y44')).toEqual({ zh: '校验位应为 3，实为 4', en: 'check character should be 3, is 4' });
  });

  it('refuses codes of the wrong length or with letters the code never uses', () => {
    expect(usccProblem('91350100M000100Y4')?.en).toBe('must have 18 characters, has 17');
    expect(usccProblem('91350100M000100O43')?.en).toMatch(/not allowed/); // O is not in the alphabet
    expect(usccProblem('9135010AM000100Y43')?.en).toMatch(/not allowed/); // 3rd–8th are the region's digits
  });

  it('reads codes as people type them: spaces, lower case, full-width characters', () => {
    expect(normaliseUscc(' 9135 0100m000100y43 ')).toBe('91350100M000100Y43');
    expect(normaliseUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
  });

  it('completes a made-up body into a valid code (demo data)', () => {
    const code = withCheckChar('91120116MA0000001');
    expect(code).toHaveLength(18);
    expect(usccProblem(code)).toBeNull();
  });
});
