import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { buildPdf } from '../fixtures/documents/build-pdf.ts';
import { testDataDir } from '../db.ts';

const BIN = new URL('../../bin/luoshi.js', import.meta.url).pathname;

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `luoshi ARGS` run in this process (the command's output captured), on the embedded database. */
async function luoshi(args: string[], env: Record<string, string>, stdin?: string): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin,
    env: { DATABASE_URL: '', ...env },
  });
  return { status, stdout, stderr };
}

/** `luoshi ARGS` as a user runs it: a new process through bin/luoshi.js. */
function luoshiProcess(args: string[], env: Record<string, string>, input?: string): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('luoshi CLI', () => {
  it('lists the sub-commands a newcomer needs', async () => {
    const { stdout, status } = await luoshi(['--help'], {});
    expect(status).toBe(0);
    for (const cmd of ['serve', 'migrate', 'seed', 'user', 'backup', 'restore', 'status', 'parse', 'plan', 'complexity']) expect(stdout).toContain(cmd);
    expect((await luoshi(['user', '--help'], {})).stdout).toMatch(/add[\s\S]*passwd[\s\S]*role/);
  });

  it('creates an administrator, refuses a weak password, backs up and restores into a new folder', async () => {
    const a = await testDataDir('empty');
    const b = await testDataDir('empty');
    const weak = await luoshi(['user', 'add', 'ops', '--name', '运维', '--password-stdin', '--role', 'admin'], { LUOSHI_DATA_DIR: a }, 'short\n');
    expect(weak.status).not.toBe(0);
    expect(weak.stderr).toContain('password');
    const dry = await luoshi(['user', 'add', 'ops', '--name', '运维', '--password-stdin', '--role', 'admin', '--dry-run'], { LUOSHI_DATA_DIR: a }, 'Secure-pass-2026\n');
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse((await luoshi(['user', 'list', '--json'], { LUOSHI_DATA_DIR: a })).stdout)).toEqual([]);
    const ok = await luoshi(['user', 'add', 'ops', '--name', '运维', '--password-stdin', '--role', 'admin', '--json'], { LUOSHI_DATA_DIR: a }, 'Secure-pass-2026\n');
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).roles).toEqual([{ role: 'admin', unitId: null }]);
    const list = JSON.parse((await luoshi(['user', 'list', '--json'], { LUOSHI_DATA_DIR: a })).stdout);
    expect(list.map((u: { username: string }) => u.username)).toEqual(['ops']);
    const file = path.join(a, 'backup.gz');
    expect((await luoshi(['backup', file], { LUOSHI_DATA_DIR: a })).status).toBe(0);
    const restored = await luoshi(['restore', file, '--json'], { LUOSHI_DATA_DIR: b });
    expect(restored.status, restored.stderr).toBe(0);
    const status = JSON.parse((await luoshi(['status', '--json'], { LUOSHI_DATA_DIR: b })).stdout);
    expect(status.counts.users).toBe(1);
    const again = await luoshi(['restore', file], { LUOSHI_DATA_DIR: b });
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/not empty/);

    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const flipped = Buffer.from(fs.readFileSync(file));
    flipped[Math.floor(flipped.length / 2)] ^= 0x04;
    const damaged = path.join(a, 'damaged.gz');
    fs.writeFileSync(damaged, flipped);
    const c = await testDataDir('empty');
    const refused = await luoshi(['restore', damaged], { LUOSHI_DATA_DIR: c });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/damaged\.gz.*(damaged|does not match)/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse((await luoshi(['status', '--json'], { LUOSHI_DATA_DIR: c })).stdout).counts.users).toBe(0);
  }, 120_000);

  it('parses a document file into its outline, as text or JSON, from a .pdf as from a .md', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-parse-'));
    const lines = ['国务院关于加快发展的意见', '⼀、总体要求', '（⼀）指导思想。坚持⾼质量发展。', '（⼆）⼯作目标。到2025年全⾯完成。', '— 1 —'];
    fs.writeFileSync(path.join(dir, '意见.pdf'), buildPdf([lines], { cjk: true }));
    fs.writeFileSync(path.join(dir, '意见.md'), lines.slice(0, 4).join('\n\n'));
    for (const file of ['意见.pdf', '意见.md']) {
      const json = await luoshi(['parse', path.join(dir, file), '--json'], { LUOSHI_DATA_DIR: dir });
      expect(json.status, json.stderr).toBe(0);
      const doc = JSON.parse(json.stdout);
      expect(doc.title).toBe('国务院关于加快发展的意见');
      expect(doc.nodes.map((n: { marker: string; heading: string; children: { marker: string; heading: string }[] }) => [n.marker, n.heading, n.children.map((c) => `${c.marker}${c.heading}`)])).toEqual([
        ['一、', '总体要求', ['（一）指导思想', '（二）工作目标']],
      ]);
    }
    const tree = await luoshi(['parse', path.join(dir, '意见.pdf')], { LUOSHI_DATA_DIR: dir });
    expect(tree.stdout).toMatch(/一、\s*总体要求[\s\S]*（二）\s*工作目标/);
    const missing = await luoshi(['parse', path.join(dir, 'none.pdf')], { LUOSHI_DATA_DIR: dir });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('none.pdf');
  }, 60_000);

  it('citus setup refuses the embedded database and a bad shard count with a message, changing nothing', async () => {
    const dir = await testDataDir('empty');
    const embedded = await luoshi(['citus', 'setup'], { LUOSHI_DATA_DIR: dir });
    expect(embedded.status).toBe(1);
    expect(embedded.stderr).toMatch(/DATABASE_URL.*Citus coordinator/);
    const bad = await luoshi(['citus', 'setup', '--shard-count', 'many'], { LUOSHI_DATA_DIR: dir, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--shard-count');
  });

  it('stops on a wrong setting and names the variable', async () => {
    const r = await luoshi(['status'], { PORT: 'eighty' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('PORT');
  });

  it('gives each call its own output, input and environment, and leaves the process’s as they were', async () => {
    const before = { port: process.env.PORT, log: console.log, write: process.stdout.write, stdin: process.stdin };
    const [help, bad] = await Promise.all([luoshi(['--help'], { PORT: '1' }), luoshi(['status'], { PORT: 'eighty' })]);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('PORT');
    expect({ port: process.env.PORT, log: console.log, write: process.stdout.write, stdin: process.stdin }).toEqual(before);
  });
});

// One run per command group through the real entry point (bin/luoshi.js in a new process): the in-process tests
// above cover what the commands do; these show that each group loads and runs as a user starts it.
describe('luoshi as a process', () => {
  it('database commands, user, plan: status, user add from stdin, plan list', async () => {
    const dir = await testDataDir('empty');
    const status = luoshiProcess(['status', '--json'], { LUOSHI_DATA_DIR: dir });
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).counts.users).toBe(0);
    const add = luoshiProcess(['user', 'add', 'ops', '--name', '运维', '--password-stdin', '--role', 'admin'], { LUOSHI_DATA_DIR: dir }, 'Secure-pass-2026\n');
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain('created account ops');
    const plans = luoshiProcess(['plan', 'list', '--json'], { LUOSHI_DATA_DIR: dir });
    expect(plans.status, plans.stderr).toBe(0);
    expect(JSON.parse(plans.stdout)).toEqual([]);
    const wrong = luoshiProcess(['status'], { PORT: 'eighty' });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('PORT');
  }, 120_000);

  it('parse and complexity: a document outline and a complexity table', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-files-'));
    fs.writeFileSync(path.join(dir, '意见.md'), '国务院关于加快发展的意见\n\n一、总体要求\n\n（一）指导思想。坚持高质量发展。');
    const parsed = luoshiProcess(['parse', path.join(dir, '意见.md')], {});
    expect(parsed.status, parsed.stderr).toBe(0);
    expect(parsed.stdout).toMatch(/一、\s*总体要求[\s\S]*（一）\s*指导思想/);
    const rows = ['loc,prod,val', 'A,x,10', 'A,y,1', 'B,x,1', 'B,y,10', 'B,z,5', 'C,z,10', 'C,x,2'];
    fs.writeFileSync(path.join(dir, 'table.csv'), rows.join('\n'));
    const out = path.join(dir, 'out.csv');
    const r = luoshiProcess(['complexity', path.join(dir, 'table.csv'), '--loc', 'loc', '--prod', 'prod', '--val', 'val', '--out', out, '--json'], {});
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ locations: 3, products: 3 });
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1 + 9);
  }, 60_000);

  it('serve: answers on the port it reports, and stops on SIGTERM', async () => {
    const dir = await testDataDir('empty');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: '', LUOSHI_DATA_DIR: dir, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (d) => (output += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          output += d;
          const m = /running at (http:\/\/localhost:\d+)\//.exec(output);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      const health = await fetch(`${url.replace('localhost', '127.0.0.1')}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
