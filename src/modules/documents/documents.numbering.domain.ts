import type { MarkerStyle } from './documents.types.ts';
import { CN_NUMERAL_CHARS, parseNumber } from './documents.text.domain.ts';

/** A numbering marker found at the start of a paragraph. */
export interface MarkerMatch {
  style: MarkerStyle;
  /** The marker as written, e.g. "（十二）", "1．", "第三条". */
  marker: string;
  ordinal: number;
  /** The paragraph after the marker and the spaces or separator that follow it. */
  rest: string;
}

/**
 * Seniority of marker styles in Chinese official documents (GB/T 9704 and legislative drafting
 * practice): 部分/编/篇 › 章 › 节 › 条 › 一、 › （一） › 1. › （1） › 1） › ①. A style first met below a
 * more junior one climbs out of it; styles otherwise nest in the order they first appear.
 */
export const STYLE_RANK: Record<MarkerStyle, number> = {
  document: -2,
  annex: -1,
  part: 0,
  chapter: 1,
  section: 2,
  article: 3,
  'cn-dun': 4,
  'cn-paren': 5,
  'arabic-dot': 6,
  'arabic-paren': 7,
  'arabic-half-paren': 8,
  circled: 9,
};

const CN = `[${CN_NUMERAL_CHARS}]`;
const DIGIT = '[0-9０-９]';
const SP = '[ \\t\\u3000]';

// 第一部分 / 第一编 / 第一篇 (a 规划纲要's parts) / 第一章 / 第一节 / 第一条 — not "第一条的规定", "第三章节",
// "第二部分内容中", "第一篇章".
const ORDINAL_WORD = new RegExp(
  `^(第${SP}*(${CN}{1,6}|${DIGIT}{1,4})${SP}*(部分|编|篇|章|节|条))(?![的、，,和及或至到中之所款项规节章])`,
);
// An article number runs straight into its text only in front of the words articles open with.
const ARTICLE_OPENING = /^(?:[\s\u3000：:（(【[［]|$|为|本|国家|县级|设区|省|市|区|各级|各|任何|有下列|下列|违反|对|在|依照|依法|根据|按照|凡|公民|法人|企业|单位|政府|机关|行政|经营|用人|鼓励|支持|禁止|建立|实行|实施)/;
const ANNEX = new RegExp(`^(附${SP}*件${SP}*(${DIGIT}{1,3}|${CN}{1,3})?)(?=$|[：:${' \\t\\u3000'}]|[-－—.．、])`);
const CN_DUN = new RegExp(`^((${CN}{1,4})${SP}*(?:[、．]|\\.(?![0-9０-９])))`);
const CN_PAREN = new RegExp(`^([（(]${SP}*(${CN}{1,4})${SP}*[）)])`);
const NUMBER_LIST = new RegExp(`^${CN}{1,2}[、级类等线产档批期]`);
const ARABIC_PAREN = new RegExp(`^([（(]${SP}*(${DIGIT}{1,3})${SP}*[）)])`);
const ARABIC_DOT = new RegExp(`^((${DIGIT}{1,3})${SP}*(?:[．、]|\\.(?![0-9０-９])))`);
const ARABIC_HALF_PAREN = new RegExp(`^((${DIGIT}{1,3})${SP}*[）)])`);
const CITATION = /^(?:项(?!目)|款(?!项)|目(?![标录的前])|规定的|所列|所称|之规定)/;
const CIRCLED = /^([\u2460-\u2473\u3251-\u325F\u32B1-\u32BF])/;
const PAREN_DIGIT = /^([\u2474-\u2487])/; // ⑴ … ⒇
const DIGIT_STOP = /^([\u2488-\u249B])/; // ⒈ … ⒛

/**
 * Recognises the numbering marker at the start of a paragraph, or returns null.
 * `nextArticle` is the number the next article would carry: "第五条厦门市……", an article number
 * run straight into a word articles do not usually open with, counts only when it is that one
 * (and not for 第一条, which has no article before it to vouch for it).
 * @example matchMarker('（五）构建全国统一大市场。……') // { style: 'cn-paren', marker: '（五）', ordinal: 5, rest: '构建全国统一大市场。……' }
 */
export function matchMarker(paragraph: string, nextArticle?: number): MarkerMatch | null {
  const first = paragraph[0];
  if (first === undefined) return null;
  let m: RegExpExecArray | null;
  if (first === '第' && (m = ORDINAL_WORD.exec(paragraph))) {
    const ordinal = parseNumber(m[2]);
    if (ordinal === null || ordinal === 0) return null;
    const style: MarkerStyle =
      m[3] === '条' ? 'article' : m[3] === '节' ? 'section' : m[3] === '章' ? 'chapter' : 'part';
    const expected = ordinal === nextArticle && ordinal > 1;
    if (style === 'article' && !expected && !ARTICLE_OPENING.test(paragraph.slice(m[0].length))) return null;
    return build(style, m[1], ordinal, paragraph);
  }
  if (first === '附' && (m = ANNEX.exec(paragraph))) {
    const ordinal = m[2] ? parseNumber(m[2]) : 1;
    return build('annex', m[1], ordinal ?? 1, paragraph);
  }
  if (first === '（' || first === '(') {
    // "（二）项规定的" — a citation of an item a hard wrap put at the start of a line.
    if (CITATION.test(paragraph.replace(/^[（(][^）)]{1,5}[）)]/, ''))) return null;
    if ((m = CN_PAREN.exec(paragraph))) {
      const ordinal = parseNumber(m[2]);
      return ordinal ? build('cn-paren', m[1], ordinal, paragraph) : null;
    }
    if ((m = ARABIC_PAREN.exec(paragraph))) {
      const ordinal = parseNumber(m[2]);
      return ordinal ? build('arabic-paren', m[1], ordinal, paragraph) : null;
    }
    return null;
  }
  if ((m = CN_DUN.exec(paragraph))) {
    const ordinal = parseNumber(m[2]);
    if (!ordinal) return null;
    // "一、二级医院" / "一、二类" is an enumeration of numbers, not a marker.
    if (NUMBER_LIST.test(paragraph.slice(m[1].length, m[1].length + 3))) return null;
    return build('cn-dun', m[1], ordinal, paragraph);
  }
  if ((m = ARABIC_DOT.exec(paragraph))) {
    const ordinal = parseNumber(m[2]);
    if (!ordinal) return null;
    // "1、2、3号线", "1.5倍", "3.5%" are numbers in a sentence; "163.com", "1@gov.cn" are the
    // tail of an address a hard wrap put at the start of a line.
    if (isNumberOrAddress(paragraph.slice(m[1].length))) return null;
    return build('arabic-dot', m[1], ordinal, paragraph);
  }
  if ((m = ARABIC_HALF_PAREN.exec(paragraph))) {
    const ordinal = parseNumber(m[2]);
    return ordinal ? build('arabic-half-paren', m[1], ordinal, paragraph) : null;
  }
  if ((m = CIRCLED.exec(paragraph))) return build('circled', m[1], circledValue(m[1]), paragraph);
  if ((m = PAREN_DIGIT.exec(paragraph))) {
    return build('arabic-paren', m[1], m[1].charCodeAt(0) - 0x2473, paragraph);
  }
  if ((m = DIGIT_STOP.exec(paragraph))) {
    return build('arabic-dot', m[1], m[1].charCodeAt(0) - 0x2487, paragraph);
  }
  return null;
}

/**
 * What follows "N." when the dot is a decimal point or part of an address, not a marker: a digit
 * (1.5亿元, 2024.6), '@', or Latin letters that run on into an address (163.com, 12.gov.cn/…) or
 * start lower-case. An acronym opening a heading ("1.GDP增长6%") stays a marker.
 */
function isNumberOrAddress(after: string): boolean {
  if (/^[0-9０-９@＠%％]/.test(after)) return true;
  const latin = /^[A-Za-z][A-Za-z0-9_-]*/.exec(after);
  if (!latin) return false;
  return /^[a-z]/.test(latin[0]) || !/^[\u4e00-\u9fff（(“]/.test(after.slice(latin[0].length));
}

function build(style: MarkerStyle, marker: string, ordinal: number, paragraph: string): MarkerMatch {
  const rest = paragraph.slice(marker.length).replace(/^[ \t\u3000]+/, '');
  return { style, marker: marker.replace(/[ \t\u3000]+/g, ''), ordinal, rest };
}

function circledValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 0x2460 && c <= 0x2473) return c - 0x245f;
  if (c >= 0x3251 && c <= 0x325f) return c - 0x3251 + 21;
  return c - 0x32b1 + 36;
}

