import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-lock.ts';

describe('lockDataDir', () => {
  it('refuses a folder held by another live process, naming it and the pid', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-lock-'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(()=>{}, 30000)']);
    try {
      fs.writeFileSync(path.join(dir, 'luoshi.lock'), String(holder.pid));
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${holder.pid}`));
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a process that has ended, and releases it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-lock-'));
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.on('exit', r));
    fs.writeFileSync(path.join(dir, 'luoshi.lock'), String(gone.pid));
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'luoshi.lock'), 'utf8')).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    expect(fs.existsSync(path.join(dir, 'luoshi.lock'))).toBe(false);
  });
});
