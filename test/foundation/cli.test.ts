import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildPdf } from '../fixtures/documents/build-pdf.ts';

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

  it('parses a document file into its outline, as text or JSON, from a .pdf as from a .md', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-parse-'));
    const lines = ['国务院关于加快发展的意见', '⼀、总体要求', '（⼀）指导思想。坚持⾼质量发展。', '（⼆）⼯作目标。到2025年全⾯完成。', '— 1 —'];
    fs.writeFileSync(path.join(dir, '意见.pdf'), buildPdf([lines], { cjk: true }));
    fs.writeFileSync(path.join(dir, '意见.md'), lines.slice(0, 4).join('\n\n'));
    for (const file of ['意见.pdf', '意见.md']) {
      const json = luoshi(['parse', path.join(dir, file), '--json'], { LUOSHI_DATA_DIR: dir });
      expect(json.status, json.stderr).toBe(0);
      const doc = JSON.parse(json.stdout);
      expect(doc.title).toBe('国务院关于加快发展的意见');
      expect(doc.nodes.map((n: { marker: string; heading: string; children: { marker: string; heading: string }[] }) => [n.marker, n.heading, n.children.map((c) => `${c.marker}${c.heading}`)])).toEqual([
        ['一、', '总体要求', ['（一）指导思想', '（二）工作目标']],
      ]);
    }
    const tree = luoshi(['parse', path.join(dir, '意见.pdf')], { LUOSHI_DATA_DIR: dir });
    expect(tree.stdout).toMatch(/一、\s*总体要求[\s\S]*（二）\s*工作目标/);
    const missing = luoshi(['parse', path.join(dir, 'none.pdf')], { LUOSHI_DATA_DIR: dir });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('none.pdf');
  }, 120_000);

  it('stops on a wrong setting and names the variable', () => {
    const r = luoshi(['status'], { PORT: 'eighty' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('PORT');
  });
});
