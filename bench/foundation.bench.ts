/**
 * Foundation benchmarks:
 * 1. start-up: time from `npm start` (and from `luoshi serve`) to a served page with an existing data folder (a
 *    restart), and from `npm start` on an empty data folder (a first start, which copies the demo template that
 *    `node bin/build.js` prepares), against a bare `node -e http.createServer` start in the same run;
 * 2. throughput: requests per second of an authenticated JSON read (GET /api/auth/me and GET /api/units) on the
 *    real server, as a ratio to a bare Fastify route, each in its own process, measured with autocannon.
 * Prints the figures and rewrites the "Foundation" section of BENCHMARKS.md. Run: npx tsx bench/foundation.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { median, machineLine, writeSection } from './lib.ts';
import { DEMO_PASSWORD } from '../src/modules/org/org.seed.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-'));
const env = { ...process.env, LUOSHI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
let port = Number(process.env.BENCH_PORT ?? 3900);

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) {
        await res.text();
        return;
      }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Stops a command started with `detached` and everything it started (npm start runs node under npm). */
async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      /* the group has already gone */
    }
  };
  signal('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) signal('SIGKILL');
  await waitUnlocked(dataDir);
}

/** The server releases the data folder lock as it exits; waits until the folder is free again. */
async function waitUnlocked(dir: string) {
  for (let i = 0; i < 100 && fs.existsSync(path.join(dir, 'luoshi.lock')); i++) await new Promise((r) => setTimeout(r, 50));
}

/** Milliseconds from spawning a command until its page answers; `dir` is the data folder (the shared one by default). */
async function startTime(cmd: string, args: string[], urlPath: string, dir = dataDir): Promise<number> {
  const p = ++port;
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...env, LUOSHI_DATA_DIR: dir, PORT: String(p) }, stdio: 'ignore', detached: true });
  try {
    await waitFor(`http://127.0.0.1:${p}${urlPath}`, child);
    return performance.now() - t0;
  } finally {
    await stop(child);
  }
}

