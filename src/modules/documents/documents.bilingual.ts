/**
 * Messages in both languages, "中文 / English" in one string: the web UI shows what comes before the first " / " in
 * Chinese and what comes after it in English (pickLanguage in src/web/i18n.ts); the CLI prints both.
 * (The same pattern as the complexity module's errors; the engine keeps its own copy so it stays free of the others.)
 */

const CJK = /[\u3400-\u9fff]/;

/**
 * Joins the halves of a message. A " / " inside the Chinese half (quoted text such as a running header
 * "国务院公报 / 2019") is closed up to "/", so the UI's split at the first " / " stays right.
 * @example bilingual('文件是空的', 'the document is empty') // '文件是空的 / the document is empty'
 */
export function bilingual(zh: string, en: string): string {
  return `${zh.replaceAll(' / ', '/')} / ${en}`;
}

/**
 * The halves of a message as the UI splits it (at the first " / "). A message whose first half has no Chinese in
 * it is English alone (a reason not translated yet, or a library's own text that happens to hold " / "): zh is null.
 * @example halves('文件是空的 / the document is empty') // { zh: '文件是空的', en: 'the document is empty' }
 */
export function halves(message: string): { zh: string | null; en: string } {
  const at = message.indexOf(' / ');
  if (at < 0 || !CJK.test(message.slice(0, at))) return { zh: null, en: message };
  return { zh: message.slice(0, at), en: message.slice(at + 3) };
}
