import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { testDataDir } from '../../../test/db.ts';

async function luoshi(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '', ...env } });
  return { status, stdout, stderr };
}

describe('luoshi atlas chain export/import with .xlsx', () => {
  it('writes a workbook by the extension of --out, reads it back unchanged, and refuses a wrong one naming sheet and row', async () => {
    const env = { LUOSHI_DATA_DIR: await testDataDir('demo') };
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-chain-xlsx-'));
    try {
      expect((await luoshi(['atlas', 'chain', 'import', 'test/fixtures/atlas/integrated-circuit.chain.json'], env)).status).toBe(0);
      const out = path.join(tmp, 'ic.xlsx');
      const exported = await luoshi(['atlas', 'chain', 'export', 'integrated-circuit', '--out', out], env);
      expect(exported.stdout).toMatch(/40 segments, 48 edges/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(fs.readFileSync(out) as unknown as ArrayBuffer);
      expect(book.worksheets.map((w) => w.name)).toEqual(['环节', '供应关系', '说明']);

      const again = await luoshi(['atlas', 'chain', 'import', out, '--dry-run', '--json'], env);
      expect(again.status, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ dryRun: true, unchanged: true, version: 1, segments: 40, edges: 48 });

      book.getWorksheet('供应关系')!.addRow(['ic.design', 'nowhere']);
      const bad = path.join(tmp, 'bad.xlsx');
      fs.writeFileSync(bad, Buffer.from(await book.xlsx.writeBuffer()));
      const refused = await luoshi(['atlas', 'chain', 'import', bad], env);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toMatch(/供应关系 第50行 需求方环节编号.*环节 nowhere 不存在/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
