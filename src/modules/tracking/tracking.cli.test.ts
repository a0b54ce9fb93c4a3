import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { testDataDir } from '../../../test/db.ts';

async function luoshi(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '', ...env } });
  return { status, stdout, stderr };
}

describe('luoshi plan --issued and luoshi report import', () => {
  it('sets the effective date from the command line, and imports a progress table only when every row is right', async () => {
    const dir = await testDataDir('demo');
    const env = { LUOSHI_DATA_DIR: dir };
    expect((await luoshi(['migrate'], env)).status).toBe(0);
    await luoshi(['seed', '--demo'], env);
    const files = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-report-'));
    const doc = path.join(files, '方案.md');
    fs.writeFileSync(doc, '关于推进某项工作的实施方案\n\n2025年3月10日\n\n一、总体要求\n\n（一）做好某项工作。\n');
    const created = await luoshi(['plan', 'create', doc, '--issued', '2025-04-01', '--json'], env);
    expect(created.status, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ issued_on: '2025-03-10', issued_date: '2025-04-01' });
    expect((await luoshi(['plan', 'create', doc, '--issued', '4月1日'], env)).status).not.toBe(0);

    const plans = JSON.parse((await luoshi(['plan', 'list', '--json'], env)).stdout) as { id: string; task_count: number }[];
    const demo = plans.find((p) => p.task_count > 0)!;
    const bad = path.join(files, 'bad.csv');
    fs.writeFileSync(bad, '序号,月份,工作进展,完成百分比\n3,2024-05,推进,30\n42,2024-05,推进,30\n');
    const refused = await luoshi(['report', 'import', bad, '--plan', demo.id, '--json'], env);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('row 3 seq: 第 3 行：本规划没有序号为「42」的任务');

    const good = path.join(files, 'good.csv');
    fs.writeFileSync(good, '序号,月份,工作进展,完成百分比\n3,2024-05,推进,30\n4,2024年5月,推进,20%\n');
    const dry = await luoshi(['report', 'import', good, '--plan', demo.id, '--dry-run', '--json'], env);
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ reports: 2, dryRun: true });
    const done = await luoshi(['report', 'import', good, '--plan', demo.id, '--json'], env);
    expect(done.status, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ reports: 2, tasks: 2, dryRun: false });
    // The same periods again: refused, nothing doubled.
    expect((await luoshi(['report', 'import', good, '--plan', demo.id], env)).stderr).toContain('already has a report for 2024-05');
  }, 120_000);
});
