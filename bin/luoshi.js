#!/usr/bin/env node
// The `luoshi` command. It runs the server bundle (dist/server, built by `node bin/build.js`) when that is newer
// than every source file, and otherwise the TypeScript sources through tsx, so a change is never run stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = path.join(root, 'dist/server/luoshi.js');

function bundleIsFresh() {
  if (process.env.LUOSHI_FROM_SOURCE === '1' || !fs.existsSync(bundle)) return false;
  const built = fs.statSync(bundle).mtimeMs;
  for (const entry of fs.readdirSync(path.join(root, 'src'), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs > built) return false;
  }
  return fs.statSync(path.join(root, 'package-lock.json')).mtimeMs <= built;
}

if (bundleIsFresh()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
