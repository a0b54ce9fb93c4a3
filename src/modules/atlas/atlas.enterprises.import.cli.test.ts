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

describe('luoshi atlas import with 产业链 and 环节 columns', () => {
  it('checks the links in a dry run, saying how many it would write; refuses a file naming an unknown segment by row and field; imports the links', async () => {
    const env = { LUOSHI_DATA_DIR: await testDataDir('demo') };
    expect((await luoshi(['migrate'], env)).status).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-import-cli-'));
    try {
      const good = path.join(dir, '氢能企业.csv');
      fs.writeFileSync(good, ['企业名称,行政区划代码,所属产业链,环节', '命令行示例电堆有限公司,120116,氢能（示例）,电堆；膜电极', '命令行示例储运有限公司,110108,demo-hydrogen,storage.gas', '命令行示例无链有限公司,130100,,'].join('\n'));
      const dry = await luoshi(['atlas', 'import', good, '--dry-run'], env);
      expect(dry.status, dry.stderr).toBe(0);
      expect(dry.stdout).toContain('（试运行）可导入 3 家企业、3 条环节关联 / (dry run) would import 3 enterprises and 3 links to chain segments from 3 rows of 氢能企业.csv');
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, ['企业名称,行政区划代码,产业链,环节', '命令行示例错误有限公司,120116,氢能（示例）,电堆；光伏组件'].join('\n'));
      const refused = await luoshi(['atlas', 'import', bad], env);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('bad.csv 有 1 处错误，未导入任何企业');
      expect(refused.stderr).toContain('row 2 环节: 环节“光伏组件”不在产业链“氢能（示例）”的当前版本中');
      const done = await luoshi(['atlas', 'import', good, '--json'], env);
      expect(JSON.parse(done.stdout)).toMatchObject({ dryRun: false, imported: 3, links: 3 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
