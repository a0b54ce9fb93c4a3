/**
 * Word's automatic list numbering, recovered as text. A paragraph numbered by Word (w:numPr,
 * directly or through its style) carries no number in its text: Word draws "一、" or "（1）"
 * from word/numbering.xml as it lays the page out, and mammoth drops it. Here each numbered
 * paragraph's number is worked out as Word counts it (a counter per list and level, deeper
 * levels restarting when a shallower one advances, w:lvlRestart, start overrides, %1…%9 in the
 * level text, legal numbering) and written into the paragraph as a run of text; numbering.xml
 * is then emptied, so mammoth sees plain paragraphs that read as the page does.
 */
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { bilingual } from '../../lib/bilingual.ts';

/** One level of a list (w:lvl), as far as its number's text goes. */
export interface ListLevel {
  start: number;
  /** w:numFmt: decimal, chineseCounting, bullet … ("decimalZero3" for Word 2010's custom "001, 002, …"). */
  format: string;
  /** w:lvlText, e.g. "（%2）"; null when the level has none (and so shows no number). */
  text: string | null;
  /** w:lvlRestart: 0 never restarts; n restarts when level n (1-based) or a shallower one is used; null is Word's default. */
  restartAfter: number | null;
  /** w:isLgl: every number in the text in Arabic digits ("1.1" under "第一章"). */
  legal: boolean;
  /** w:suff: what Word puts between the number and the text. */
  suffix: 'tab' | 'space' | 'nothing';
  /** w:pStyle: the paragraph style this level belongs to (numbered heading styles). */
  style: string | null;
}

/** The lists of a document: numbering.xml, plus the numbering its styles carry. */
export interface ListDefinitions {
  abstractNums: Map<string, { levels: Map<number, ListLevel>; numStyleLink: string | null }>;
  nums: Map<string, { abstractNumId: string; overrides: Map<number, { start: number | null; level: ListLevel | null }> }>;
  styles: Map<string, { numId: string | null; ilvl: number | null; basedOn: string | null }>;
  defaultParagraphStyle: string | null;
}

/** What {@link labelNumberedParagraphs} did to document.xml. */
export interface LabelledDocument {
  xml: string;
  labelled: number;
  /** Why some numbered paragraphs got no number, e.g. 'number format "ordinalText"'; empty when none. */
  missing: Map<string, number>;
}

/** The parts {@link recoverListNumbering} reads. */
export const NUMBERING_PARTS: readonly string[] = ['word/document.xml', 'word/numbering.xml', 'word/styles.xml'];

const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const LEVELS = 9;

/**
 * Recovers the numbers of a .docx whose parts were already proved by the zip guard, given the
 * {@link NUMBERING_PARTS} it inflated: returns the package to hand to mammoth and a warning for
 * what could not be recovered. A package without numbered paragraphs comes back as it was.
 * @example const { bytes: forMammoth, warning } = await recoverListNumbering(bytes, partsInflatedByVerifyZipParts)
 */
export async function recoverListNumbering(bytes: Uint8Array, parts: ReadonlyMap<string, Uint8Array>): Promise<{ bytes: Uint8Array; warning: string | null }> {
  const numberingXml = readText(parts, 'word/numbering.xml');
  const documentXml = readText(parts, 'word/document.xml');
  if (numberingXml === null || documentXml === null) return { bytes, warning: null };
  const stylesXml = readText(parts, 'word/styles.xml');
  if (!documentXml.includes('numPr') && !stylesXml?.includes('numPr')) return { bytes, warning: null };
  try {
    const numbering = parseXml(numberingXml);
    const result = labelNumberedParagraphs(documentXml, readListDefinitions(numbering, stylesXml));
    const missing = [...result.missing.values()].reduce((a, b) => a + b, 0);
    const reasons = [...result.missing.keys()];
    const warning = missing
      ? bilingual(
          `有 ${missing} 个使用 Word 自动编号的段落丢失了编号（${reasons.map(reasonZh).join('，')}）`,
          `${missing} paragraph${missing > 1 ? 's' : ''} numbered by Word list numbering lost ${missing > 1 ? 'their numbers' : 'its number'} (${reasons.join(', ')})`,
        )
      : null;
    if (result.labelled === 0) return { bytes, warning };
    // An empty numbering.xml keeps mammoth from making list items of the labelled paragraphs,
    // including those numbered through a style or a level that names a style.
    const root = numbering.documentElement!;
    const zip = await JSZip.loadAsync(bytes);
    zip.file('word/document.xml', result.xml);
    zip.file('word/numbering.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${root.tagName} xmlns${root.prefix ? `:${root.prefix}` : ''}="${root.namespaceURI}"/>`);
    const rewritten = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 1 } });
    return { bytes: rewritten, warning };
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    const warning = bilingual(
      `文件里的 Word 自动编号无法读取（${why}），正文中没有这些编号（一、1. …）`,
      `the document uses Word list numbering that could not be read (${why}); its numbers (一、1. …) are not part of the text`,
    );
    return { bytes, warning };
  }
}

