#!/usr/bin/env node
// Builds what `luoshi` serves, each part only when its sources are newer than the last build:
// the web UI (Vite → dist/web) and the server (esbuild → dist/server, so start-up does not compile TypeScript).
// Usage: node bin/build.js [--force] [--web-only|--server-only]
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
    run(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
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
