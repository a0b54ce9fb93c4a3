import { pinyin } from 'pinyin-pro';

/** Each character's reading, asked of pinyin-pro once: a million names are keyed in seconds, not a minute. */
const readings = new Map<string, string>();

function reading(char: string): string {
  let r = readings.get(char);
  if (r === undefined) {
    r = /[\u3400-\u9fff\uf900-\ufaff]/.test(char) ? pinyin(char, { toneType: 'none' }).toLowerCase().replace(/ü/g, 'v') : '';
    readings.set(char, r);
  }
  return r;
}

/**
 * The key enterprise names are sorted by (atlas_enterprises.name_pinyin, db/migrations/0017_atlas_pinyin.sql): the
 * toneless pinyin of each character (a polyphone in its most common reading), separated by spaces so that a shorter
 * syllable sorts first (an < ang); runs of Latin letters and digits lower-cased as one part; punctuation dropped.
 * Compared bytewise in SQL.
 * @example pinyinKey('天津示例A7科技有限公司') // 'tian jin shi li a7 ke ji you xian gong si'
 */
export function pinyinKey(name: string): string {
  const parts: string[] = [];
  for (const run of name.normalize('NFKC').toLowerCase().match(/[\u3400-\u9fff\uf900-\ufaff]|[a-z0-9]+/g) ?? []) {
    const p = run.length === 1 && run > '\u3000' ? reading(run) : run;
    if (p) parts.push(p);
  }
  return parts.join(' ');
}