const TEXT_BOX_COPY = 'a copy of a text box';

/** A reason a paragraph lost its number (a key of {@link LabelledDocument.missing}) in Chinese. */
function reasonZh(reason: string): string {
  if (reason === TEXT_BOX_COPY) return '文本框的副本';
  const format = /^number format "(.*)"$/.exec(reason);
  return format ? `编号格式“${format[1]}”` : reason;
}

function readText(parts: ReadonlyMap<string, Uint8Array>, name: string): string | null {
  const data = parts.get(name);
  return data ? new TextDecoder().decode(data) : null;
}

function parseXml(text: string): XMLDocument {
  const fail = (msg: unknown) => {
    throw new Error(String(msg));
  };
  const doc = new DOMParser({ errorHandler: { error: fail, fatalError: fail } }).parseFromString(text, 'text/xml') as unknown as XMLDocument;
  if (!doc.documentElement) throw new Error('no root element');
  return doc;
}

/** Child elements of `el` in the WordprocessingML namespace of `el` with the given local name. */
function kids(el: Element | null | undefined, name: string): Element[] {
  const out: Element[] = [];
  if (!el) return out;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === el.namespaceURI) out.push(n as Element);
  }
  return out;
}

function kid(el: Element | null | undefined, name: string): Element | null {
  return kids(el, name)[0] ?? null;
}

/** The w:val (or other w: attribute) of an element; null when the element or attribute is absent. */
function attr(el: Element | null | undefined, name = 'val'): string | null {
  if (!el) return null;
  const ns = el.namespaceURI;
  return el.hasAttributeNS(ns, name) ? el.getAttributeNS(ns, name) : null;
}

function int(value: string | null): number | null {
  if (value === null || !/^-?\d+$/.test(value.trim())) return null;
  return Number(value);
}

/** Reads the lists of numbering.xml and the paragraph and numbering styles of styles.xml. */
export function readListDefinitions(numbering: string | XMLDocument, stylesXml: string | null): ListDefinitions {
  const root = (typeof numbering === 'string' ? parseXml(numbering) : numbering).documentElement!;
  const defs: ListDefinitions = { abstractNums: new Map(), nums: new Map(), styles: new Map(), defaultParagraphStyle: null };
  for (const a of kids(root, 'abstractNum')) {
    const levels = new Map<number, ListLevel>();
    for (const lvl of kids(a, 'lvl')) levels.set(int(attr(lvl, 'ilvl')) ?? 0, readLevel(lvl));
    defs.abstractNums.set(attr(a, 'abstractNumId') ?? '', { levels, numStyleLink: attr(kid(a, 'numStyleLink')) });
  }
  for (const n of kids(root, 'num')) {
    const overrides = new Map<number, { start: number | null; level: ListLevel | null }>();
    for (const o of kids(n, 'lvlOverride')) {
      const lvl = kid(o, 'lvl');
      overrides.set(int(attr(o, 'ilvl')) ?? 0, { start: int(attr(kid(o, 'startOverride'))), level: lvl ? readLevel(lvl) : null });
    }
    defs.nums.set(attr(n, 'numId') ?? '', { abstractNumId: attr(kid(n, 'abstractNumId')) ?? '', overrides });
  }
  if (stylesXml) {
    for (const s of kids(parseXml(stylesXml).documentElement, 'style')) {
      const type = attr(s, 'type');
      if (type !== 'paragraph' && type !== 'numbering') continue;
      const id = attr(s, 'styleId') ?? '';
      const numPr = kid(kid(s, 'pPr'), 'numPr');
      defs.styles.set(id, { numId: attr(kid(numPr, 'numId')), ilvl: int(attr(kid(numPr, 'ilvl'))), basedOn: attr(kid(s, 'basedOn')) });
      if (type === 'paragraph' && ['1', 'true', 'on'].includes(attr(s, 'default') ?? '')) defs.defaultParagraphStyle = id;
    }
  }
  return defs;
}

