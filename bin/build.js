#!/usr/bin/env node
// Builds what `luoshi` serves, each part only when its sources are newer than the last build:
// the web UI (Vite → dist/web, each text file with .br and .gz copies beside it), the server (esbuild → dist/server, so start-up does not compile TypeScript) and the
// demo data template (.cache/data-template, so a first `npm start` copies a seeded database instead of seeding one).
// Nothing is written under node_modules: npm would then find its record of the tree out of date and re-read the whole
// tree on every `npx luoshi`.
// Usage: node bin/build.js [--force] [--web-only|--server-only] [--no-template]
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const force = args.has('--force');

/** Newest modification time of the files under `dir` whose path matches `pattern`. */
export function newestMtime(dir, pattern) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    if (!pattern.test(full) || /\.test\.tsx?$/.test(full)) continue;
    newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
const log = (line) => console.log(`[luoshi] ${line}`);

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) {
    console.error(`[luoshi] ${path.basename(cmdArgs[0])} failed; see the messages above`);
    process.exit(r.status ?? 1);
  }
}

const src = path.join(ROOT, 'src');
if (!args.has('--server-only')) {
  const webSources = Math.max(newestMtime(src, /[\\/](web|ui)[\\/]|\.(tsx|css|html)$/), mtime(path.join(ROOT, 'vite.config.ts')), mtime(path.join(ROOT, 'package-lock.json')));
  if (force || mtime(path.join(ROOT, 'dist/web/index.html')) < webSources) {
    log('building the web UI (vite build) …');
    // The runner config loader reads vite.config.ts in place; the default one writes it to node_modules/.vite-temp.
    run(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--configLoader', 'runner', '--logLevel', 'warn']);
  }
}
if (!args.has('--web-only')) {
  const serverSources = Math.max(newestMtime(src, /\.ts$/), mtime(path.join(ROOT, 'package-lock.json')));
  if (force || mtime(path.join(ROOT, 'dist/server/luoshi.js')) < serverSources) {
    log('building the server (esbuild) …');
    fs.rmSync(path.join(ROOT, 'dist/server'), { recursive: true, force: true });
    // Dependencies stay external and each lazily imported module gets its own chunk, so ExcelJS, mammoth and
    // the other format libraries still load on first use.
    run(path.join(ROOT, 'node_modules/.bin/esbuild'), [
      'src/cli/main.ts',
      '--bundle',
      '--splitting',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      '--target=node20',
      '--outdir=dist/server',
      '--entry-names=luoshi',
      '--chunk-names=chunks/[name]-[hash]',
      '--log-level=warning',
    ]);
  }
}
if (!args.has('--web-only') && !args.has('--no-template')) {
  const templates = path.join(ROOT, '.cache/data-template');
  const newestTemplate = fs.existsSync(templates) ? newestMtime(templates, /\.tar\.gz$/) : 0;
  const seedSources = Math.max(newestMtime(src, /\.ts$/), newestMtime(path.join(ROOT, 'db/migrations'), /\.sql$/), newestMtime(src, /[\\/]demo[\\/]/), mtime(path.join(ROOT, 'package-lock.json')));
  if (force || newestTemplate < seedSources) {
    log('preparing the demo database template …');
    run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/build-data-template.ts')]);
  }
}
