import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serverUrl } from './browser.ts';

// The global setup's `node bin/build.js` has just built dist/web (with a Vite manifest).
const manifestFile = fileURLToPath(new URL('../../dist/web/.vite/manifest.json', import.meta.url));

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

describe('the built web UI', () => {
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, Chunk>;
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) closure(next, seen);
    return seen;
  };
  const [entryKey] = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)!;
  const firstLoad = [...closure(entryKey)].map((key) => manifest[key].file);

  it('loads neither echarts nor g6 on the first page, and antd and react as their own chunks', () => {
    expect(firstLoad.filter((file) => /\/(echarts|g6)-/.test(file))).toEqual([]);
    expect(firstLoad.some((file) => /\/antd[-~]/.test(file))).toBe(true);
    expect(firstLoad.some((file) => /\/react-/.test(file))).toBe(true);
  });

  it('loads each page on demand', () => {
    const pages = Object.keys(manifest).filter((key) => /Page\.tsx$/.test(key) && !/LoginPage|StatusPage|ChangePasswordModal/.test(key));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages.filter((key) => closure(entryKey).has(key))).toEqual([]);
  });
});

describe('the server of the built UI', () => {
  it('answers a client route with the page but a missing asset file with 404', async () => {
    const base = serverUrl();
    const page = await fetch(new URL('/plans/some-plan', base));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const stale = await fetch(new URL('/assets/index-deadbeef.js', base));
    expect(stale.status).toBe(404);
  });
});