function readLevel(lvl: Element): ListLevel {
  const suffix = attr(kid(lvl, 'suff'));
  return {
    start: int(attr(kid(lvl, 'start'))) ?? 0,
    format: levelFormat(lvl),
    text: attr(kid(lvl, 'lvlText')),
    restartAfter: int(attr(kid(lvl, 'lvlRestart'))),
    legal: kid(lvl, 'isLgl') !== null && !['0', 'false', 'off'].includes(attr(kid(lvl, 'isLgl')) ?? ''),
    suffix: suffix === 'space' || suffix === 'nothing' ? suffix : 'tab',
    style: attr(kid(lvl, 'pStyle')),
  };
}

/** w:numFmt, looking into Word 2010's mc:AlternateContent ("custom" zero-padded formats, else the fallback). */
function levelFormat(lvl: Element): string {
  const direct = kid(lvl, 'numFmt');
  if (direct) return attr(direct) ?? 'decimal';
  for (let n = lvl.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1 || (n as Element).localName !== 'AlternateContent' || (n as Element).namespaceURI !== MC) continue;
    let fallback: string | null = null;
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      const fmt = Array.from((c as Element).getElementsByTagNameNS(lvl.namespaceURI, 'numFmt'))[0];
      if (!fmt) continue;
      const padded = /^(0+1)\s*,/.exec(attr(fmt, 'format') ?? '');
      if ((c as Element).localName === 'Choice' && attr(fmt) === 'custom' && padded) return `decimalZero${padded[1].length}`;
      if ((c as Element).localName === 'Fallback') fallback = attr(fmt);
    }
    if (fallback) return fallback;
  }
  return 'decimal';
}

/**
 * Writes each numbered paragraph's number (with the space Word's tab or space suffix stands for)
 * into document.xml as the paragraph's first run. Paragraphs are counted in document order,
 * tables and text boxes included; a text box's fallback copy (the one mammoth reads) gets the
 * numbers its first copy was counted with.
 * @example labelNumberedParagraphs(documentXml, readListDefinitions(numberingXml, stylesXml)).xml
 */
export function labelNumberedParagraphs(documentXml: string, defs: ListDefinitions): LabelledDocument {
  const doc = parseXml(documentXml);
  const W = doc.documentElement!.namespaceURI;
  const counters = new Map<string, (number | null)[]>();
  const choiceLabels = new Map<Node, (string | null)[]>();
  const missing = new Map<string, number>();
  let labelled = 0;
  for (const p of Array.from(doc.getElementsByTagNameNS(W, 'p'))) {
    const list = paragraphList(p, defs);
    if (!list) continue;
    const { alternate, branch } = alternateContentOf(p);
    let label: string | null;
    if (branch === 'Fallback') {
      const fromChoice = alternate && choiceLabels.get(alternate);
      if (!fromChoice?.length) {
        missing.set(TEXT_BOX_COPY, (missing.get(TEXT_BOX_COPY) ?? 0) + 1);
        continue;
      }
      label = fromChoice.shift()!;
    } else {
      const result = countParagraph(list, counters);
      if ('missing' in result) {
        missing.set(result.missing, (missing.get(result.missing) ?? 0) + 1);
        label = null;
      } else label = result.label;
      if (branch === 'Choice' && alternate) choiceLabels.set(alternate, [...(choiceLabels.get(alternate) ?? []), label]);
    }
    if (!label) continue;
    const run = doc.createElementNS(W, qualified(p, 'r'));
    const t = doc.createElementNS(W, qualified(p, 't'));
    t.setAttributeNS(XML_NS, 'xml:space', 'preserve');
    t.appendChild(doc.createTextNode(label));
    run.appendChild(t);
    const pPr = kid(p, 'pPr');
    p.insertBefore(run, pPr ? pPr.nextSibling : p.firstChild);
    labelled++;
  }
  return { xml: new XMLSerializer().serializeToString(doc as unknown as Node), labelled, missing };
}

function qualified(like: Element, local: string): string {
  return like.prefix ? `${like.prefix}:${local}` : local;
}

