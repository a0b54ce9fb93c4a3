import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './main.ts';
import { testDataDir } from '../../test/db.ts';

let dir: string;
const env = () => ({ DATABASE_URL: '', LUOSHI_DATA_DIR: dir });

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: env() });
  return { status, stdout, stderr };
}

let planId: string;
beforeAll(async () => {
  dir = await testDataDir('demo');
  const list = await run(['plan', 'list', '--json']);
  expect(list.status, list.stderr).toBe(0);
  // The ledger's demo decision (effective 1 March 2024), not the tracking demo plan dated from the day it was seeded.
  planId = (JSON.parse(list.stdout) as { id: string; title: string }[]).find((p) => p.title.includes('决定'))!.id;
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('luoshi status --plan ID --as-of DATE --json', () => {
  it('prints {tasks:[{number, text, expected, actual, class, warning, reason}]}', async () => {
    const r = await run(['status', '--plan', planId, '--as-of', '2024-06-20', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { tasks: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['tasks']);
    expect(out.tasks.length).toBeGreaterThan(0);
    for (const t of out.tasks) {
      expect(Object.keys(t)).toEqual(['number', 'text', 'expected', 'actual', 'class', 'warning', 'reason']);
      expect(['ahead', 'on_track', 'behind', 'done', 'overdue']).toContain(t.class);
      expect([null, 'blue', 'yellow', 'red']).toContain(t.warning);
    }
    // Article 3, due by the end of June 2024, effective 1 March: 111 of 121 days gone, nothing reported for March to May.
    const third = out.tasks.find((t) => t.number === '3')!;
    expect(third).toMatchObject({ expected: 91.7, actual: null, class: 'behind', warning: 'red' });
    expect(third.reason).toBe('截至2024年6月20日应完成91.7%，尚无已采纳的进度，落后91.7个百分点；连续3期报告逾期未报或迟报');
    // A long-term task has no expected percent.
    expect(out.tasks.find((t) => t.number === '10')).toMatchObject({ expected: null });
  }, 60_000);

  it('prints the Chinese names without --json, and names a wrong day', async () => {
    const r = await run(['status', '--plan', planId, '--as-of', '2024-07-01']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('截至 / as of 2024-07-01');
    expect(r.stdout).toMatch(/3\t逾期\t红色预警/);
    const bad = await run(['status', '--plan', planId, '--as-of', '2024-02-30', '--json']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('2024-02-30');
  }, 60_000);
});

describe('luoshi tracking recompute', () => {
  it('stores every issued task’s standing as of the day', async () => {
    const r = await run(['tracking', 'recompute', '--as-of', '2024-07-01', '--json']);
    expect(r.status, r.stderr).toBe(0);
    // Three issued plans: the Decision's, the 2026 task-division plan and the chain office's (empty) 招商 ledger.
    expect(JSON.parse(r.stdout)).toMatchObject({ asOf: '2024-07-01', plans: 3, tasks: 19 });
    const as = await run(['tracking', 'recompute', '--as', 'fgw']);
    expect(as.status).toBe(1);
    expect(as.stderr).toContain('recompute progress');
  }, 60_000);
});
