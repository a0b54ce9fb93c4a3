import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.ts';
import { testDataDir } from '../../../test/db.ts';
import { extractDocumentText } from '../documents/index.ts';

async function luoshi(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATABASE_URL: '', ...env } });
  return { status, stdout, stderr };
}

describe('luoshi tracking ledger and luoshi tracking briefing', () => {
  it('write the 台账 and the briefing of a day on a fresh data folder, with the status command’s figures', async () => {
    const dir = await testDataDir('demo');
    const env = { LUOSHI_DATA_DIR: dir };
    expect((await luoshi(['migrate'], env)).status).toBe(0);
    await luoshi(['seed', '--demo'], env);
    const plans = JSON.parse((await luoshi(['plan', 'list', '--json'], env)).stdout) as { id: string; title: string }[];
    const plan = plans.find((p) => p.title.endsWith('年度重点任务分工方案（示例）'))!;
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-views-'));
    const asOf = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const status = JSON.parse((await luoshi(['status', '--plan', plan.id, '--as-of', asOf, '--json'], env)).stdout) as { tasks: { number: string; class: string; warning: string | null }[] };

    const xlsx = path.join(out, '台账.xlsx');
    const ledger = await luoshi(['tracking', 'ledger', '--plan', plan.id, '--out', xlsx, '--as-of', asOf, '--json'], env);
    expect(ledger.status, ledger.stderr).toBe(0);
    expect(JSON.parse(ledger.stdout)).toMatchObject({ file: xlsx, asOf, tasks: status.tasks.length });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const header = (wb.worksheets[0].getRow(2).values as unknown[]).slice(1).map(String);
    expect(header).toContain('进度分类');
    expect(header).toContain('存在问题');
    const red = status.tasks.filter((t) => t.warning === 'red').length;
    let redRows = 0;
    wb.worksheets[0].eachRow((row, n) => {
      if (n > 2 && row.getCell(header.indexOf('预警等级') + 1).value === '红') redRows++;
    });
    expect(redRows).toBe(red);

    const docx = path.join(out, '通报.docx');
    const briefing = await luoshi(['tracking', 'briefing', '--plan', plan.id, '--as-of', asOf, '--out', docx], env);
    expect(briefing.status, briefing.stderr).toBe(0);
    const text = (await extractDocumentText(fs.readFileSync(docx), '通报.docx')).text;
    expect(text).toContain(`共有重点任务${status.tasks.length}项`);
    expect(text).toContain(`红色预警任务共${red}项`);

    const wrong = await luoshi(['tracking', 'briefing', '--plan', plan.id, '--out', path.join(out, 'x.pdf')], env);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('.docx');
  }, 180_000);
});