function alternateContentOf(p: Element): { alternate: Node | null; branch: 'Choice' | 'Fallback' | null } {
  for (let n: Node | null = p.parentNode, branch: Node | null = null; n; branch = n, n = n.parentNode) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === MC && (n as Element).localName === 'AlternateContent') {
      const name = (branch as Element | null)?.localName;
      return { alternate: n, branch: name === 'Choice' || name === 'Fallback' ? name : null };
    }
  }
  return { alternate: null, branch: null };
}

interface ParagraphList {
  /** Paragraphs with this key share counters: the abstract list, or a num that restarts it. */
  key: string;
  ilvl: number;
  level: (ilvl: number) => ListLevel | null;
  start: (ilvl: number) => number;
}

/** The list and level a paragraph is numbered with, from its w:numPr and its style's; null when it has none. */
function paragraphList(p: Element, defs: ListDefinitions): ParagraphList | null {
  const pPr = kid(p, 'pPr');
  const numPr = kid(pPr, 'numPr');
  let numId = attr(kid(numPr, 'numId'));
  let ilvl = int(attr(kid(numPr, 'ilvl')));
  const styleId = attr(kid(pPr, 'pStyle')) ?? defs.defaultParagraphStyle;
  const styleChain: string[] = [];
  for (let id = styleId, hops = 0; id !== null && hops < 20 && !styleChain.includes(id); hops++) {
    styleChain.push(id);
    const style = defs.styles.get(id);
    if (!style) break;
    if (numId === null) numId = style.numId;
    if (ilvl === null && style.numId !== null) ilvl = style.ilvl;
    id = style.basedOn;
  }
  if (numId === null || numId === '0') return null;
  let num = defs.nums.get(numId);
  if (!num) return null;
  const overrides = num.overrides;
  let abstractId = num.abstractNumId;
  let abstract = defs.abstractNums.get(abstractId);
  // A list defined as a numbering style (w:numStyleLink) takes its levels from the style's list.
  for (let hops = 0; abstract?.numStyleLink && hops < 5; hops++) {
    const linked = defs.styles.get(abstract.numStyleLink)?.numId;
    num = linked ? defs.nums.get(linked) : undefined;
    if (!num) return null;
    abstractId = num.abstractNumId;
    abstract = defs.abstractNums.get(abstractId);
  }
  if (!abstract) return null;
  const levels = abstract.levels;
  if (ilvl === null) {
    // A numbered heading style names its level (w:pStyle in the w:lvl) instead of carrying w:ilvl.
    const named = styleChain.map((id) => [...levels].find(([, l]) => l.style === id)).find((found) => found);
    ilvl = named ? named[0] : 0;
  }
  const level = (i: number) => overrides.get(i)?.level ?? levels.get(i) ?? null;
  const restarts = [...overrides.values()].some((o) => o.start !== null);
  return {
    key: restarts ? `num:${numId}` : `abstract:${abstractId}`,
    ilvl: Math.max(0, Math.min(LEVELS - 1, ilvl)),
    level,
    start: (i) => overrides.get(i)?.start ?? level(i)?.start ?? 0,
  };
}

/** Advances the paragraph's list counters and returns its label ('' for a bullet or an empty level text). */
function countParagraph(list: ParagraphList, counters: Map<string, (number | null)[]>): { label: string } | { missing: string } {
  const values = counters.get(list.key) ?? Array.from({ length: LEVELS }, () => null);
  counters.set(list.key, values);
  const { ilvl } = list;
  const current = values[ilvl];
  values[ilvl] = current === null ? list.start(ilvl) : current + 1;
  for (let deeper = ilvl + 1; deeper < LEVELS; deeper++) {
    const restartAfter = list.level(deeper)?.restartAfter ?? null;
    if (restartAfter === null || (restartAfter > 0 && ilvl < restartAfter)) values[deeper] = null;
  }
  const level = list.level(ilvl);
  if (!level || level.format === 'bullet' || !level.text) return { label: '' };
  let unknown: string | null = null;
  const label = level.text.replace(/%([1-9])/g, (_, d: string) => {
    const k = Number(d) - 1;
    const format = list.level(k)?.format ?? 'decimal';
    const text = formatListNumber(values[k] ?? list.start(k), level.legal && format !== 'none' && format !== 'bullet' ? 'decimal' : format);
    if (text === null) unknown = format;
    return text ?? '';
  });
  if (unknown !== null) return { missing: `number format "${unknown}"` };
  if (!label.trim()) return { label: '' };
  return { label: level.suffix === 'nothing' || /[、，．。：）】〕」』]$/.test(label) ? label : `${label} ` };
}

