/**
 * Hostile uploads: each file of the hostile corpus (test/hostile/make-corpus.ts) sent to a fresh `luoshi serve --demo`
 * (a document to POST /api/plans/parse, a table to the task-import preview) and to `luoshi parse` / `luoshi plan import
 * --dry-run` in a process of its own. For each: the answer and the time to it, the server's resident memory before,
 * at its peak and after, the slowest /api/health answer while the upload ran (polled every 100 ms), and the CLI's time
 * and peak memory. A file still unanswered after BENCH_HOSTILE_CAP_S seconds (default 120) is given up on and the
 * server killed: the table then shows "> cap".
 * Prints the table and rewrites the "Hostile uploads" section of BENCHMARKS.md. Run: npx tsx bench/hostile.bench.ts
 * (BENCH_HOSTILE_ONLY=pdf-200k,docx-media limits the files; BENCH_HOSTILE_LABEL names the code measured.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machineLine, writeSection } from './lib.ts';
import { makeCorpus, type HostileFile } from '../test/hostile/make-corpus.ts';
import { DEMO_PASSWORD } from '../src/modules/org/org.seed.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CAP_S = Number(process.env.BENCH_HOSTILE_CAP_S ?? 120);
const ONLY = process.env.BENCH_HOSTILE_ONLY?.split(',').filter(Boolean);
const LABEL = process.env.BENCH_HOSTILE_LABEL ?? 'this code';
const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-hostile-'));
let port = Number(process.env.BENCH_PORT ?? 3950);

/** A process's resident and peak resident memory (MB), from /proc. */
function memory(pid: number): { rss: number; peak: number } {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return void (await res.text());
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    /* gone */
  }
  return exited;
}

interface ServerFigures {
  status: string;
  seconds: number | null;
  rssBefore: number;
  rssPeak: number;
  rssAfter: number;
  healthMaxMs: number;
  message: string;
}

