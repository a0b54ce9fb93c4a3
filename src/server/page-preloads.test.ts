import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagePreloadHtml } from './page-preloads.ts';

let dir: string;
const index = `<!doctype html><html><head><meta charset="UTF-8" />
    <link rel="modulepreload" crossorigin href="/assets/react-AAAAAAAA.js">
    <script type="module" crossorigin src="/assets/index-BBBBBBBB.js"></script>
  </head><body><div id="root"></div></body></html>`;

beforeAll(() => {
  // A build as Vite lays it out: the map page imports the shared react chunk (already preloaded) and its own antd
  // part; the graph imports G6, the largest chunk.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-preload-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.mkdirSync(path.join(dir, '.vite'));
  fs.writeFileSync(path.join(dir, 'index.html'), index);
  const chunks: Record<string, number> = { 'react-AAAAAAAA.js': 10, 'MapPage-CCCCCCCC.js': 20, 'antd-DDDDDDDD.js': 40, 'Graph-EEEEEEEE.js': 5, 'g6-FFFFFFFF.js': 1000 };
  for (const [file, size] of Object.entries(chunks)) fs.writeFileSync(path.join(dir, 'assets', file), 'x'.repeat(size));
  const manifest = {
    'index.html': { file: 'assets/index-BBBBBBBB.js', isEntry: true, imports: ['_react-AAAAAAAA.js'] },
    _react: { file: 'assets/react-AAAAAAAA.js' },
    '_react-AAAAAAAA.js': { file: 'assets/react-AAAAAAAA.js' },
    '_antd-DDDDDDDD.js': { file: 'assets/antd-DDDDDDDD.js', imports: ['_react-AAAAAAAA.js'] },
    '_g6-FFFFFFFF.js': { file: 'assets/g6-FFFFFFFF.js', imports: ['_react-AAAAAAAA.js'] },
    '../modules/atlas/ui/MapPage.tsx': { file: 'assets/MapPage-CCCCCCCC.js', isDynamicEntry: true, imports: ['_react-AAAAAAAA.js', '_antd-DDDDDDDD.js'] },
    '../modules/atlas/ui/Graph.tsx': { file: 'assets/Graph-EEEEEEEE.js', isDynamicEntry: true, imports: ['_react-AAAAAAAA.js', '_g6-FFFFFFFF.js'] },
  };
  fs.writeFileSync(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const preloaded = (html: string) => [...html.matchAll(/<link rel="modulepreload" crossorigin href="\/assets\/([^"]+)">/g)].map((m) => m[1]);

describe('a page opened at its own address fetches its chunks with the app (pagePreloadHtml)', () => {
  const pages = [{ path: '/atlas/chains/:id', modules: ['src/modules/atlas/ui/MapPage.tsx', 'src/modules/atlas/ui/Graph.tsx'] }];

  it('adds the page’s chunks and their imports, largest first and before the app’s own, leaving out what index.html has', () => {
    const html = pagePreloadHtml(dir, pages)('/atlas/chains/0893f41d-174a-4e35-907d-57b47da33364');
    expect(html).toBeDefined();
    expect(preloaded(html!)).toEqual(['g6-FFFFFFFF.js', 'antd-DDDDDDDD.js', 'MapPage-CCCCCCCC.js', 'Graph-EEEEEEEE.js', 'react-AAAAAAAA.js']);
    // The rest of index.html is as built: the app's script is still there, once.
    expect(html!.match(/index-BBBBBBBB\.js/g)).toHaveLength(1);
    expect(html!.replace(/\s*<link rel="modulepreload"[^>]*>/g, '')).toBe(index.replace(/\s*<link rel="modulepreload"[^>]*>/g, ''));
  });

  it('answers nothing for other pages, a longer path under the page, or a build without a manifest', () => {
    const pageHtml = pagePreloadHtml(dir, pages);
    expect(pageHtml('/atlas/chains')).toBeUndefined();
    expect(pageHtml('/atlas/chains/abc/analysis')).toBeUndefined();
    expect(pageHtml('/plans/42')).toBeUndefined();
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-preload-bare-'));
    fs.writeFileSync(path.join(bare, 'index.html'), index);
    expect(pagePreloadHtml(bare, pages)('/atlas/chains/abc')).toBeUndefined();
    fs.rmSync(bare, { recursive: true, force: true });
  });

  it('has nothing to add when the build does not have the page’s modules', () => {
    expect(pagePreloadHtml(dir, [{ path: '/x/:id', modules: ['src/modules/x/ui/Gone.tsx'] }])('/x/1')).toBeUndefined();
  });

  it('follows a new build written under the running server', () => {
    const pageHtml = pagePreloadHtml(dir, pages);
    expect(pageHtml('/atlas/chains/a')).toContain('g6-FFFFFFFF.js');
    const manifestFile = path.join(dir, '.vite', 'manifest.json');
    const before = fs.readFileSync(manifestFile, 'utf8');
    fs.writeFileSync(path.join(dir, 'assets', 'g6-GGGGGGGG.js'), 'x'.repeat(1000));
    fs.writeFileSync(manifestFile, before.replaceAll('g6-FFFFFFFF', 'g6-GGGGGGGG'));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, 'index.html'), later, later);
    try {
      expect(pageHtml('/atlas/chains/a')).toContain('g6-GGGGGGGG.js');
      expect(pageHtml('/atlas/chains/a')).not.toContain('g6-FFFFFFFF.js');
    } finally {
      fs.writeFileSync(manifestFile, before);
    }
  });
});
