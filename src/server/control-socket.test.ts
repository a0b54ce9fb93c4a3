import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDataDir } from '../../test/db.ts';
import { prepareDatabase } from './start.ts';
import { askServer, serveControlSocket, controlSocketPath } from './control-socket.ts';
import { runCli } from '../cli/main.ts';
import type { DatabaseHandle } from './db.ts';
import { variantLayout } from '../../test/fixtures/plans/tables.ts';

let dir: string;
let held: DatabaseHandle;
let closeSocket: () => Promise<void>;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-ctl-'));

async function luoshi(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '', LUOSHI_DATA_DIR: dir } });
  return { status, stdout, stderr };
}

beforeAll(async () => {
  // A server's hold on the data folder: the database open (and locked) in this process, answering on the socket.
  dir = await testDataDir('demo');
  held = await prepareDatabase({ dataDir: dir, databaseUrl: null });
  closeSocket = await serveControlSocket(dir, held.db, '');
});
afterAll(async () => {
  await closeSocket?.();
  await held?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

describe('the CLI while a server holds the embedded data folder', () => {
  it('keeps the socket owner-only', () => {
    expect(fs.statSync(controlSocketPath(dir)).mode & 0o777).toBe(0o600);
  });

  it('answers `luoshi status` through the running server', async () => {
    const r = await luoshi(['status', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { counts: Record<string, number>; migrations: string[] };
    expect(report.counts.users).toBe(6);
    expect(report.counts.plans).toBeGreaterThan(0);
    expect(report.migrations.length).toBeGreaterThan(0);
    expect((await luoshi(['status'])).stdout).toContain('answered by the running server');
  });

  it('answers `luoshi status --plan` through the running server', async () => {
    const plan = await held.db.selectFrom('plans').select('id').where('title', 'like', '%决定%').executeTakeFirstOrThrow();
    const r = await luoshi(['status', '--plan', plan.id, '--as-of', '2024-07-01', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { tasks } = JSON.parse(r.stdout) as { tasks: { number: string; class: string; warning: string | null }[] };
    expect(tasks.find((t) => t.number === '3')).toMatchObject({ class: 'overdue', warning: 'red' });
  });

  it('backs up without stopping the server: the server writes the file the CLI names, relative paths included', async () => {
    const file = path.join(out, 'live.gz');
    const r = await luoshi(['backup', path.relative(process.cwd(), file), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts.users).toBe(6);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    const restored = await testDataDir('empty');
    try {
      let stderr = '';
      const status = await runCli(['restore', file, '--json'], { stdout: () => {}, stderr: (t) => (stderr += t), env: { DATABASE_URL: '', LUOSHI_DATA_DIR: restored } });
      expect(status, stderr).toBe(0);
    } finally {
      fs.rmSync(restored, { recursive: true, force: true });
    }
  });

  it('previews `plan import --dry-run` through the running server and saves nothing', async () => {
    const table = path.join(out, '任务分工.xlsx');
    fs.writeFileSync(table, await variantLayout());
    const before = JSON.parse((await luoshi(['status', '--json'])).stdout).counts.tasks as number;
    const r = await luoshi(['plan', 'import', table, '--dry-run', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const preview = JSON.parse(r.stdout) as { tasks: unknown[] };
    expect(preview.tasks.length).toBeGreaterThan(0);
    expect(JSON.parse((await luoshi(['status', '--json'])).stdout).counts.tasks).toBe(before);
    const real = await luoshi(['plan', 'import', table, '--json']);
    expect(real.status).not.toBe(0);
    expect(real.stderr).toMatch(/in use by another Luoshi process/);
  });

  it('hands a module’s own request to that module (its manifest’s control), which checks its fields, and names the requests it knows otherwise', async () => {
    await expect(askServer(dir, { op: 'plan-import-preview', file: 'relative.xlsx' })).rejects.toThrow(/plan-import-preview needs the absolute path of the file/);
    await expect(askServer(dir, { op: 'no-such-op' })).rejects.toThrow(/unknown request \(expected status, backup with an absolute file, or plan-import-preview, plan-status\)/);
    await expect(askServer(dir, { op: 'backup', file: 'relative.gz' })).rejects.toThrow(/unknown request/);
  });

  it('still refuses, naming the holder, a command the server does not answer', async () => {
    const r = await luoshi(['user', 'list']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/in use by another Luoshi process/);
  });
});