async function viaServer(file: HostileFile): Promise<ServerFigures> {
  const p = ++port;
  const dataDir = path.join(dataRoot, `${file.name}-${p}`);
  fs.cpSync(template, dataDir, { recursive: true });
  const server = spawn(process.execPath, ['bin/luoshi.js', 'serve', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, LUOSHI_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', PORT: String(p) },
    stdio: 'ignore',
    detached: true,
  });
  const base = `http://127.0.0.1:${p}`;
  try {
    await waitFor(`${base}/api/health`, server);
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'duban', password: DEMO_PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    // Warm up: the readers load on first use, which is not what is measured.
    await fetch(`${base}/api/plans`, { headers: { cookie } }).then((r) => r.text());
    const rssBefore = memory(server.pid!).rss;
    const form = new FormData();
    form.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name);
    const url = file.kind === 'document' ? `${base}/api/plans/parse` : `${base}/api/tasks/import`;
    const t0 = performance.now();
    let done = false;
    let healthMaxMs = 0;
    let rssPeak = rssBefore;
    const poll = (async () => {
      while (!done) {
        const h0 = performance.now();
        const ok = await Promise.race([
          fetch(`${base}/api/health`).then((r) => r.text()).then(() => true, () => true),
          new Promise<boolean>((r) => setTimeout(() => r(false), CAP_S * 1000)),
        ]);
        healthMaxMs = Math.max(healthMaxMs, performance.now() - h0);
        rssPeak = Math.max(rssPeak, memory(server.pid!).rss);
        if (!ok) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const answer = await Promise.race([
      fetch(url, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form }).then(async (r) => ({ status: String(r.status), body: await r.text() })),
      new Promise<null>((r) => setTimeout(() => r(null), CAP_S * 1000)),
    ]).catch((err: Error) => ({ status: 'dropped', body: err.message }));
    const seconds = answer ? (performance.now() - t0) / 1000 : null;
    done = true;
    await Promise.race([poll, new Promise((r) => setTimeout(r, 2000))]);
    rssPeak = Math.max(rssPeak, memory(server.pid!).rss);
    await new Promise((r) => setTimeout(r, 1000));
    const message = answer ? ((JSON.parse(answer.body || '{}') as { message?: string }).message ?? answer.body).slice(0, 90) : '';
    return { status: answer?.status ?? `> ${CAP_S} s`, seconds, rssBefore, rssPeak, rssAfter: memory(server.pid!).rss, healthMaxMs, message };
  } finally {
    await kill(server);
  }
}

interface CliFigures {
  status: string;
  seconds: number | null;
  peak: number;
}

async function viaCli(file: HostileFile, filePath: string): Promise<CliFigures> {
  const args = file.kind === 'document' ? ['parse', filePath] : ['plan', 'import', filePath, '--dry-run'];
  const dataDir = path.join(dataRoot, `cli-${file.name}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/luoshi.js', ...args], { cwd: ROOT, env: { ...process.env, LUOSHI_DATA_DIR: dataDir, DATABASE_URL: '' }, stdio: 'ignore', detached: true });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, memory(child.pid!).peak)), 50);
  const code = await Promise.race([new Promise<number | null>((r) => child.once('exit', (c) => r(c))), new Promise<'cap'>((r) => setTimeout(() => r('cap'), CAP_S * 1000))]);
  clearInterval(timer);
  const seconds = code === 'cap' ? null : (performance.now() - t0) / 1000;
  if (code === 'cap') await kill(child);
  return { status: code === 'cap' ? `> ${CAP_S} s` : `exit ${code}`, seconds, peak };
}

/** A demo data folder made once (seeding takes a while) and copied for each server. */
async function demoTemplate(): Promise<string> {
  const dir = path.join(dataRoot, 'template');
  const p = ++port;
  const server = spawn(process.execPath, ['bin/luoshi.js', 'serve', '--demo'], { cwd: ROOT, env: { ...process.env, LUOSHI_DATA_DIR: dir, LOG_LEVEL: 'warn', DATABASE_URL: '', PORT: String(p) }, stdio: 'ignore', detached: true });
  await waitFor(`http://127.0.0.1:${p}/api/health`, server);
  const exited = new Promise((r) => server.once('exit', r));
  process.kill(-server.pid!, 'SIGTERM');
  await exited;
  return dir;
}

const template = await demoTemplate();
const corpus = makeCorpus().filter((f) => !ONLY || ONLY.some((o) => f.name.startsWith(o)));
const dir = path.join(dataRoot, 'corpus');
fs.mkdirSync(dir);
const rows: string[] = [];
for (const file of corpus) {
  const filePath = path.join(dir, file.name);
  fs.writeFileSync(filePath, file.bytes);
  const s = await viaServer(file);
  const c = await viaCli(file, filePath);
  const secs = (x: number | null) => (x === null ? `> ${CAP_S}` : x.toFixed(2));
  const row = `| ${file.name} | ${(file.bytes.length / 1024).toFixed(0)} KB | ${s.status} | ${secs(s.seconds)} | ${s.rssBefore} → ${s.rssPeak} → ${s.rssAfter} | ${s.healthMaxMs >= CAP_S * 1000 ? `> ${CAP_S} s` : `${s.healthMaxMs.toFixed(0)} ms`} | ${c.status} | ${secs(c.seconds)} | ${c.peak} |`;
  console.log(row, s.message);
  rows.push(row);
}
fs.rmSync(dataRoot, { recursive: true, force: true });

const body = `## Hostile uploads

${machineLine()} Code measured: ${LABEL}.

Each file of the hostile corpus (\`test/hostile/make-corpus.ts\`) sent once to a fresh \`luoshi serve --demo\`: a document to
\`POST /api/plans/parse\`, a table to the task-import preview, signed in as \`duban\`. Time is to the answer; memory is the
server's resident set (MB) before the upload, at its peak and after; health is the slowest \`GET /api/health\` while the
upload ran (polled every 100 ms). CLI: \`luoshi parse FILE\` (a table: \`luoshi plan import FILE --dry-run\`) in its own
process, its exit, time and peak resident memory (the table import opens the database first, which is most of its time
and memory). A file unanswered after ${CAP_S} s is given up on.

| file | size | server answer | s | RSS MB before → peak → after | slowest health | CLI | CLI s | CLI peak MB |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
console.log(`\n${body}`);
// BENCH_HOSTILE_SECTION=hostile-before keeps a run on older code beside this one (as the figures of issue 11 were kept).
if (!ONLY && !process.env.BENCH_HOSTILE_NO_WRITE) writeSection(process.env.BENCH_HOSTILE_SECTION ?? 'hostile', body);
