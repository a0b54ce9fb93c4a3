import type { Locale } from './i18n.ts';

/**
 * A timestamp as date and time in China (UTC+8) in the UI language, whatever the browser's time zone: the same clock
 * as the day the pages say it is (todayInChina), so a report sent at 01:45 on 5 December does not read "2026/12/4".
 * @example formatDateTime('2026-03-01T08:00:00Z', 'zh-CN') // '2026/3/1 16:00:00'
 */
export function formatDateTime(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(date);
}


/** Today in China (UTC+8) as YYYY-MM-DD, whatever the browser's time zone: the day reports fall due and pages default to. */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The day in China (UTC+8) of a timestamp, as YYYY-MM-DD (the day a step is filed under, as the pages say it); a text that is not a time, its first ten characters. */
export function chinaDay(at: string): string {
  const t = new Date(at).getTime();
  return Number.isNaN(t) ? at.slice(0, 10) : new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * A long text cut to `max` characters for a list or a title, with an ellipsis so the reader sees it goes on
 * (a bare cut leaves "…打通研发—" or "…重点企业，" that reads like the whole text).
 * @example clip('推动成龙配套。常态化开展供需对接', 6) // '推动成龙配套…'
 */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('').trimEnd()}…` : text;
}
