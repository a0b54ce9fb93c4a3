#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts in turn (or the ones named: npm run bench -- complexity plans);
// each prints its figures and rewrites its own section of BENCHMARKS.md. `npm run bench -- reliability` runs the load
// and fault scripts (bench/reliability.*.ts), which write RELIABILITY.md.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const scripts = fs
  .readdirSync(dir)
  // The reliability scripts (load and fault loops, writing RELIABILITY.md) take minutes and run only when named.
  .filter((f) => f.endsWith('.bench.ts') || (wanted.length > 0 && /^reliability\.(load|faults)\.ts$/.test(f)))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n=== ${script}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, script)], { stdio: 'inherit', cwd: path.join(dir, '..') });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
