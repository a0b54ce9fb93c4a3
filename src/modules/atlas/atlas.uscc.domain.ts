/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from 0-9 and the capital letters
 * without I, O, Z, S, V; 1 registration authority, 2 organisation type, 3–8 the registering region (GB/T 2260),
 * 9–17 the organisation's code, 18 a check character over the first 17 (weights 3^(i-1) mod 31).
 */

/** The code's alphabet; a character's value is its index. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * The check character (18th) of a code's first 17 characters, or null when they use a character outside the alphabet.
 * @example usccCheckChar('91350100M000100Y4') // '3'
 */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Why a code is not a valid USCC, in both languages, or null when it is. */
export interface UsccProblem {
  zh: string;
  en: string;
}

/**
 * Checks a code (already trimmed and upper-cased by `normaliseUscc`): length, alphabet and region digits, then the
 * check character, naming the expected one.
 * @example usccProblem('91350100M000100Y43') // null
 */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return { zh: `应为 18 位，实为 ${code.length} 位`, en: `must have 18 characters, has ${code.length}` };
  if (!SHAPE.test(code)) {
    return { zh: '含有不允许的字符（第 3–8 位为数字，其余不含 I、O、Z、S、V）', en: 'has a character not allowed (3rd–8th are digits; none is I, O, Z, S or V)' };
  }
  const expected = usccCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return { zh: `校验位应为 ${expected}，实为 ${code[17]}`, en: `check character should be ${expected}, is ${code[17]}` };
  return null;
}

/** A code as typed (spaces, lower case, full-width characters) in the form it is checked and stored. */
export function normaliseUscc(raw: string): string {
  return raw
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}

/**
 * A valid code from its first 17 characters (authority, type, region, organisation code) and their check character.
 * For demo data and tests: the caller makes up the body, so the code is nobody's.
 * @example withCheckChar('91350100M000100Y4') // '91350100M000100Y43'
 */
export function withCheckChar(first17: string): string {
  const c = usccCheckChar(first17);
  if (c === null) throw new Error(`not a USCC body: ${first17}`);
  return first17 + c;
}