/**
 * Writes an ordinal the way a marker of the given style would, used in warnings.
 * @example formatMarker('cn-paren', 12) // '（十二）'
 */
export function formatMarker(style: MarkerStyle, ordinal: number): string {
  const cn = toChineseNumber(ordinal);
  switch (style) {
    case 'part': return `第${cn}部分`;
    case 'chapter': return `第${cn}章`;
    case 'section': return `第${cn}节`;
    case 'article': return `第${cn}条`;
    case 'cn-dun': return `${cn}、`;
    case 'cn-paren': return `（${cn}）`;
    case 'arabic-dot': return `${ordinal}.`;
    case 'arabic-paren': return `（${ordinal}）`;
    case 'arabic-half-paren': return `${ordinal}）`;
    case 'circled': return ordinal >= 1 && ordinal <= 20 ? String.fromCharCode(0x245f + ordinal) : `(${ordinal})`;
    case 'annex': return `附件${ordinal}`;
    case 'document': return `《${toChineseNumber(ordinal)}》`;
  }
}

/** Writes a positive integer below 1000 in Chinese numerals (12 → 十二, 105 → 一百零五). */
export function toChineseNumber(n: number): string {
  const d = '零一二三四五六七八九';
  if (n < 10) return d[n] ?? String(n);
  if (n < 20) return `十${n % 10 ? d[n % 10] : ''}`;
  if (n < 100) return `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ''}`;
  if (n < 1000) {
    const rest = n % 100;
    const tail = rest === 0 ? '' : rest < 10 ? `零${d[rest]}` : rest < 20 ? `一${toChineseNumber(rest)}` : toChineseNumber(rest);
    return `${d[Math.floor(n / 100)]}百${tail}`;
  }
  return String(n);
}
