/**
 * The parts of an official document around its numbered body (公文格式, GB/T 9704): red header,
 * document number, title, addressee, signature and date, the covering notice of a 印发 notice.
 */
import type { DocumentWarning } from './documents.types.ts';
import type { Paragraph } from './documents.lines.domain.ts';
import { TERMINAL_END } from './documents.lines.domain.ts';
import { matchMarker } from './documents.numbering.domain.ts';
import { DATE_ONLY, DATE_SOURCE, findDate } from './documents.dates.domain.ts';
import { displayWidth, squeeze } from './documents.text.domain.ts';
import { bilingual } from '../../lib/bilingual.ts';

/** What the heading matter and the signature blocks told about the document. */
export interface FrontMatter {
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  date: string | null;
  dateText: string | null;
  addressee: string | null;
  coveringNotice: string | null;
  embeddedTitle: string | null;
  /** Titles of the documents the notice wraps as its title or text names them (normalised). */
  wrappedTitles: string[];
  /** Index of the first paragraph of the body proper. */
  bodyStart: number;
  /** Paragraphs that are metadata wherever they stand (signatures, dates, 此件公开发布 notes, 版记). */
  consumed: Set<number>;
}

/** 发文字号: 国发〔2019〕4号, 津政办发[2024]12号, 中发［2024］1号. */
export const DOC_NUMBER = /[\u4e00-\u9fff]{1,12}[ \u3000]*[〔[［【(（][ \u3000]*[0-9０-９]{4}[ \u3000]*[〕\]］】)）][ \u3000]*第?[0-9０-９]{1,5}[ \u3000]*号/;
const DOC_NUMBER_LINE = new RegExp(`^(?:.{0,12}?[ \\u3000])?(${DOC_NUMBER.source})(?:[ \\u3000]+.{0,30})?$`);

/** Ends of names of issuing bodies (机关): 国务院, 人民政府, 发展改革委, 办公厅 …. */
export const ORG_END =
  /(国务院|中央|政府|委员会|委|办公厅|办公室|办|厅|局|部|署|院|会|中心|党委|党组|市委|省委|区委|县委|银行|集团|公司|协会|小组|管委会|海关)$/;

/** Words a document's title ends with. */
export const TITLE_END =
  /(通知|决定|意见|方案|办法|规定|条例|细则|报告|批复|通报|函|纲要|规划|计划|决议|公告|通告|清单|要点|措施|指引|指南|章程|规则|准则|制度|安排|建议|说明|公报|讲话|纪要|请示|命令|令)$/;
const BANNER = /(文件|公报|政报|简报|快报)$|^(绝密|机密|秘密|特急|加急|平急|特提)(★.*)?$|^份号|^\d{6}$|^签发人[：:]|^(?:[0-9０-９]{4}|.{4})年第.{1,4}[号期]$/;
/** A line under a title that belongs to it: （2024—2026年）, （试行）, （2021年修订）. */
const TITLE_SUFFIX = /^[（(][ \u3000]*(?:[0-9０-９〇一二三四五六七八九]{4}[ \u3000]*年?[ \u3000]*[—–－\-~～至到][ \u3000]*[0-9０-９〇一二三四五六七八九]{2,4}[ \u3000]*年?|试行|暂行|修订|修订稿|征求意见稿|送审稿|草案|[0-9０-９]{4}[ \u3000]*年[ \u3000]*(?:修订|修正|版)?)[ \u3000]*[）)]$/;
/** The sentence of a notice that hands the plan over to its addressees: "现将《……》印发给你们". */
const HANDS_OVER = /[《〈][^》〉]+[》〉][^。]{0,40}(?:印发|转发|下发|印送)给?你们/;
const ISSUER_AND_DATE = new RegExp(`^(.{2,40}?)[ \\u3000]+(${DATE_SOURCE})$`);
const PAREN_DATE = new RegExp(`^[（(].{0,30}?${DATE_SOURCE}.*[）)]$`);
const NOTE = /^[（(](此件|本件|本文|此页|联系人|本通知|此文)[^）)]*[）)]$/;
const RECORD_FOOTER = new RegExp(`^抄送[：:]|^(?:.{2,40}?)[ \\u3000]*${DATE_SOURCE}[ \\u3000]*印发$`);
/** Number of a 公告 or 令: 第三十七号, 〔2012〕第37号, 第37号令. */
const PROMULGATION_NUMBER = '(?:[〔[［][0-9０-９]{4}[〕\\]］][ \\u3000]*)?第[ \\u3000]*[0-9０-９〇零一二三四五六七八九十百千]{1,8}[ \\u3000]*号令?';
/** Head of a 公告 or 令 promulgating a law or rules: "某市人民代表大会常务委员会公告", "某市人民政府令 第37号". */
const PROMULGATION_HEAD = new RegExp(`^(.{2,40}?)[ \\u3000]*(?:公告|令)(?:[ \\u3000]*[（(]?(${PROMULGATION_NUMBER})[）)]?)?$`);
const PROMULGATION_NUMBER_LINE = new RegExp(`^[（(]?(${PROMULGATION_NUMBER})[）)]?$`);
/** Who signs a 令: a body, or its head ("市长 张三"). */
const PROMULGATOR = /(主席|省长|市长|县长|区长|州长|旗长|主任|部长|署长|局长)$/;
const HEAD_SIGNATURE = /^(主席|省长|市长|县长|区长|州长|旗长|主任|部长|署长|局长)[ \u3000]*[\u4e00-\u9fff·]{2,6}$/;

