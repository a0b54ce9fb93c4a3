import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { pickLanguage } from '../../web/i18n.ts';
import {
  cellTypesLayout,
  measuresLayout,
  responsibleOnlyLayout,
  severalSheetsLayout,
  twoRowHeaderLayout,
  variantLayout,
  workbookBytes,
} from '../../../test/fixtures/plans/tables.ts';
import { classifyHeader } from './ledger.xlsx.header.ts';
import { readTaskTable } from './ledger.xlsx.import.ts';
import { splitNameList } from './ledger.xlsx.names.ts';
import { TableInputError } from './ledger.xlsx.types.ts';

const PLANS = new URL('../../../test/fixtures/real/plans/', import.meta.url);
const example = () => fs.readFileSync(new URL('task-division-example.xlsx', PLANS));

describe('readTaskTable on the example table', () => {
  it('finds title, header, groups and every task with its row number', async () => {
    const result = await readTaskTable(example(), 'task-division-example.xlsx');
    expect(result.title).toBe('贯彻落实市委全会《决定》重点任务分工方案（示例）');
    expect(result.headerRow).toBe(2);
    expect(Object.fromEntries(Object.entries(result.columns).map(([k, v]) => [k, v!.letter]))).toEqual({
      seq: 'A', text: 'B', leaders: 'C', leadUnits: 'D', coUnits: 'E', deadline: 'F',
    });
    expect(result.groups.map((g) => g.text)).toEqual([
      '一、全力推动京津冀协同发展走深走实',
      '二、全力推动改革开放全面深化',
      '三、全力推动经济社会高质量发展',
    ]);
    expect(result.tasks.map((t) => t.seq)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(result.tasks.map((t) => t.row)).toEqual([4, 5, 6, 7, 9, 10, 11, 13, 14, 15]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('gives the lead leader merged over consecutive tasks to each of them', async () => {
    const { tasks } = await readTaskTable(example(), 'x.xlsx');
    expect(tasks.slice(0, 4).map((t) => t.leaders)).toEqual([['刘建华'], ['刘建华'], ['刘建华'], ['陈志远']]);
    expect(tasks[0].groupPath).toEqual(['一、全力推动京津冀协同发展走深走实']);
    expect(tasks[7].groupPath).toEqual(['三、全力推动经济社会高质量发展']);
  });

  it('splits units on 、 and on line breaks and keeps an empty co-unit cell empty', async () => {
    const { tasks } = await readTaskTable(example(), 'x.xlsx');
    expect(tasks[0].leadUnits).toEqual(['市发展改革委']);
    expect(tasks[0].coUnits).toEqual(['市商务局', '市工业和信息化局', '各区人民政府']);
    expect(tasks[6].coUnits).toEqual(['市发展改革委', '市外办']);
    expect(tasks[9].coUnits).toEqual([]);
    expect(tasks[3].deadlineText).toBe('2024年12月31日前');
  });

  it('understands the deadline phrases through the documents module', async () => {
    const { tasks, problems } = await readTaskTable(example(), 'x.xlsx');
    expect(tasks[0].deadline).toMatchObject({ text: '2024年底前', dueDate: '2024-12-31', understood: true });
    expect(tasks[4].deadline).toMatchObject({ recurrence: 'yearly', ongoing: true, understood: true });
    expect(tasks[5].deadline).toMatchObject({ dueDate: '2024-09-30', ongoing: true });
    expect(problems.filter((p) => p.field === 'deadline')).toEqual([]);
  });
});

describe('readTaskTable on other real-world layouts', () => {
  it('reads other header words, a title over several rows, two group levels and notes', async () => {
    const result = await readTaskTable(await variantLayout(), '分工方案.xlsx');
    expect(result.title).toBe('关于贯彻落实市委十二届五次全会精神重点任务分工方案');
    expect(result.headerRow).toBe(5);
    expect(Object.values(result.columns).map((c) => c!.header).sort()).toEqual(
      ['任务内容', '备注', '时间节点', '序号', '牵头部门', '责任领导', '配合部门'].sort(),
    );
    const bySeq = Object.fromEntries(result.tasks.map((t) => [t.seq, t]));
    expect(bySeq['1'].groupPath).toEqual(['一、加快构建现代化产业体系', '（一）壮大战略性新兴产业']);
    expect(bySeq['3'].groupPath).toEqual(['一、加快构建现代化产业体系', '（二）改造提升传统产业']);
    expect(bySeq['5'].groupPath).toEqual(['二、深化改革开放']);
    expect(result.notes).toEqual(['注：1.牵头部门负责统筹推进，每月5日前报送进展。', '2.各配合部门按职责分工抓好落实。']);
  });

  it('fills merged leaders and lead units down and keeps abbreviated unit names as written', async () => {
    const { tasks } = await readTaskTable(await variantLayout(), 'x.xlsx');
    const bySeq = Object.fromEntries(tasks.map((t) => [t.seq, t]));
    expect(bySeq['1'].leaders).toEqual(['王伟']);
    expect(bySeq['2'].leaders).toEqual(['王伟']);
    expect(bySeq['3'].leaders).toEqual(['李明', '赵强']);
    expect(bySeq['4'].leadUnits).toEqual(['市发改委']);
    expect(bySeq['1'].coUnits).toEqual(['市发改委', '市科技局', '滨海新区']);
    expect(bySeq['3'].coUnits).toEqual(['市工信局', '市生态环境局']);
    expect(bySeq['5'].coUnits).toEqual(['市财政局', '市人社局']);
    expect(bySeq['2'].note).toBe('需与京冀协同');
  });

  it('reads 年内 against the year given, and warns, keeping the text, when it cannot', async () => {
    const withYear = await readTaskTable(await variantLayout(), 'x.xlsx', { referenceYear: 2024 });
    expect(withYear.tasks.find((t) => t.seq === '7')?.deadline).toMatchObject({ dueDate: '2024-12-31', understood: true });
    const bytes = await workbookBytes([
      ['序号', '重点任务', '牵头单位', '完成时限'],
      ['1', '任务甲', '市商务局', '视情况而定'],
    ]);
    const { tasks, problems } = await readTaskTable(bytes, 'x.xlsx');
    expect(tasks[0]).toMatchObject({ deadlineText: '视情况而定', deadline: { understood: false } });
    expect(problems).toContainEqual(expect.objectContaining({ row: 2, column: 'D', field: 'deadline', severity: 'warning' }));
  });

  it('reports a row with a 序号 but no task, and warns about a task with no lead unit', async () => {
    const { tasks, problems } = await readTaskTable(await variantLayout(), 'x.xlsx');
    expect(tasks.map((t) => t.seq)).toEqual(['1', '2', '3', '4', '5', '7']);
    expect(problems).toContainEqual(expect.objectContaining({ row: 16, column: 'B', field: 'text', severity: 'error' }));
    expect(problems.find((p) => p.row === 16)?.message).toContain('序号 6');
    expect(problems).toContainEqual(expect.objectContaining({ row: 17, field: 'leadUnits', severity: 'warning' }));
  });

  it('reads a header over two rows with merged header cells', async () => {
    const result = await readTaskTable(await twoRowHeaderLayout(), 'x.xlsx');
    expect(result.tasks[1].deadline).toMatchObject({ recurrence: 'yearly' });
    expect(result.title).toBe('2024年全市重点工作任务分工表');
    expect([result.headerRow, result.headerEndRow]).toEqual([2, 3]);
    expect(result.columns.leaders?.header).toBe('牵头市领导');
    expect(result.columns.coUnits?.header).toBe('配合单位');
    expect(result.tasks.map((t) => [t.row, t.seq, t.leaders[0], t.leadUnits[0]])).toEqual([
      [5, '1', '刘建华', '市发展改革委'],
      [6, '2', '刘建华', '市商务局'],
      [8, '3', '陈志远', '市发展改革委'],
    ]);
    expect(result.tasks[2].groupPath).toEqual(['二、推动改革开放']);
  });

  it('takes the first unit of 责任单位 as the lead when there is no 牵头 column, keeps extra columns, and reads 序号 groups', async () => {
    const result = await readTaskTable(await responsibleOnlyLayout(), 'x.xlsx');
    expect(result.columns.leadUnits?.header).toBe('责任单位');
    expect(result.columns.coUnits).toBeUndefined();
    expect(result.extraColumns.map((c) => c.header)).toEqual(['任务分解', '成果形式']);
    expect(result.groups.map((g) => g.text)).toEqual(['一、产业发展', '二、改革开放']);
    const [first, second] = result.tasks;
    // 列第一位的为牵头单位: the first unit leads, the others are responsible units; said once for the table.
    expect(first).toMatchObject({ leadUnits: ['市发改委'], coUnits: ['市工信局'] });
    expect(result.problems.filter((p) => p.field === 'leadUnits').map((p) => p.row)).toEqual([result.headerRow]);
    expect(first.extra).toEqual({ 任务分解: '梳理链上企业；绘制图谱', 成果形式: '图谱' });
    expect(second.groupPath).toEqual(['一、产业发展']);
    expect(second).toMatchObject({ leadUnits: ['市发改委'], coUnits: ['市商务局'] });
    expect(result.tasks[2].groupPath).toEqual(['二、改革开放']);
  });

  it('takes the measures under a merged 重点任务 as its tasks, and nests an unnumbered group under a numbered one', async () => {
    const result = await readTaskTable(await measuresLayout(), 'x.xlsx');
    expect(result.tasks.map((t) => [t.row, t.seq, t.groupPath, t.text, t.leadUnits, t.coUnits])).toEqual([
      [4, '1', ['一、推动产业协同', '产业链招商', '推进产业链联合招商'], '编制招商图谱', ['市商务局'], ['市发改委']],
      [5, '1', ['一、推动产业协同', '产业链招商', '推进产业链联合招商'], '举办产业对接会', ['市商务局'], ['市贸促会']],
      [6, '2', ['一、推动产业协同', '产业链招商'], '深化要素市场化改革', ['市发改委'], []],
    ]);
    expect(result.tasks[0].extra).toEqual({});
    expect(result.groups.map((g) => [g.row, g.text])).toEqual([
      [2, '一、推动产业协同'],
      [3, '产业链招商'],
      [4, '推进产业链联合招商'],
    ]);
  });

  it('reads rich text, formulas, hyperlinks and real dates as the text a person sees', async () => {
    const { tasks } = await readTaskTable(await cellTypesLayout(), 'x.xlsx');
    expect(tasks[0]).toMatchObject({
      seq: '1',
      text: '推进重点项目建设',
      leadUnits: ['市发展改革委'],
      coUnits: ['市住房城乡建设委', '市规划资源局'],
      deadlineText: '2024年12月31日',
    });
  });

  it('reports numbered rows left empty instead of taking their numbers for groups', async () => {
    const bytes = await workbookBytes([
      ['序号', '重点任务', '牵头单位', '完成时限'],
      ['1', '任务甲', '市商务局', '2024年底前'],
      ['2'],
      ['3'],
    ]);
    const { tasks, groups, problems } = await readTaskTable(bytes, 'x.xlsx');
    expect(tasks.map((t) => t.text)).toEqual(['任务甲']);
    expect(groups).toEqual([]);
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.row)).toEqual([3, 4]);
  });

  it('skips a header repeated inside the data and a row numbering the columns', async () => {
    const bytes = await workbookBytes([
      ['序号', '重点任务', '牵头单位', '配合单位', '完成时限'],
      ['1', '2', '3', '4', '5'],
      ['1', '任务甲', '市商务局', '市财政局', '2024年底前'],
      ['序号', '重点任务', '牵头单位', '配合单位', '完成时限'],
      ['2', '任务乙', '市科技局', '', '2025年底前'],
    ]);
    const { tasks, problems } = await readTaskTable(bytes, 'x.xlsx');
    expect(tasks.map((t) => t.text)).toEqual(['任务甲', '任务乙']);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reads the sheet that holds the table when the workbook has several', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('说明').getCell('A1').value = '本表由市委办公室汇总';
    const other = workbook.addWorksheet('汇总');
    other.getCell('A1').value = '汇总';
    other.mergeCells('A1:A9');
    const sheet = workbook.addWorksheet('分工&安排');
    sheet.addRow(['2024年重点任务分工']);
    sheet.addRow(['序号', '主要任务', '分管领导', '主责单位', '协同单位', '时限要求']);
    sheet.addRow([1, '任务甲', '刘建华', '市商务局', '市财政局', '2024年底前']);
    sheet.addRow([2, '任务乙', undefined, '市科技局', '', '年内']);
    sheet.mergeCells('A1:F1');
    sheet.mergeCells('C3:C4');
    const result = await readTaskTable(Buffer.from(await workbook.xlsx.writeBuffer()), 'x.xlsx');
    expect(result.sheet).toBe('分工&安排');
    expect(result.title).toBe('2024年重点任务分工');
    expect(result.tasks[0]).toMatchObject({ text: '任务甲', leaders: ['刘建华'], leadUnits: ['市商务局'], coUnits: ['市财政局'] });
    // The merged leader reaches the second task, whose 年内 is read against the title's year.
    expect(result.tasks[1]).toMatchObject({ leaders: ['刘建华'], deadline: { dueDate: '2024-12-31' } });
  });
});

describe('readTaskTable choosing the sheet', () => {
  const refusal = (bytes: Uint8Array, sheet: string) =>
    readTaskTable(bytes, '分工方案.xlsx', { sheet }).then(
      () => expect.fail('the workbook was read'),
      (err: unknown) => {
        expect(err).toBeInstanceOf(TableInputError);
        return pickLanguage((err as TableInputError).message, 'en-US');
      },
    );

  it('lists every sheet and reads the first visible task sheet, skipping a hidden copy with a fuller header', async () => {
    const result = await readTaskTable(await severalSheetsLayout(), '分工方案.xlsx');
    expect(result.sheets).toEqual([
      { name: '旧版', taskTable: true, hidden: true },
      { name: '第一部分', taskTable: true, hidden: false },
      { name: '第二部分', taskTable: true, hidden: false },
      { name: '说明', taskTable: false, hidden: false },
    ]);
    expect(result.sheet).toBe('第一部分');
    expect(result.tasks.map((t) => t.text)).toEqual(['推进产业园区建设', '优化营商环境']);
    expect(result.problems.filter((p) => p.field === 'sheet').map((p) => pickLanguage(p.message, 'en-US'))).toEqual([
      'sheet "第二部分" also looks like a task table but only "第一部分" was read; choose the sheet to read another',
    ]);
  });

  it('reads the sheet asked for by name, hidden or not, without warning about the others', async () => {
    const bytes = await severalSheetsLayout();
    const second = await readTaskTable(bytes, '分工方案.xlsx', { sheet: '第二部分' });
    expect(second.sheet).toBe('第二部分');
    expect(second.title).toBe('2025年重点任务分工（第二部分）');
    expect(second.tasks.map((t) => t.text)).toEqual(['建设数据中心', '完善养老服务体系', '治理城市内涝']);
    // 年内 is read against this sheet's own title year.
    expect(second.tasks[1].deadline).toMatchObject({ dueDate: '2025-12-31' });
    expect(second.problems.filter((p) => p.field === 'sheet')).toEqual([]);
    expect(second.sheets).toHaveLength(4);

    const hidden = await readTaskTable(bytes, '分工方案.xlsx', { sheet: '旧版' });
    expect(hidden.tasks.map((t) => t.text)).toEqual(['旧版任务']);
  });

  it('refuses a sheet name the workbook lacks, naming the file and listing its sheets', async () => {
    expect(await refusal(await severalSheetsLayout(), '第三部分')).toBe(
      '分工方案.xlsx: there is no sheet named "第三部分"; the workbook\'s sheets are "旧版", "第一部分", "第二部分", "说明"',
    );
  });

  it('refuses a named sheet without a task header, saying which header words were looked for', async () => {
    const message = await refusal(await severalSheetsLayout(), '说明');
    expect(message).toMatch(/^分工方案\.xlsx: no task table header found in the first 20 rows of sheet "说明"; looked for .*重点任务.*牵头单位/);
  });

  it('reads a hidden task sheet, and says so, when no visible sheet has a header', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('封面').getCell('A1').value = '2024年重点任务';
    const hidden = workbook.addWorksheet('数据', { state: 'veryHidden' });
    hidden.addRow(['序号', '重点任务', '牵头单位', '完成时限']);
    hidden.addRow([1, '任务甲', '市商务局', '2024年底前']);
    const result = await readTaskTable(Buffer.from(await workbook.xlsx.writeBuffer()), 'x.xlsx');
    expect(result.sheet).toBe('数据');
    expect(result.sheets).toEqual([
      { name: '封面', taskTable: false, hidden: false },
      { name: '数据', taskTable: true, hidden: true },
    ]);
    expect(pickLanguage(result.problems[0].message, 'en-US')).toBe('the task table was read from the hidden sheet "数据": no visible sheet has a task header');
  });
});

describe('readTaskTable on layouts seen in published tables', () => {
  it('reads deadlines typed as numbers, month spans, a yearly month and a year written once for two dates', async () => {
    const bytes = await workbookBytes([
      ['序号', '重点任务', '牵头单位', '完成时限'],
      ['1', '任务甲', '市商务局', '2024.12'],
      ['2', '任务乙', '市商务局', '2024/6/30'],
      ['3', '任务丙', '市商务局', '2024-12-31'],
      ['4', '任务丁', '市商务局', '2024年1-6月'],
      ['5', '任务戊', '市商务局', '每年12月底前'],
      ['6', '任务己', '市商务局', '2024年6月底前、12月底前'],
      ['7', '任务庚', '市商务局', '2024年底前，形成评估报告'],
    ]);
    const { tasks, problems } = await readTaskTable(bytes, 'x.xlsx');
    expect(tasks.map((t) => [t.deadline?.dueDate, t.deadline?.startDate, t.deadline?.recurrence])).toEqual([
      ['2024-12-31', undefined, undefined],
      ['2024-06-30', undefined, undefined],
      ['2024-12-31', undefined, undefined],
      ['2024-06-30', '2024-01-01', undefined],
      [undefined, undefined, 'yearly'],
      ['2024-12-31', undefined, undefined],
      ['2024-12-31', undefined, undefined],
    ]);
    expect(problems.filter((p) => p.field === 'deadline')).toEqual([]);
  });

  it('takes 序号 "1" over "1.1" rows, or with its name merged across, as a group', async () => {
    const bytes = await workbookBytes(
      [
        ['序号', '任务内容', '牵头单位', '配合单位', '完成时间'],
        ['1', '产业发展'],
        ['1.1', '实施产业链强链行动', '市工信局', '市发改委', '2024年底前'],
        ['1.2', '培育专精特新企业', '市工信局', '', '2025年底前'],
        ['2', '民生保障'],
        ['2.1', '稳定就业', '市人社局', '', '每季度'],
        ['3', '推进综合改革试点', '市委改革办', '', '持续推进'],
      ],
      ['B2:E2'],
    );
    const { tasks, groups, problems } = await readTaskTable(bytes, 'x.xlsx');
    expect(groups.map((g) => g.text)).toEqual(['1 产业发展', '2 民生保障']);
    expect(tasks.map((t) => [t.seq, t.groupPath])).toEqual([
      ['1.1', ['1 产业发展']],
      ['1.2', ['1 产业发展']],
      ['2.1', ['2 民生保障']],
      ['3', []],
    ]);
    expect(problems).toEqual([]);
  });

  it('reads a group row that starts the leader merged down over its tasks as the group', async () => {
    const bytes = await workbookBytes(
      [
        ['序号', '重点任务', '牵头市领导', '牵头单位', '完成时限'],
        ['一、产业发展', undefined, '刘建华'],
        [1, '任务甲', undefined, '市发改委', '2024年底前'],
        [2, '任务乙', undefined, '市财政局', '2024年底前'],
        ['二、民生保障', undefined, '陈志远'],
        [3, '任务丙', undefined, '市人社局', '2024年底前'],
      ],
      ['A2:B2', 'C2:C4', 'A5:B5', 'C5:C6'],
    );
    const { tasks, groups, problems } = await readTaskTable(bytes, 'x.xlsx');
    expect(groups.map((g) => g.text)).toEqual(['一、产业发展', '二、民生保障']);
    expect(tasks.map((t) => [t.text, t.groupPath, t.leaders])).toEqual([
      ['任务甲', ['一、产业发展'], ['刘建华']],
      ['任务乙', ['一、产业发展'], ['刘建华']],
      ['任务丙', ['二、民生保障'], ['陈志远']],
    ]);
    expect(problems).toEqual([]);
  });

  it('takes 完成时间, not 开始时间 before it, as the deadline', async () => {
    const bytes = await workbookBytes([
      ['序号', '重点任务', '牵头单位', '开始时间', '完成时间'],
      [1, '任务甲', '市发改委', '2024年3月', '2024年底前'],
    ]);
    const { columns, tasks } = await readTaskTable(bytes, 'x.xlsx');
    expect(columns.deadline?.header).toBe('完成时间');
    expect(tasks[0]).toMatchObject({ deadlineText: '2024年底前', extra: { 开始时间: '2024年3月' } });
  });

  it('puts first the unit a unit list marks as the lead in bold type', async () => {
    const bytes = await workbookBytes([
      ['序号', '重点任务', '责任单位', '完成时限'],
      [1, '推进外贸稳规模', { richText: [{ text: '市商务局、' }, { text: '市贸促会', font: { bold: true } }, { text: '、市财政局' }] }, '2025年6月底前'],
      [2, '加强知识产权保护', { richText: [{ text: '市知识产权局、市公安局', font: { bold: true } }] }, '长期坚持'],
    ]);
    const { tasks } = await readTaskTable(bytes, 'x.xlsx');
    expect(tasks[0]).toMatchObject({ leadUnits: ['市贸促会'], coUnits: ['市商务局', '市财政局'] });
    // A cell in bold throughout marks nothing: the first listed leads.
    expect(tasks[1]).toMatchObject({ leadUnits: ['市知识产权局'], coUnits: ['市公安局'] });
  });

  it('keeps the title of a leader with the name, written before, after or in brackets below it', async () => {
    expect(splitNameList('副市长 张华、李明 副市长')).toEqual(['副市长张华', '李明副市长']);
    expect(splitNameList('李明\n（常务副市长）\n王强')).toEqual(['李明（常务副市长）', '王强']);
    expect(splitNameList('市委常委、副市长 张华')).toEqual(['市委常委副市长张华']);
    const bytes = await workbookBytes([
      ['序号', '重点任务', '牵头市领导', '牵头单位'],
      [1, '推进港口转型升级', '副市长 张华', '市交通运输委'],
    ]);
    expect((await readTaskTable(bytes, 'x.xlsx')).tasks[0].leaders).toEqual(['副市长张华']);
  });

  it('leaves hidden rows out and says so, row by row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['序号', '重点任务', '牵头单位', '完成时限']);
    sheet.addRow([1, '任务甲', '市发改委', '2024年底前']);
    sheet.addRow([2, '任务乙（已撤销）', '市财政局', '2024年底前']);
    sheet.addRow([3, '任务丙', '市商务局', '2024年底前']);
    sheet.getRow(3).hidden = true;
    const { tasks, problems } = await readTaskTable(Buffer.from(await workbook.xlsx.writeBuffer()), 'x.xlsx');
    expect(tasks.map((t) => t.text)).toEqual(['任务甲', '任务丙']);
    expect(problems).toEqual([expect.objectContaining({ row: 3, severity: 'warning', message: expect.stringContaining('hidden') })]);
  });

  it('takes 说明： written in the first cell with its text beside it as the start of the notes', async () => {
    const bytes = await workbookBytes([
      ['序号', '重点任务', '牵头单位', '完成时限'],
      [1, '任务甲', '市发改委', '2024年底前'],
      ['说明：', '1.牵头单位负责汇总进展'],
      [undefined, '2.每季度末报送'],
    ]);
    const { tasks, notes, problems } = await readTaskTable(bytes, 'x.xlsx');
    expect(tasks.map((t) => t.text)).toEqual(['任务甲']);
    expect(notes).toEqual(['说明：1.牵头单位负责汇总进展', '2.每季度末报送']);
    expect(problems).toEqual([]);
  });

  it('keeps a totals row and the issuer and date under the table out of the tasks', async () => {
    const bytes = await workbookBytes([
      ['序号', '重点任务', '牵头单位', '完成时限'],
      [1, '任务甲', '市发改委', '2024年底前'],
      ['合计', '1项'],
      [],
      [undefined, undefined, '天津市人民政府办公厅'],
      [undefined, undefined, '2024年3月1日'],
    ]);
    const { tasks, notes, problems } = await readTaskTable(bytes, 'x.xlsx');
    expect(tasks.map((t) => t.text)).toEqual(['任务甲']);
    expect(notes).toEqual(['合计 1项', '天津市人民政府办公厅', '2024年3月1日']);
    expect(problems).toEqual([]);
  });

  it('takes the 任务分解 rows under a merged 重点任务 as its tasks', async () => {
    const bytes = await workbookBytes(
      [
        ['序号', '重点任务', '任务分解', '牵头单位', '配合单位', '完成时限'],
        [1, '推进产业链招商', '编制招商图谱', '市商务局', '市发改委', '2024年6月底前'],
        [undefined, undefined, '举办产业对接会', undefined, '市贸促会', '2024年底前'],
      ],
      ['A2:A3', 'B2:B3', 'D2:D3'],
    );
    const { tasks } = await readTaskTable(bytes, 'x.xlsx');
    expect(tasks.map((t) => [t.text, t.groupPath, t.leadUnits, t.coUnits, t.extra])).toEqual([
      ['编制招商图谱', ['推进产业链招商'], ['市商务局'], ['市发改委'], {}],
      ['举办产业对接会', ['推进产业链招商'], ['市商务局'], ['市贸促会'], {}],
    ]);
  });

  it('shows numbers formatted as percentages as percentages', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['序号', '重点任务', '牵头单位', '完成进度']);
    sheet.addRow([1, '任务甲', '市发改委', 0.35]);
    sheet.getCell('D2').numFmt = '0%';
    const { tasks } = await readTaskTable(Buffer.from(await workbook.xlsx.writeBuffer()), 'x.xlsx');
    expect(tasks[0].extra).toEqual({ 完成进度: '35%' });
  });

  it('finds a header whose words name two things or are broken over lines, in a table that starts in column B', async () => {
    const bytes = await workbookBytes(
      [
        ['附件2'],
        [],
        [undefined, '2024年全区重点工作任务分解表'],
        [undefined, '序 号', '工作任务\n及目标', '责任\n领导', '责任单位及责任人', '完成时限和完成标志'],
        [undefined, '一、', '产业发展'],
        [undefined, 1, '新建5G基站1000个', '张华', '市工信局（李强）、市发改委等市有关部门', '年底前'],
      ],
      ['B3:F3', 'C5:F5'],
    );
    const result = await readTaskTable(bytes, 'x.xlsx');
    expect(Object.fromEntries(Object.entries(result.columns).map(([k, v]) => [k, v!.letter]))).toEqual({
      seq: 'B', text: 'C', leaders: 'D', leadUnits: 'E', deadline: 'F',
    });
    expect(result.referenceYear).toBe(2024);
    expect(result.tasks[0]).toMatchObject({
      groupPath: ['一、产业发展'],
      leadUnits: ['市工信局（李强）'],
      coUnits: ['市发改委', '市有关部门'],
      deadline: { dueDate: '2024-12-31', understood: true },
    });
  });
});

