import { parseNumber, toAsciiDigits } from './documents.text.domain.ts';

const YEAR = '(?:[0-9０-９]{4}|[〇○零OＯ０0一二三四五六七八九]{4})';
const MD = '(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})';
const S = '[ \\t\\u3000]*';

/** A full date in Chinese (2019年1月24日, 二〇一九年一月二十四日) or numeric (2019-01-24, 2019.1.24) form. */
export const DATE_SOURCE = `(?:${YEAR}${S}年${S}${MD}${S}月${S}${MD}${S}日|[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}(?![0-9]))`;

/** A line that is a date and nothing else (a signature's date). */
export const DATE_ONLY = new RegExp(`^${DATE_SOURCE}$`);

const DATE_RE = new RegExp(DATE_SOURCE);
const PARTS_CN = new RegExp(`(${YEAR})${S}年${S}(${MD})${S}月${S}(${MD})${S}日`);
const PARTS_NUM = /([0-9]{4})[-./]([0-9]{1,2})[-./]([0-9]{1,2})/;

/** A date as written and as ISO (null when the written date does not exist, e.g. 2月30日). */
export interface FoundDate {
  text: string;
  iso: string | null;
}

/**
 * Finds the first full date in a string and normalises it to ISO.
 * @example findDate('（二〇一九年一月二十四日）') // { text: '二〇一九年一月二十四日', iso: '2019-01-24' }
 */
export function findDate(text: string): FoundDate | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const written = m[0];
  const folded = toAsciiDigits(written);
  const parts = PARTS_CN.exec(written) ?? PARTS_NUM.exec(folded);
  if (!parts) return { text: written, iso: null };
  const year = readYear(parts[1]);
  const month = parseNumber(parts[2]);
  const day = parseNumber(parts[3]);
  return { text: written, iso: year !== null && month !== null && day !== null ? isoDate(year, month, day) : null };
}

function readYear(raw: string): number | null {
  const s = toAsciiDigits(raw).replace(/[〇○零OＯ]/g, '0');
  if (/^\d{4}$/.test(s)) return Number(s);
  return parseNumber(s);
}

/** Days in a month of a year (Gregorian). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Formats a date as "YYYY-MM-DD", or null when it does not exist. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
