import { describe, expect, it } from 'vitest';
import { shownHalves } from '../../../test/bilingual.ts';
import { severalSheetsLayout, workbookBytes } from '../../../test/fixtures/plans/tables.ts';
import { readTaskTable } from './ledger.xlsx.import.ts';
import { TableInputError, type TableProblem } from './ledger.xlsx.types.ts';

/** The halves the import page shows for zh-CN and en-US. */
const languages = shownHalves;

async function refusal(bytes: Uint8Array, sheet?: string): Promise<TableInputError> {
  const err = await readTaskTable(bytes, '分工方案.xlsx', sheet === undefined ? {} : { sheet }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TableInputError);
  return err as TableInputError;
}

describe('task-table problems and refusals, in the language of the UI', () => {
  it('names the row and column of a problem, and the cell text, in Chinese as in English', async () => {
    const bytes = await workbookBytes([
      ['序号', '重点任务', '牵头单位', '完成时限'],
      ['1', '任务甲', '', '2024年底前'],
      ['2', '任务乙', '市商务局', '尽快 / 视情况'],
      ['3', '', '市商务局', '2024年底前'],
    ]);
    const { problems } = await readTaskTable(bytes, 'x.xlsx');
    const at = (row: number): TableProblem => problems.find((p) => p.row === row)!;

    expect(at(2)).toMatchObject({ column: 'C', field: 'leadUnits' });
    expect(languages(at(2).message)).toEqual({ zh: '未填写牵头单位', en: 'no lead unit (牵头单位)' });

    // A " / " in the cell is closed up in the Chinese half only, so the split stays at the languages.
    expect(at(3)).toMatchObject({ column: 'D', field: 'deadline' });
    expect(languages(at(3).message)).toEqual({
      zh: '完成时限“尽快/视情况”无法识别，按原文保留',
      en: 'deadline "尽快 / 视情况" not understood; kept as written',
    });

    expect(at(4)).toMatchObject({ column: 'B', field: 'text', severity: 'error' });
    const noText = languages(at(4).message);
    expect(noText.zh).toBe('序号 3 在第 B 列没有任务内容');
    expect(noText.en).toBe('序号 3 has no task text in column B');
  });

  it('names both sheets of the "also a task table" warning in both halves', async () => {
    const { problems } = await readTaskTable(await severalSheetsLayout(), '分工方案.xlsx');
    const warning = problems.find((p) => p.otherSheet === '第二部分')!;
    const { zh, en } = languages(warning.message);
    expect(zh).toContain('工作表“第二部分”');
    expect(zh).toContain('“第一部分”');
    expect(en).toBe('sheet "第二部分" also looks like a task table but only "第一部分" was read; choose the sheet to read another');
  });

  it.each([
    ['an empty file', () => Promise.resolve(new Uint8Array(0)), undefined, ['分工方案.xlsx', '文件是空的'], '分工方案.xlsx: the file is empty'],
    ['a PDF', () => Promise.resolve(Buffer.from('%PDF-1.7\n')), undefined, ['PDF 文件', '不是 Excel 工作簿'], '分工方案.xlsx: this is a PDF file, not an Excel .xlsx workbook'],
    [
      'a sheet name the workbook lacks',
      severalSheetsLayout,
      '第三部分',
      ['没有名为“第三部分”的工作表', '“旧版”、“第一部分”、“第二部分”、“说明”'],
      '分工方案.xlsx: there is no sheet named "第三部分"; the workbook\'s sheets are "旧版", "第一部分", "第二部分", "说明"',
    ],
  ])('refuses %s with a Chinese half and the English one unchanged', async (_, bytes, sheet, zhParts, en) => {
    const err = await refusal(await bytes(), sheet);
    const halves = languages(err.message);
    for (const part of zhParts) expect(halves.zh).toContain(part);
    expect(halves.en).toBe(en);
    // The field detail carries both halves too, so a form shows it in the UI language.
    expect(languages(err.details[0].message).zh).toBe(err.zh);
  });

  it('lists the header words looked for, and the rows searched, in the Chinese half of a missing header', async () => {
    const { zh, en } = languages((await refusal(await severalSheetsLayout(), '说明')).message);
    expect(zh).toMatch(/^分工方案\.xlsx：工作表“说明”的前 20 行中没有找到任务分工表的表头；.*重点任务.*牵头单位.*完成时限/);
    expect(en).toMatch(/^分工方案\.xlsx: no task table header found in the first 20 rows of sheet "说明"/);
  });

  it('puts the row and column of a refusal in both halves', () => {
    const err = new TableInputError('a / b.xlsx', '单元格无法读取', 'the cell cannot be read', { row: 12, column: 'C' });
    expect(languages(err.message)).toEqual({
      zh: 'a/b.xlsx（第 12 行第 C 列）：单元格无法读取',
      en: 'a / b.xlsx, row 12, column C: the cell cannot be read',
    });
  });
});