/**
 * Reads title, document number, issuer, date, addressee and covering notice, and marks the
 * paragraphs that are metadata so the outline builder skips them.
 */
export function readFrontMatter(paragraphs: Paragraph[], warnings: DocumentWarning[]): FrontMatter {
  const consumed = new Set<number>();
  const text = (i: number) => (paragraphs[i]?.tableIndex === undefined ? paragraphs[i]?.text ?? '' : '');
  const signatures = findSignatureBlocks(paragraphs, consumed);

  let docNumber: string | null = null;
  let banner: string | null = null;
  let title: string | null = null;
  let parenDate: { text: string; iso: string | null } | null = null;
  let adoptedBy: string | null = null;
  let addressee: string | null = null;
  let promulgation: Promulgation | null = null;
  let i = 0;
  let limit = Math.min(paragraphs.length, 12);

  for (; i < limit; i++) {
    if (consumed.has(i)) continue;
    const t = text(i);
    if (t === '') break;
    let m: RegExpExecArray | null;
    if (!promulgation && !docNumber && (promulgation = readPromulgation(paragraphs, i, signatures, consumed))) {
      docNumber = promulgation.number;
      limit = Math.min(paragraphs.length, promulgation.end + 12);
      i = promulgation.end;
      continue;
    }
    if (!docNumber && (m = DOC_NUMBER_LINE.exec(t)) && displayWidth(t) <= 50) {
      docNumber = m[1];
      consumed.add(i);
      continue;
    }
    if (BANNER.test(t) && displayWidth(t) <= 30 && title === null) {
      const b = /^(.{2,40}?)文件$/.exec(t);
      if (b) banner = b[1];
      consumed.add(i);
      continue;
    }
    if (PAREN_DATE.test(t) && displayWidth(t) <= 80) {
      parenDate ??= findDate(t);
      adoptedBy ??= adoptingBody(t);
      consumed.add(i);
      continue;
    }
    if (title === null && looksLikeTitleLine(t) && addressee === null) {
      const taken = readTitle(paragraphs, i, consumed);
      title = taken.title;
      for (let k = i; k < i + taken.count; k++) consumed.add(k);
      i += taken.count - 1;
      continue;
    }
    if (addressee === null && isAddressee(t)) {
      addressee = t.replace(/[：:]$/, '');
      consumed.add(i);
      i++;
      break;
    }
    break;
  }
  let bodyStart = i;
  while (bodyStart < paragraphs.length && consumed.has(bodyStart)) bodyStart++;

  // A 印发/转发 notice wraps a plan: its own text ends where the plan's title stands.
  let coveringNotice: string | null = promulgation?.text ?? null;
  let embeddedTitle: string | null = promulgation ? (title ?? promulgation.promulgated) : null;
  if (promulgation) title ??= promulgation.promulgated;
  const firstMarker = paragraphs.findIndex((p, k) => k >= bodyStart && !consumed.has(k) && p.tableIndex === undefined && matchMarker(p.text) !== null);
  const searchEnd = firstMarker < 0 ? paragraphs.length : firstMarker;
  // The notice names the plan in its title, or in its text ("现将《……》印发给你们") when the
  // title is missing or does not quote it.
  const named = range(bodyStart, searchEnd).filter((k) => !consumed.has(k) && HANDS_OVER.test(text(k))).flatMap((k) => quotedTitles(text(k)));
  const wrapped = [...(title ? embeddedTitles(title) : []), ...named];
  const wrapsPlan = wrapped.length > 0 || (title !== null && /通知$/.test(title));
  const take = (k: number, count: number) => {
    embeddedTitle = count ? paragraphs.slice(k, k + count).map((p) => p.text).join('') : null;
    const noticeParts = [addressee, ...range(bodyStart, k).filter((j) => !consumed.has(j)).map(text)].filter((x): x is string => !!x);
    coveringNotice = noticeParts.join('\n');
    for (let j = bodyStart; j < k + count; j++) consumed.add(j);
    bodyStart = k + count;
  };
  for (let k = bodyStart; k < searchEnd && embeddedTitle === null; k++) {
    if (consumed.has(k) || !looksLikeTitleLine(text(k))) continue;
    // The plan's title may be written over up to three lines with a line of years or 试行 under
    // it, and the notice's title may name the forwarding unit before it ("转发市发展改革委天津市……方案的通知").
    const lines = [text(k)];
    for (let j = k + 1; j < k + 3 && !consumed.has(j) && looksLikeTitleLine(text(j)) && displayWidth(text(j)) <= 40; j++) lines.push(text(j));
    const names = (t: string) => t.length >= 4 && wrapped.some((w) => w === t || (t.length >= 6 && w.endsWith(t)));
    let count = 0;
    for (let n = lines.length; n >= 1 && count === 0; n--) {
      const joined = normTitle(lines.slice(0, n).join(''));
      if (names(joined) || (TITLE_SUFFIX.test(lines[n] ?? '') && names(joined + normTitle(lines[n])))) count = n;
    }
    const afterSignature = k > bodyStart && consumed.has(k - 1) && signatures.some((sg) => sg.end === k - 1 || sg.notesEnd === k - 1);
    if (count === 0 && afterSignature && wrapsPlan) {
      const ends = lines.findIndex((l) => TITLE_END.test(l));
      count = ends >= 0 ? ends + 1 : 1;
    }
    if (count === 0) continue;
    if (TITLE_SUFFIX.test(text(k + count)) && !consumed.has(k + count)) count++;
    take(k, count);
  }
  if (embeddedTitle === null && wrapsPlan) {
    // No title line: the notice still ends at its own signature, or, unsigned, at the sentence
    // that hands the plan over when the plan's unnumbered opening follows it.
    const sig = signatures.find((sg) => sg.end >= bodyStart && sg.end < searchEnd);
    const handover = range(bodyStart, searchEnd).find((k) => !consumed.has(k) && HANDS_OVER.test(text(k)) && quotedTitles(text(k)).some((t) => wrapped.includes(t)));
    const after = sig ? sig.notesEnd + 1 : handover !== undefined ? handover + 1 : -1;
    const opensPlan = after > bodyStart && after < searchEnd && firstMarker >= 0 && matchMarker(text(firstMarker))?.style !== 'annex' && range(after, searchEnd).some((k) => !consumed.has(k));
    if (opensPlan) take(after, 0);
  }

  skipTableOfContents(paragraphs, bodyStart, consumed, warnings);

  const sig = signatures[0];
  const signatureDate = sig?.date ?? null;
  if (sig && sig.date && !sig.date.iso) warnings.push({ line: paragraphs[sig.end].line, message: bilingual(`日期“${sig.date.text}”不存在`, `date "${sig.date.text}" does not exist`) });
  const dateFound = signatureDate ?? parenDate;
  return {
    title,
    docNumber,
    issuer: promulgation?.issuer ?? sig?.issuer ?? banner ?? (title ? issuerFromTitle(title) : null) ?? adoptedBy,
    date: dateFound?.iso ?? null,
    dateText: dateFound?.text ?? null,
    addressee,
    coveringNotice,
    embeddedTitle,
    wrappedTitles: wrapped,
    bodyStart,
    consumed,
  };
}

