import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

// jieba and its dictionary load on the first use (a write or a search), not at start-up.
const require = createRequire(import.meta.url);
let jieba: Jieba | null = null;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Tokens to index for Chinese search: jieba's search-mode words, every CJK bigram (so that two-character
 * queries such as 天津 or 滨海 hit an index entry) and lower-cased Latin words.
 * @example searchTokens('滨海新区') // ['滨海', '新区', '滨海新区', '海新', ...]
 */
export function searchTokens(...texts: (string | null | undefined)[]): string[] {
  jieba ??= (require('@node-rs/jieba') as typeof import('@node-rs/jieba')).Jieba.withDict(
    (require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict')).dict,
  );
  const out = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const word of jieba.cutForSearch(text, true)) {
      const w = word.trim().toLowerCase();
      if (w.length > 0 && !/^[\p{P}\p{S}\s]+$/u.test(w)) out.add(w);
    }
    for (const run of text.match(/[\u3400-\u9fff\uf900-\ufaff]+/g) ?? []) {
      if (run.length === 1) out.add(run);
      for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
    }
  }
  return [...out];
}

/**
 * Only the terms {@link queryTokens} can ask for, without jieba: every CJK bigram, a lone CJK character (a run of
 * one), and each run of Latin letters and digits lower-cased; distinct, in order of first appearance. For indexes
 * that only ever answer queryTokens (the enterprise directory's terms): jieba's longer words are never asked for,
 * and cutting a million names with it was the slowest step of an import. One pass over the characters, no regular
 * expressions. Single characters that jieba would have cut out of a longer run as words of their own are not kept.
 * @example searchTerms('天津A7芯片') // ['天津', 'a7', '芯片']
 */
export function searchTerms(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isCjk(c)) {
        let j = i + 1;
        while (j < n && isCjk(text.charCodeAt(j))) j++;
        if (j - i === 1) out.add(text[i]!);
        else for (let k = i; k + 1 < j; k++) out.add(text.slice(k, k + 2));
        i = j;
      } else if (isAlnum(c)) {
        let j = i + 1;
        while (j < n && isAlnum(text.charCodeAt(j))) j++;
        out.add(text.slice(i, j).toLowerCase());
        i = j;
      } else i++;
    }
  }
  return [...out];
}

/** The CJK characters {@link queryTokens} cuts into bigrams (its regular expression's ranges). */
const isCjk = (c: number) => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Index tokens a query must all hit: its CJK bigrams (or the single character) and Latin words.
 * A caller still rechecks candidates with a substring match, since bigrams may occur apart.
 */
export function queryTokens(query: string): string[] {
  const out = new Set<string>();
  for (const run of query.match(/[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+/g) ?? []) {
    if (!CJK.test(run)) out.add(run.toLowerCase());
    else if (run.length === 1) out.add(run);
    else for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  return [...out];
}
