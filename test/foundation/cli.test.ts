import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/luoshi.js', import.meta.url).pathname;

function luoshi(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('luoshi CLI', () => {
  it('lists the sub-commands a newcomer needs', () => {
    const { stdout, status } = luoshi(['--help'], {});
    expect(status).toBe(0);
    for (const cmd of ['serve', 'migrate', 'seed', 'user', 'backup', 'restore', 'status']) expect(stdout).toContain(cmd);
    expect(luoshi(['user', '--help'], {}).stdout).toMatch(/add[\s\S]*passwd[\s\S]*role/);
  });

  it('creates an administrator, refuses a weak password, backs up and restores into a new folder', () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-a-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-b-'));
    const weak = luoshi(['user', 'add', 'ops', '--name', '运维', '--password-stdin', '--role', 'admin'], { LUOSHI_DATA_DIR: a }, 'short\n');
    expect(weak.status).not.toBe(0);
    expect(weak.stderr).toContain('password');
    const dry = luoshi(['user', 'add', 'ops', '--name', '运维', '--password-stdin', '--role', 'admin', '--dry-run'], { LUOSHI_DATA_DIR: a }, 'Secure-pass-2026\n');
    expect(dry.status).toBe(0);
    const ok = luoshi(['user', 'add', 'ops', '--name', '运维', '--password-stdin', '--role', 'admin', '--json'], { LUOSHI_DATA_DIR: a }, 'Secure-pass-2026\n');
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).roles).toEqual([{ role: 'admin', unitId: null }]);
    const list = JSON.parse(luoshi(['user', 'list', '--json'], { LUOSHI_DATA_DIR: a }).stdout);
    expect(list.map((u: { username: string }) => u.username)).toEqual(['ops']);
    const file = path.join(a, 'backup.gz');
    expect(luoshi(['backup', file], { LUOSHI_DATA_DIR: a }).status).toBe(0);
    const restored = luoshi(['restore', file, '--json'], { LUOSHI_DATA_DIR: b });
    expect(restored.status, restored.stderr).toBe(0);
    const status = JSON.parse(luoshi(['status', '--json'], { LUOSHI_DATA_DIR: b }).stdout);
    expect(status.counts.users).toBe(1);
    const again = luoshi(['restore', file], { LUOSHI_DATA_DIR: b });
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/not empty/);
  }, 180_000);

  it('stops on a wrong setting and names the variable', () => {
    const r = luoshi(['status'], { PORT: 'eighty' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('PORT');
  });
});