/** A 公告 or 令 that promulgates the law or rules after (or before) it, read like a covering notice. */
interface Promulgation {
  issuer: string;
  number: string | null;
  /** The promulgating sentence(s), e.g. "《……条例》已经……通过，现予公布，自……起施行。". */
  text: string;
  /** The title it quotes. */
  promulgated: string | null;
  /** Index of its last paragraph (the signature's date or the notes under it). */
  end: number;
}

/**
 * Reads a 公告/令 block at paragraph `at`: its head (the body and 公告 or 令), its number on the
 * same or the next line, the promulgating text, and the signature that closes it. Null when the
 * text does not quote a title and promulgate it (现予公布), so a plain 公告 is left alone.
 */
function readPromulgation(paragraphs: Paragraph[], at: number, signatures: SignatureBlock[], consumed: Set<number>): Promulgation | null {
  const head = PROMULGATION_HEAD.exec(paragraphs[at].text);
  if (!head || paragraphs[at].tableIndex !== undefined) return null;
  const body = head[1].trim();
  if (!ORG_END.test(body) && !PROMULGATOR.test(body)) return null;
  let number = head[2] ?? null;
  let from = at + 1;
  const numberLine = number === null ? PROMULGATION_NUMBER_LINE.exec(paragraphs[from]?.text ?? '') : null;
  if (numberLine) {
    number = numberLine[1];
    from++;
  }
  const sig = signatures.find((sg) => sg.end >= from && sg.end - at <= 14);
  if (!sig) return null;
  const texts = range(from, sig.end).filter((k) => !consumed.has(k) && paragraphs[k].tableIndex === undefined).map((k) => paragraphs[k].text);
  const said = texts.filter((t) => !HEAD_SIGNATURE.test(t));
  const joined = said.join('');
  const promulgates = /[《〈][^》〉]+[》〉]/.test(joined) && /(?:现予|予以|现将[^。]{0,40})(?:公布|发布)|公布施行/.test(joined);
  // An announcement with numbered points is a document of its own, not the wrapper of one.
  if (!promulgates || said.length > 6 || said.some((t) => matchMarker(t)) || sig.notesEnd + 1 >= paragraphs.length) return null;
  for (let k = at; k <= sig.notesEnd; k++) consumed.add(k);
  const quoted = /《([^》]+)》/.exec(joined) ?? /〈([^〉]+)〉/.exec(joined);
  return { issuer: body, number: number?.replace(/[ \u3000]+/g, '') ?? null, text: said.join('\n'), promulgated: quoted ? quoted[1] : null, end: sig.notesEnd };
}