describe('classifyHeader', () => {
  it('knows the header words of real tables by meaning', () => {
    const words: Record<string, string[]> = {
      seq: ['序号', '序 号', '编号'],
      text: ['重点任务', '任务内容', '工作任务', '主要任务', '具体任务', '工作措施', '目标任务', '改革举措', '主要内容', '重点工作', '重点任务及工作目标', '目标及任务'],
      leaders: ['牵头市领导', '责任领导', '市领导', '牵头领导', '分管市领导'],
      leadUnits: ['牵头单位', '牵头部门', '主责单位', '牵头责任单位'],
      coUnits: ['配合单位', '配合部门', '参与单位', '协同单位'],
      units: ['责任单位', '责任部门', '责任单位（第一个为牵头单位）', '责任单位及责任人'],
      deadline: ['完成时限', '时间节点', '完成时间', '时限要求', '完成期限', '时间节点和完成标志'],
      note: ['备注'],
      extra: ['任务分解', '工作目标', '成果形式', '责任人'],
    };
    for (const [kind, labels] of Object.entries(words)) {
      for (const label of labels) expect(classifyHeader(label), label).toBe(kind);
    }
    expect(classifyHeader('推动重点产业链图谱落地，聚焦堵点联合招商，积极争取大项目')).toBeNull();
    expect(classifyHeader('刘建华')).toBeNull();
  });
});

describe('splitNameList', () => {
  it('splits on the separators offices use and never inside brackets', () => {
    expect(splitNameList('市发改委、市商务局，市科技局;市财政局；市人社局\n市外办')).toEqual([
      '市发改委', '市商务局', '市科技局', '市财政局', '市人社局', '市外办',
    ]);
    expect(splitNameList('各区人民政府（滨海新区、和平区）、市商务局')).toEqual(['各区人民政府（滨海新区、和平区）', '市商务局']);
    expect(splitNameList('市财政局  市人社局 市外办')).toEqual(['市财政局', '市人社局', '市外办']);
  });

  it('keeps a name padded for alignment whole', () => {
    expect(splitNameList('王　伟')).toEqual(['王伟']);
    expect(splitNameList('王  伟、李明')).toEqual(['王伟', '李明']);
    expect(splitNameList('')).toEqual([]);
  });
});
