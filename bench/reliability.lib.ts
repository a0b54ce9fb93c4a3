import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { scratchPostgres } from './lib.ts';

/** The repository this bench runs from. */
export const REPO = fileURLToPath(new URL('..', import.meta.url));
/** The PostgreSQL server the PostgreSQL runs use; each run makes and drops its own database there. */
export const PG_URL = process.env.RELIABILITY_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The p-th percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Milliseconds shown as "12 ms" or "3.4 s". */
export function ms(x: number): string {
  return x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
}

/** A line naming the machine, Node and the load average, for the top of a section (the machine is shared). */
export function machineLine(): string {
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  return `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average ${load} (1/5/15 min; the machine was shared with other jobs).`;
}

/** Replaces one section of RELIABILITY.md (between `<!-- reliability:NAME -->` markers), appending it when missing. */
export function writeSection(name: string, body: string): void {
  const file = path.join(REPO, 'RELIABILITY.md');
  const start = `<!-- reliability:${name} -->`;
  const end = `<!-- /reliability:${name} -->`;
  let text = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Reliability\n\nFigures written by `npm run bench -- reliability` (bench/reliability.load.ts and bench/reliability.faults.ts); each run owns one section.\n';
  const block = `${start}\n${body.trim()}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}

/** A throwaway database: a fresh data folder for PGlite, or a fresh database on PG_URL; drop() removes it. */
export interface Scratch {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** Makes a scratch database of the given kind. */
export async function scratchDatabase(kind: 'pglite' | 'postgres'): Promise<Scratch> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-rel-'));
  if (kind === 'pglite') return { kind, env: { LUOSHI_DATA_DIR: dataDir }, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  const db = await scratchPostgres(PG_URL, `luoshi_rel_${crypto.randomBytes(4).toString('hex')}`);
  return {
    kind,
    env: { LUOSHI_DATA_DIR: dataDir, DATABASE_URL: db.url },
    async drop() {
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `luoshi ARGS` from `root` to its end and returns its exit code and output. */
export function luoshi(root: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/luoshi.js'), ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** A running `luoshi serve --demo` on a free port. */
export interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `luoshi serve --demo --port 0` from `root` and resolves once it listens. */
export function startServer(root: string, env: Record<string, string>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/luoshi.js'), 'serve', '--demo', '--port', '0'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    });
    let log = '';
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /running at http:\/\/localhost:(\d+)\//.exec(log);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({
          url: `http://127.0.0.1:${m[1]}`,
          child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${log.slice(-2000)}`)));
  });
}

/** One HTTP exchange's outcome. */
export interface Outcome {
  status: number;
  ms: number;
  body: unknown;
  retryAfter: string | null;
}

/** A signed-in API client (cookie + CSRF token) that times every request; status 0 means no answer. */
export class Client {
  constructor(
    readonly base: string,
    private cookie = '',
    private csrf = '',
  ) {}

  /** Signs in as a demo account. */
  static async signIn(base: string, username: string, password = 'Demo@2026luoshi'): Promise<Client> {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return new Client(base, cookie, csrfToken);
  }

  /** Sends one request and times it; never throws. */
  async send(method: string, url: string, body?: unknown, timeoutMs = 180_000): Promise<Outcome> {
    const t = performance.now();
    try {
      const res = await fetch(`${this.base}${url}`, {
        method,
        headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, ms: performance.now() - t, body: parsed, retryAfter: res.headers.get('retry-after') };
    } catch {
      return { status: 0, ms: performance.now() - t, body: null, retryAfter: null };
    }
  }
}