interface SignatureBlock {
  issuer: string | null;
  date: { text: string; iso: string | null } | null;
  /** Index of the date paragraph. */
  end: number;
  notesEnd: number;
}

/** Finds signature blocks (issuer lines, a date alone on its line, 此件公开发布 notes) and 版记 lines. */
function findSignatureBlocks(paragraphs: Paragraph[], consumed: Set<number>): SignatureBlock[] {
  const blocks: SignatureBlock[] = [];
  paragraphs.forEach((p, i) => {
    if (p.tableIndex !== undefined) return;
    const t = p.text;
    if (RECORD_FOOTER.test(t)) {
      consumed.add(i);
      return;
    }
    let issuerInline: string | null = null;
    if (!DATE_ONLY.test(t)) {
      const m = ISSUER_AND_DATE.exec(t);
      if (!m || !ORG_END.test(m[1]) || matchMarker(t)) return;
      issuerInline = m[1].trim();
    }
    consumed.add(i);
    const issuers: string[] = [];
    for (let k = i - 1; k >= Math.max(0, i - 5); k--) {
      const q = paragraphs[k];
      if (q.tableIndex !== undefined || consumed.has(k) || !isIssuerLine(q.text)) break;
      issuers.unshift(q.text);
      consumed.add(k);
    }
    let notesEnd = i;
    for (let k = i + 1; k < paragraphs.length && NOTE.test(paragraphs[k].text); k++) {
      consumed.add(k);
      notesEnd = k;
    }
    const issuer = issuerInline ?? (issuers.length ? issuers.join(' ') : null);
    blocks.push({ issuer, date: findDate(t), end: i, notesEnd });
  });
  // Notes like （此件公开发布） also stand alone.
  paragraphs.forEach((p, i) => {
    if (p.tableIndex === undefined && NOTE.test(p.text)) consumed.add(i);
  });
  return blocks;
}

