import { expect } from 'vitest';
import { pickLanguage } from '../src/web/i18n.ts';

const CJK = /[\u3400-\u9fff]/;

/**
 * A "中文 / English" message as the zh-CN and en-US pages show it. Fails unless the Chinese half is Chinese, holds no
 * " / " (the pages split at the first one) and differs from the English half.
 */
export function shownHalves(message: string): { zh: string; en: string } {
  const zh = pickLanguage(message, 'zh-CN');
  const en = pickLanguage(message, 'en-US');
  expect(zh).toMatch(CJK);
  expect(zh).not.toContain(' / ');
  expect(zh).not.toBe(en);
  expect(message).toBe(`${zh} / ${en}`);
  return { zh, en };
}
