import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messages, pickLanguage, translate, type Message } from './i18n.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CJK = /[\u3400-\u9fff]/;

// The shell's dictionary and every module's (src/modules/*/ui/*.messages.ts).
const moduleDictionaries = import.meta.glob<Record<string, Record<string, Message>>>('../modules/*/ui/*.messages.ts', { eager: true });
const dictionaries: [string, Record<string, Message>][] = [
  ['src/web/i18n.ts', messages],
  ...Object.entries(moduleDictionaries).flatMap(([file, mod]) => Object.entries(mod).map(([name, dict]) => [`${file} ${name}`, dict] as [string, Record<string, Message>])),
];

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('include the org pages', () => {
    expect(dictionaries.some(([name]) => name.includes('org.messages.ts'))).toBe(true);
  });

  for (const [name, dict] of dictionaries) {
    it(`${name}: every key has Chinese and English with the same parameters`, () => {
      const problems: string[] = [];
      for (const [key, entry] of Object.entries(dict)) {
        if (!Array.isArray(entry) || entry.length !== 2) problems.push(`${key}: not a [zh, en] pair`);
        const [zh, en] = entry;
        if (!zh?.trim()) problems.push(`${key}: Chinese missing`);
        if (!en?.trim()) problems.push(`${key}: English missing`);
        if (zh && en && zh !== en && !CJK.test(zh)) problems.push(`${key}: the Chinese text has no Chinese`);
        if (zh && en && JSON.stringify(params(zh)) !== JSON.stringify(params(en))) problems.push(`${key}: parameters differ`);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('translate and pickLanguage', () => {
  it('fills parameters in the chosen language', () => {
    expect(translate(['共 {count} 个单位', '{count} units'], { count: 3 }, 'zh-CN')).toBe('共 3 个单位');
    expect(translate(['共 {count} 个单位', '{count} units'], { count: 3 }, 'en-US')).toBe('3 units');
  });

  it('shows the half of a bilingual server message in the UI language', () => {
    expect(pickLanguage('已有同名单位 / a unit named "x" already exists', 'zh-CN')).toBe('已有同名单位');
    expect(pickLanguage('已有同名单位 / a unit named "x" already exists', 'en-US')).toBe('a unit named "x" already exists');
    expect(pickLanguage('No route GET /x', 'zh-CN')).toBe('No route GET /x');
  });
});

describe('UI source', () => {
  it('has no Chinese text outside the dictionaries', () => {
    const files = [
      ...fs.readdirSync(path.join(ROOT, 'src/web'), { recursive: true, encoding: 'utf8' }).map((f) => path.join('src/web', f)),
      ...fs
        .readdirSync(path.join(ROOT, 'src/modules'), { recursive: true, encoding: 'utf8' })
        .map((f) => path.join('src/modules', f))
        .filter((f) => /[\\/]ui[\\/]/.test(f)),
    ].filter((f) => /\.(tsx?|html)$/.test(f) && !/\.test\.tsx?$/.test(f) && !/(messages\.ts|i18n\.ts|index\.html)$/.test(f));
    const offenders = files.filter((file) => {
      const code = fs
        .readFileSync(path.join(ROOT, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
      return CJK.test(code);
    });
    expect(offenders).toEqual([]);
  });
});