function isIssuerLine(t: string): boolean {
  return displayWidth(t) <= 40 && !TERMINAL_END.test(t) && !matchMarker(t) && ORG_END.test(t.replace(/[（(].*[）)]$/, ''));
}

function looksLikeTitleLine(t: string): boolean {
  return displayWidth(t) <= 80 && !TERMINAL_END.test(t) && !/[，,]$/.test(t) && !matchMarker(t) && !DOC_NUMBER.test(t) && !DATE_ONLY.test(t);
}

function isAddressee(t: string): boolean {
  return /[：:]$/.test(t) && !/[。！？]/.test(t) && displayWidth(t) <= 160 && !matchMarker(t) && /(各|政府|部门|单位|机构|委员会|党委|党组|同志|局|厅|委|办|院|会|公司)/.test(t);
}

/**
 * Joins a title split over up to six lines (joint issuers often take one line each), stopping at
 * the word that ends a title (通知, 决定 …),
 * and takes in a line of years or 试行 under it ("……三年行动方案" + "（2024—2026年）").
 */
function readTitle(paragraphs: Paragraph[], start: number, consumed: Set<number>): { title: string; count: number } {
  const withSuffix = (title: string, count: number) => {
    const next = start + count;
    const suffix = next < paragraphs.length && !consumed.has(next) && paragraphs[next].tableIndex === undefined && TITLE_SUFFIX.test(paragraphs[next].text);
    return suffix ? { title: tidyTitle(title + paragraphs[next].text), count: count + 1 } : { title: tidyTitle(title), count };
  };
  const first = paragraphs[start].text;
  if (TITLE_END.test(first)) return withSuffix(first, 1);
  let joined = first;
  const titleLine = (k: number) => {
    const t = paragraphs[k]?.text ?? '';
    return k < paragraphs.length && !consumed.has(k) && paragraphs[k].tableIndex === undefined && looksLikeTitleLine(t) && !isAddressee(t) && !PAREN_DATE.test(t) && displayWidth(t) <= 80;
  };
  for (let k = start + 1; k < Math.min(paragraphs.length, start + 6) && titleLine(k); k++) {
    const t = paragraphs[k].text;
    joined += issuersMeetAt(joined, t) ? ` ${t}` : t;
    // "……规划纲要" / "的通知": the title goes on where the next line opens with 的.
    const goesOn = titleLine(k + 1) && /^[的之]/.test(paragraphs[k + 1].text) && TITLE_END.test(paragraphs[k + 1].text);
    if (TITLE_END.test(joined) && !goesOn) return withSuffix(joined, k - start + 1);
  }
  return withSuffix(first, 1);
}

/** Where an issuing body's name can start: 中共…, 国家…, or a place (某省, 某市, 某自治州, 某县 …). */
const ORG_START = /^(?:中共|共青团|中国|中华|国家|国务院|全国|[\u4e00-\u9fff]{0,8}?(?:省|市|自治区|自治州|地区|盟|州|县|区|旗|镇|乡|街道))/;