async function throughput(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: 16, duration: SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function main() {
  console.log(`data folder ${dataDir}`);
  // An existing data folder with the demo region, and a built UI, as after a first `npm start`.
  const seeded = spawnSync(process.execPath, ['bin/luoshi.js', 'seed', '--demo'], { cwd: ROOT, env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(seeded.stderr);
  const built = spawnSync(process.execPath, ['bin/build.js'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(built.stderr);

  const starts: Record<string, number[]> = { bare: [], serve: [], npm: [], first: [] };
  for (let i = 0; i < RUNS; i++) {
    starts.bare.push(await startTime(process.execPath, ['-e', "require('http').createServer((q,s)=>s.end('<html></html>')).listen(process.env.PORT)"], '/'));
    starts.serve.push(await startTime(process.execPath, ['bin/luoshi.js', 'serve', '--demo'], '/'));
    starts.npm.push(await startTime('npm', ['start', '--silent'], '/'));
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-first-'));
    starts.first.push(await startTime('npm', ['start', '--silent'], '/', empty));
    await waitUnlocked(empty);
    fs.rmSync(empty, { recursive: true, force: true });
    console.log(`start-up run ${i + 1}: bare ${starts.bare[i].toFixed(0)} ms, serve ${starts.serve[i].toFixed(0)} ms, npm start ${starts.npm[i].toFixed(0)} ms, first npm start ${starts.first[i].toFixed(0)} ms`);
  }

  // Throughput: the real server and the bare route, one after the other, each alone on the machine.
  const p = ++port;
  const server = spawn(process.execPath, ['bin/luoshi.js', 'serve', '--demo'], { cwd: ROOT, env: { ...env, PORT: String(p) }, stdio: 'ignore', detached: true });
  let me, units;
  try {
    await waitFor(`http://127.0.0.1:${p}/api/health`, server);
    const login = await fetch(`http://127.0.0.1:${p}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'duban', password: DEMO_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    await throughput(`http://127.0.0.1:${p}/api/auth/me`, { cookie }); // warm-up
    me = await throughput(`http://127.0.0.1:${p}/api/auth/me`, { cookie });
    units = await throughput(`http://127.0.0.1:${p}/api/units`, { cookie });
  } finally {
    await stop(server);
  }
  const bp = ++port;
  const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-fastify.ts'], { cwd: ROOT, env: { ...env, PORT: String(bp) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], detached: true });
  let bareResult;
  try {
    await waitFor(`http://127.0.0.1:${bp}/bare`, bare);
    await throughput(`http://127.0.0.1:${bp}/bare`);
    bareResult = await throughput(`http://127.0.0.1:${bp}/bare`);
  } finally {
    await stop(bare);
  }

  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const s = (k: string) => median(starts[k]);
  const rows = [
    `| bare \`node -e http.createServer\` (baseline) | ${RUNS} | ${ms(s('bare'))} | ${ms(Math.min(...starts.bare))} – ${ms(Math.max(...starts.bare))} | 1.00 |  |`,
    `| \`luoshi serve --demo\` | ${RUNS} | ${ms(s('serve'))} | ${ms(Math.min(...starts.serve))} – ${ms(Math.max(...starts.serve))} | ${(s('serve') / s('bare')).toFixed(1)} | < 3 s: ${s('serve') < 3000 ? 'met' : 'not met'} |`,
    `| \`npm start\` (restart) | ${RUNS} | ${ms(s('npm'))} | ${ms(Math.min(...starts.npm))} – ${ms(Math.max(...starts.npm))} | ${(s('npm') / s('bare')).toFixed(1)} | < 1.5 s: ${s('npm') < 1500 ? 'met' : 'not met'} |`,
    `| \`npm start\` on an empty data folder (first start) | ${RUNS} | ${ms(s('first'))} | ${ms(Math.min(...starts.first))} – ${ms(Math.max(...starts.first))} | ${(s('first') / s('bare')).toFixed(1)} | < 5 s: ${s('first') < 5000 ? 'met' : 'not met'} |`,
  ];
  const ratio = (x: number) => (x / bareResult!.rps).toFixed(2);
  const body = `## Foundation

${machineLine()}

Start-up: from spawning the command to the first 200 answer for \`/\` (the web UI's page), with a built UI, server
bundle and demo template (\`node bin/build.js\`, which \`npm start\` runs first and which does nothing when nothing
changed). A restart finds an existing data folder (PGlite, demo region loaded); a first start an empty one, which it
fills from the demo template. Median of ${RUNS}; each run starts a fresh process.

| command | runs | median | min – max | × baseline | goal |
|---|---|---|---|---|---|
${rows.join('\n')}

Throughput: autocannon, 16 connections, ${SECONDS} s per figure after a warm-up, the server alone in its own process
(PGlite). The authenticated reads send the session cookie. Who the session is (account, roles, unit scopes) comes
from a 10-second in-memory cache that any change to accounts, roles, units or people clears; \`/api/units\` then
reads the units from the database on every request.

| route | requests/s | p50 | p99 | × bare Fastify | goal |
|---|---|---|---|---|---|
| bare Fastify \`GET /bare\` (baseline) | ${bareResult!.rps.toFixed(0)} | ${bareResult!.p50} ms | ${bareResult!.p99} ms | 1.00 |  |
| \`GET /api/auth/me\` (signed in) | ${me!.rps.toFixed(0)} | ${me!.p50} ms | ${me!.p99} ms | ${ratio(me!.rps)} | ≥ 0.5: ${me!.rps / bareResult!.rps >= 0.5 ? 'met' : 'not met'} |
| \`GET /api/units\` (signed in, 60 units with abilities) | ${units!.rps.toFixed(0)} | ${units!.p50} ms | ${units!.p99} ms | ${ratio(units!.rps)} |  |
`;
  console.log(body);
  writeSection('foundation', body);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
