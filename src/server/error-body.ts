import { halves } from '../lib/bilingual.ts';
import type { FieldIssue } from '../lib/errors.ts';

/** A field problem as answered: its `message`, and the same as a `zh`/`en` pair. */
export type AnsweredIssue = FieldIssue & { zh: string; en: string };

/**
 * The one error shape of the API:
 * `{ error: { code, message, zh, en, details: [{ field, message, zh, en, row?, line? }] } }`.
 * `message` is the text as the server wrote it, "中文 / English" (what the CLI, logs and scripts print); `zh` and `en`
 * are its two halves, so the web UI shows one language without splitting strings. Messages are written with
 * `bilingual(zh, en)`, which keeps " / " out of the Chinese half, so the split here is exact; a message in one
 * language only (a schema validator's "must be string") has it in both.
 * @example errorBody('conflict', '单位名称重复 / duplicate unit name') // { error: { code, message, zh: '单位名称重复', en: 'duplicate unit name', details: [] } }
 */
export function errorBody(code: string, message: string, details: FieldIssue[] = [], pair: { zh: string; en: string } = halves(message)) {
  const answered: AnsweredIssue[] = details.map((d) => ({ ...d, ...halves(d.message) }));
  return { error: { code, message, zh: pair.zh, en: pair.en, details: answered } };
}