/**
 * True when a title line ends with one issuing body's full name and the next line starts with
 * another's, before 关于: the space between joint issuers fell at the line break
 * ("某市发展和改革委员会" / "中共某市委社会工作部"), unlike a name cut in two ("某市发展和改革委" / "员会").
 */
function issuersMeetAt(before: string, next: string): boolean {
  if (/关于|印发|转发|批转/.test(before)) return false;
  const last = before.split(/[ \t\u3000]+/).pop() ?? '';
  const first = next.split(/[ \t\u3000]+|关于|印发|转发|批转/)[0];
  return last.length >= 2 && ORG_END.test(last) && first.length >= 4 && ORG_START.test(first) && ORG_END.test(first);
}

function tidyTitle(t: string): string {
  return t.replace(/[ \t\u3000]{2,}/g, (s) => s[0]);
}

/** Titles of the plans a 印发/转发 notice wraps, normalised for comparison. */
function embeddedTitles(title: string): string[] {
  const quoted = quotedTitles(title);
  if (quoted.length) return quoted;
  const m = /(?:印发|转发|批转|颁发|发布|公布)(.+?)的?(?:通知|决定)$/.exec(squeeze(title));
  return m ? [normTitle(m[1])] : [];
}

/** Titles quoted in 《》, or in 〈〉 where a text uses those as the outer marks. */
function quotedTitles(t: string): string[] {
  const outer = [...t.matchAll(/《([^》]+)》/g)];
  return (outer.length ? outer : [...t.matchAll(/〈([^〉]+)〉/g)]).map((m) => normTitle(m[1]));
}

/** A title reduced for comparison: spaces and quote marks out. */
export function normTitle(t: string): string {
  return squeeze(t).replace(/[《》〈〉“”"]/g, '');
}

/** The issuing body named at the head of a title ("国务院办公厅关于…" → "国务院办公厅"). */
export function issuerFromTitle(title: string): string | null {
  // Joint issuers stand side by side before 关于: "某市发展和改革委员会 某市住房和城乡建设局 关于……".
  const m = /^(.{2,120}?)(?:关于|印发|转发|批转)/.exec(title);
  if (!m) return null;
  const issuer = m[1].replace(/[ \t\u3000]+/g, ' ').trim();
  return issuer.split(' ').every((part) => part.length <= 40 && ORG_END.test(part)) ? issuer : null;
}

/**
 * A table of contents (目录, entries with page numbers) repeats the headings of the body; its
 * entries run from the 目录 line to where the first entry's heading comes again.
 */
function skipTableOfContents(paragraphs: Paragraph[], from: number, consumed: Set<number>, warnings: DocumentWarning[]): void {
  const limit = Math.min(paragraphs.length, from + 60);
  const toc = paragraphs.findIndex((p, k) => k >= from && k < limit && /^目[ \u3000]*录$/.test(p.text));
  if (toc < 0 || toc + 1 >= paragraphs.length) return;
  const entry = (t: string) => squeeze(t).replace(/[.．…·_\-—]*[0-9]+$/, '');
  const first = entry(paragraphs[toc + 1].text);
  if (!first) return;
  for (let k = toc + 2; k < Math.min(paragraphs.length, toc + 300); k++) {
    if (entry(paragraphs[k].text) === first) {
      for (let j = toc; j < k; j++) consumed.add(j);
      warnings.push({ line: paragraphs[toc].line, message: bilingual(`已跳过目录（${k - toc - 1} 条）`, `table of contents skipped (${k - toc - 1} entries)`) });
      return;
    }
    if (displayWidth(paragraphs[k].text) > 80) return;
  }
}

/** The body named in an adoption line: "（2019年7月31日天津市第十七届人民代表大会常务委员会第十二次会议通过）". */
function adoptingBody(line: string): string | null {
  const m = new RegExp(`${DATE_SOURCE}(.{2,40}?)(?:第[^第]{1,6}次(?:全体)?会议)?(?:通过|批准|公布|发布)`).exec(line);
  return m && ORG_END.test(m[1]) ? m[1] : null;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

