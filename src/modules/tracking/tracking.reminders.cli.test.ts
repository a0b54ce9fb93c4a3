import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { testDataDir } from '../../../test/db.ts';

let dir: string;
async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '', LUOSHI_DATA_DIR: dir } });
  return { status, stdout, stderr };
}

beforeAll(async () => {
  dir = await testDataDir('demo');
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('luoshi reminders run', () => {
  it('lists on a dry run what a run then makes once', async () => {
    const dry = await run(['reminders', 'run', '--today', '2024-06-23', '--dry-run', '--json']);
    expect(dry.status, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout).planned as { due: number; created: number; reminders: { kind: string; unit: string }[] };
    expect(planned.due).toBeGreaterThan(0);
    expect(planned.created).toBe(0);
    expect(planned.reminders.some((r) => r.kind === 'due_soon' && r.unit === '市发展改革委')).toBe(true);
    const first = await run(['reminders', 'run', '--today', '2024-06-23', '--json']);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).planned.created).toBe(planned.due);
    // No unit of the demo set a channel: nothing to deliver.
    expect(JSON.parse(first.stdout).delivered).toMatchObject({ claimed: 0 });
    const again = await run(['reminders', 'run', '--today', '2024-06-23']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`应发催办 ${planned.due} 条，新建 0 条`);
  }, 60_000);

  it('refuses a wrong date, naming the option', async () => {
    const r = await run(['reminders', 'run', '--today', '23/06/2024']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--today');
  });
});