const CN_DIGITS = '〇一二三四五六七八九';
/** How a counting format writes numbers: digits, units 十百千, a 零 in a gap, 一 left out before a unit. */
interface CountingStyle {
  digits: string;
  units: string;
  zero: string;
  bareOne: 'never' | 'leading ten' | 'always';
}
const CN_COUNTING: CountingStyle = { digits: CN_DIGITS, units: '十百千', zero: '零', bareOne: 'leading ten' };
const JA_COUNTING: CountingStyle = { digits: CN_DIGITS, units: '十百千', zero: '', bareOne: 'always' };
const CN_LEGAL: CountingStyle = { digits: '零壹贰叁肆伍陆柒捌玖', units: '拾佰仟', zero: '零', bareOne: 'never' };
const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸';
const EARTHLY_BRANCHES = '子丑寅卯辰巳午未申酉戌亥';

/**
 * The text Word shows for `value` in a w:numFmt; null for a format not handled here
 * (ordinalText, hebrew1 …). "bullet" and "none" give ''.
 * @example formatListNumber(12, 'chineseCounting') // '十二'
 */
export function formatListNumber(value: number, format: string): string | null {
  const n = Math.max(0, Math.floor(value));
  switch (format) {
    case 'decimal':
    case 'decimalHalfWidth':
      return String(n);
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'decimalZero3':
    case 'decimalZero4':
    case 'decimalZero5':
      return String(n).padStart(Number(format.slice(-1)), '0');
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      // ① … ⑳; past 20 the number falls back to decimal (ECMA-376 §17.18.59).
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedFullstop':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2488 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2474 + n - 1) : String(n);
    case 'chineseCounting':
    case 'taiwaneseCounting':
      // 十 for two-digit numbers only; from 100 the digits are written one by one (一〇五).
      return n >= 100 ? String(n).replace(/\d/g, (d) => CN_DIGITS[Number(d)]) : counting(n, CN_COUNTING);
    case 'chineseCountingThousand':
    case 'taiwaneseCountingThousand':
      return counting(n, CN_COUNTING);
    case 'japaneseCounting':
      return counting(n, JA_COUNTING);
    case 'chineseLegalSimplified':
      return counting(n, CN_LEGAL);
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return String(n).replace(/\d/g, (d) => CN_DIGITS[Number(d)]);
    case 'ideographTraditional':
      return n >= 1 && n <= 10 ? HEAVENLY_STEMS[n - 1] : String(n);
    case 'ideographZodiac':
      return n >= 1 && n <= 12 ? EARTHLY_BRANCHES[n - 1] : String(n);
    case 'lowerLetter':
    case 'upperLetter': {
      if (n < 1) return String(n);
      const letter = String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.ceil(n / 26));
      return format === 'upperLetter' ? letter.toUpperCase() : letter;
    }
    case 'lowerRoman':
    case 'upperRoman': {
      const roman = toRoman(n);
      return format === 'lowerRoman' ? roman.toLowerCase() : roman;
    }
    case 'none':
    case 'bullet':
      return '';
    default:
      return null;
  }
}

/** 十二, 二十, 一百零五, 一千零一十 (Japanese 百五, legal 壹拾贰); up to 9999, then plain digits. */
function counting(n: number, style: CountingStyle): string {
  if (n === 0) return style.digits[0];
  if (n >= 10000) return String(n);
  const places = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  let out = '';
  let gap = false;
  places.forEach((d, i) => {
    if (d === 0) {
      gap = out !== '';
      return;
    }
    if (gap) out += style.zero;
    gap = false;
    const unit = i < 3 ? style.units[2 - i] : '';
    const bare = unit !== '' && d === 1 && (style.bareOne === 'always' || (style.bareOne === 'leading ten' && i === 2 && out === ''));
    out += bare ? unit : style.digits[d] + unit;
  });
  return out;
}

function toRoman(n: number): string {
  if (n < 1 || n > 3999) return String(n);
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) while (n >= v) {
    out += s;
    n -= v;
  }
  return out;
}
