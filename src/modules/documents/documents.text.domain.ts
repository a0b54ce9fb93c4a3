/**
 * Character-level clean-up and number reading shared by the document parser.
 * Text keeps its full-width punctuation (（）、，。：) as written; only glyphs that are
 * wrong stand-ins for ideographs, invisible characters and odd spaces are replaced.
 */

/**
 * CJK Radicals Supplement (U+2E80–U+2EFF) glyphs that PDF text layers emit for ordinary
 * ideographs, with the unified ideograph each one stands for (after Unicode's
 * EquivalentUnifiedIdeograph.txt). NFKC maps only ⺟ and ⻳ of this block, so the rest is listed.
 */
const RADICAL_SUPPLEMENT_PAIRS =
  '⺁厂⺄乙⺅亻⺆冂⺇几⺉刂⺊卜⺋㔾⺌小⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺖忄⺗㣺⺘扌⺙攵⺛旡⺝月⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫' +
  '⺦丬⺨犭⺩王⺪疋⺫目⺬示⺭礻⺯糹⺰纟⺲罒⺳㓁⺹耂⺺肀⺽臼⺾艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻈讠⻉贝⻋车⻌辶⻍辶⻎辶' +
  '⻏阝⻐钅⻑长⻒镸⻓长⻔门⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐' +
  '⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟';

const RADICAL_SUPPLEMENT = new Map<string, string>();
for (let i = 0; i + 1 < RADICAL_SUPPLEMENT_PAIRS.length; i += 2) {
  RADICAL_SUPPLEMENT.set(RADICAL_SUPPLEMENT_PAIRS[i], RADICAL_SUPPLEMENT_PAIRS[i + 1]);
}

// Kangxi Radicals, CJK Radicals Supplement, compatibility ideographs, invisible characters, odd spaces.
const SUSPECT_CHARS =
  /[\u2E80-\u2EFF\u2F00-\u2FDF\uF900-\uFAFF\u{2F800}-\u{2FA1F}\u200B-\u200D\u2060\uFEFF\u00AD\u00A0\u2000-\u200A\u202F\u205F]/gu;

/**
 * Replaces Kangxi-radical and radical-supplement glyphs with the unified ideographs they stand
 * for (⼀→一, ⾯→面, ⻓→长), drops zero-width characters and turns odd spaces into plain spaces.
 * @example normalizeChars('⼀、全⾯推进') // '一、全面推进'
 */
export function normalizeChars(text: string): string {
  return text.replace(SUSPECT_CHARS, (ch) => {
    const code = ch.codePointAt(0)!;
    if (code >= 0x2e80 && code <= 0x2eff) return RADICAL_SUPPLEMENT.get(ch) ?? ch;
    if (code >= 0x2f00 && code <= 0x2fdf) return ch.normalize('NFKC');
    if ((code >= 0xf900 && code <= 0xfaff) || (code >= 0x2f800 && code <= 0x2fa1f)) return ch.normalize('NFKC');
    if (code === 0x00a0 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f) return ' ';
    return '';
  });
}

/** Turns full-width digits into ASCII digits (２０１９ → 2019). */
export function toAsciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, '○': 0, Ｏ: 0, O: 0, o: 0, 0: 0,
  一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/** Characters that may appear in a Chinese numeral as used for numbering and dates. */
export const CN_NUMERAL_CHARS = '零〇○一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾佰仟';

/**
 * Reads an integer written in Arabic or Chinese numerals; null when it is not one.
 * @example parseNumber('二十三') // 23, parseNumber('一百零五') // 105, parseNumber('１２') // 12
 */
export function parseNumber(raw: string): number | null {
  const s = toAsciiDigits(raw.trim());
  if (s === '') return null;
  if (/^\d+$/.test(s)) return s.length > 9 ? null : Number(s);
  let total = 0;
  let digit: number | null = null;
  let sawUnit = false;
  for (const ch of s) {
    if (ch in CN_DIGITS) {
      if (CN_DIGITS[ch] === 0 && sawUnit) continue; // 一百零五: the zero only holds a place
      if (digit !== null && !sawUnit) {
        // positional digits without units (二〇一九) — read them as a digit string
        return parseDigitString(s);
      }
      digit = CN_DIGITS[ch];
      sawUnit = false;
    } else if (ch in CN_UNITS) {
      total += (digit ?? 1) * CN_UNITS[ch];
      digit = null;
      sawUnit = true;
    } else {
      return null;
    }
  }
  return total + (digit ?? 0);
}

function parseDigitString(s: string): number | null {
  let out = 0;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    if (d === undefined) return null;
    out = out * 10 + d;
  }
  return out;
}

/** Width of a line in full-width character units (ASCII letters and digits count half). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2e80 && ch.charCodeAt(0) !== 0x2014 ? 0.5 : 1;
  return w;
}

/** Trims ASCII and full-width whitespace from both ends. */
export function trimAll(text: string): string {
  return text.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/** Removes all whitespace (ASCII and full-width), used to compare titles and names. */
export function squeeze(text: string): string {
  return text.replace(/[\s\u3000]+/g, '');
}
