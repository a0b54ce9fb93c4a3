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

describe('luoshi project import', () => {
  it('imports a project table only when every row is right, naming the row and field of each error', async () => {
    const dir = await testDataDir('demo');
    const env = { LUOSHI_DATA_DIR: dir };
    expect((await luoshi(['migrate'], env)).status).toBe(0);
    await luoshi(['seed', '--demo'], env);
    const plans = JSON.parse((await luoshi(['plan', 'list', '--json'], env)).stdout) as { id: string; title: string }[];
    const demo = plans.find((p) => p.title.includes('年度重点任务分工方案（示例）'))!;
    const files = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-project-'));

    const bad = path.join(files, 'bad.csv');
    fs.writeFileSync(bad, '任务序号,项目名称,项目类别,金额（万元）,统一社会信用代码,签约日期\n3,命令行项目甲,投资,100,91110000100017643K,2025-01-02\n3,命令行项目乙,投资,100,91110000100017643X,2025-01-02\n');
    const refused = await luoshi(['project', 'import', bad, '--plan', demo.id, '--as', 'duban', '--json'], env);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('row 3 partnerUscc');

    const good = path.join(files, 'good.csv');
    fs.writeFileSync(good, '任务序号,项目名称,项目类别,金额（万元）,统一社会信用代码,签约日期\n3,命令行项目甲,投资,100,91110000100017643K,2025-01-02\n');
    const dry = await luoshi(['project', 'import', good, '--plan', demo.id, '--as', 'duban', '--dry-run', '--json'], env);
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ projects: 1, dryRun: true });
    const done = await luoshi(['project', 'import', good, '--plan', demo.id, '--as', 'duban', '--json'], env);
    expect(done.status, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ projects: 1, tasks: 1, amount: 100, dryRun: false });
  }, 120_000);
});
