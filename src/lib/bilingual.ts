import { NotFoundError } from './errors.ts';

/**
 * Joins the halves of a message as "中文 / English". The web UI shows what comes before the first " / " in Chinese, so
 * a " / " inside the Chinese half (user data such as a column or sheet named "Exports / Imports") is closed up to "/".
 * @example bilingual('文件是空的', 'The file is empty') // '文件是空的 / The file is empty'
 */
export function bilingual(zh: string, en: string): string {
  return `${closeUp(zh)} / ${en}`;
}

/** The Chinese half as {@link bilingual} writes it: every " / " closed up to "/", so the UI's split stays right. */
export function closeUp(zh: string): string {
  return zh.replaceAll(' / ', '/');
}

/**
 * The halves of a "中文 / English" message, split where the web UI splits it (the first " / "); a message without
 * one (an unforeseen error's own text) serves as both.
 */
export function halves(message: string): { zh: string; en: string } {
  const at = message.indexOf(' / ');
  return at < 0 ? { zh: message, en: message } : { zh: message.slice(0, at), en: message.slice(at + 3) };
}

/**
 * A NotFoundError reading "中文 / English not found" (NotFoundError appends " not found" to what it is given).
 * @example bilingualNotFound(`规划 ${id} 不存在`, `Plan ${id}`) // 规划 … 不存在 / Plan … not found
 */
export function bilingualNotFound(zh: string, en: string): NotFoundError {
  return new NotFoundError(bilingual(zh, en));
}
