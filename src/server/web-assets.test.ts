import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../test/db.ts';
import type { DatabaseHandle } from './db.ts';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { precompressFiles } from '../lib/precompress.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let dir: string;
const script = `console.log(${JSON.stringify('落实 '.repeat(2000))});\n`;

beforeAll(async () => {
  // A built UI as Vite lays it out: index.html and content-hashed assets.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><head><script type="module" src="/assets/index-B3xk9_Qa.js"></script></head><body>${'<div></div>'.repeat(200)}</body></html>`);
  fs.writeFileSync(path.join(dir, 'assets', 'index-B3xk9_Qa.js'), script);
  fs.writeFileSync(path.join(dir, 'assets', 'index-Cq0Lm2Zp.css'), 'body { color: red; }\n'.repeat(200));
  // The chain map's graph chunk in Vite's build manifest (the atlas module preloads it on the map's page).
  fs.mkdirSync(path.join(dir, '.vite'));
  fs.writeFileSync(path.join(dir, 'assets', 'g6-Dx81Qa9k.js'), script);
  fs.writeFileSync(
    path.join(dir, '.vite', 'manifest.json'),
    JSON.stringify({ '../modules/atlas/ui/ChainGraph.tsx': { file: 'assets/g6-Dx81Qa9k.js', isDynamicEntry: true } }),
  );
  precompressFiles(dir);
  h = await openTestDatabase('empty');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false, webDir: dir }));
});
afterAll(async () => {
  await app?.close();
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('web UI files', () => {
  it('sends a hashed script brotli-compressed to a browser that accepts it, cached for a year and immutable', async () => {
    const res = await app.inject({ url: '/assets/index-B3xk9_Qa.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeLessThan(script.length / 4);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(script);
  });

  it('sends gzip to a browser without brotli, and the plain file to one that accepts neither', async () => {
    const gz = await app.inject({ url: '/assets/index-Cq0Lm2Zp.css', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const plain = await app.inject({ url: '/assets/index-B3xk9_Qa.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('has the browser revalidate index.html, at / and on client routes, so a new build is seen at once', async () => {
    for (const url of ['/', '/index.html', '/plans/42']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(zlib.brotliDecompressSync(res.rawPayload).toString(), url).toMatch(/^<!doctype html>/);
    }
  });

  it('opens the chain map’s address with the graph’s chunk preloaded, and other pages without it', async () => {
    const map = await app.inject({ url: '/atlas/chains/0893f41d-174a-4e35-907d-57b47da33364?region=120000' });
    expect(map.statusCode).toBe(200);
    expect(map.headers['content-type']).toMatch(/^text\/html/);
    expect(map.headers['cache-control']).toBe('no-cache');
    expect(map.body).toContain('<link rel="modulepreload" crossorigin href="/assets/g6-Dx81Qa9k.js">');
    expect(map.body).toContain('<script type="module" src="/assets/index-B3xk9_Qa.js"></script>');
    const other = await app.inject({ url: '/atlas/chains', headers: { 'accept-encoding': 'identity' } });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('g6-Dx81Qa9k');
  });

  it('still answers 404 for an old asset name after a new build', async () => {
    const res = await app.inject({ url: '/assets/index-Old12345.js', headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(404);
  });
});
