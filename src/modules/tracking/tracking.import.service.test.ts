import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ValidationError } from '../../lib/errors.ts';
import { importReports } from './tracking.import.service.ts';
import { taskReports } from './tracking.reports.service.ts';

let h: DatabaseHandle;
let duban: ServiceContext;
let planId: string;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  duban = await contextAs(h, 'duban');
  planId = (await h.db.selectFrom('tasks').select('plan_id').where('seq', '=', '3').executeTakeFirstOrThrow()).plan_id;
});
afterAll(async () => h?.close());

const reportCount = async () => Number((await h.db.selectFrom('task_reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\n'));

async function xlsx(rows: (string | number)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('进展台账');
  for (const r of rows) ws.addRow(r);
  ws.mergeCells('A1:G1');
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('luoshi report import', () => {
  it('finds the header whatever its wording, matches rows by task number and saves them as accepted history', async () => {
    const bytes = await xlsx([
      ['2024年重点任务推进情况统计表'],
      ['编号', '重点任务', '牵头单位', '月份', '工作进展情况', '完成进度（%）', '存在的困难问题', '下一步工作计划'],
      ['3', '绘制产业链图谱', '市发改委', '2024年3月', '完成调研', '20%', '数据口径不一', '形成初稿'],
      ['3', '绘制产业链图谱', '市发改委', '2024.4', '形成初稿', 45, '', '征求意见'],
      ['5', '科技创新', '市科技局', '2024-Q1', '启动', 10, '', ''],
    ]);
    const before = await reportCount();
    const dry = await importReports(duban, bytes, '进展.xlsx', planId, { dryRun: true });
    expect(dry).toMatchObject({ reports: 3, tasks: 2, headerRow: 2, dryRun: true });
    expect(await reportCount()).toBe(before);

    await importReports(duban, bytes, '进展.xlsx', planId);
    expect(await reportCount()).toBe(before + 3);
    const taskId = (await h.db.selectFrom('tasks').select('id').where('plan_id', '=', planId).where('seq', '=', '3').executeTakeFirstOrThrow()).id;
    const { reports, timeline } = await taskReports(await contextAs(h, 'gxj'), taskId);
    expect(reports.filter((r) => r.source === 'import').map((r) => [r.period, r.status, r.percent, r.source, r.source_name, r.source_row])).toEqual([
      ['2024-04', 'accepted', 45, 'import', '进展.xlsx', 4],
      ['2024-03', 'accepted', 20, 'import', '进展.xlsx', 3],
    ]);
    expect(reports.find((r) => r.source === 'import' && r.period === '2024-03')).toMatchObject({ problems: '数据口径不一', next_steps: '形成初稿', unit_short_name: '市发展改革委' });
    expect(timeline.map((e) => [e.action, e.reason])).toContainEqual(['import', '进展.xlsx 第 3 行']);
  });

  it('names every bad row and field, and saves nothing from a file with errors', async () => {
    const before = await reportCount();
    const bytes = csv([
      '序号,报告期,完成情况,完成百分比,需协调事项',
      '6,2024-05,推进中,30,',
      '99,2024-05,推进中,30,',
      '6,上个月,推进中,30,',
      '7,2024-05,推进中,大部分,',
      '6,2024年5月,重复,40,',
      ',2024-05,没有序号,10,',
      '8,2024-05,,,',
    ]);
    const error = await importReports(duban, bytes, '进展.csv', planId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const details = (error as ValidationError).details.map((d) => [d.row, d.field]);
    expect(details).toEqual([
      [3, 'seq'],
      [4, 'period'],
      [5, 'percent'],
      [6, 'period'],
      [7, 'seq'],
      [8, 'done'],
    ]);
    expect((error as ValidationError).details[0].message).toBe('第 3 行：本规划没有序号为「99」的任务 / row 3: no task numbered "99" in this plan');
    expect((error as ValidationError).message).toMatch(/nothing was imported/);
    expect(await reportCount()).toBe(before);
  });

  it('reads a GB18030 CSV as Excel saves it, refuses a table without a header, and is for supervisors only', async () => {
    // 序号,月份,进展 then a row whose text is 进展, all in GB18030.
    const header = [0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xd4, 0xc2, 0xb7, 0xdd, 0x2c, 0xbd, 0xf8, 0xd5, 0xb9];
    const bytes = new Uint8Array(Buffer.concat([Buffer.from(header), Buffer.from('\n9,2024-05,'), Buffer.from([0xbd, 0xf8, 0xd5, 0xb9]), Buffer.from('\n')]));
    const dry = await importReports(duban, bytes, 'gbk.csv', planId, { dryRun: true });
    expect(dry.rows).toEqual([expect.objectContaining({ row: 2, seq: '9', period: '2024-05', doneText: '进展' })]);
    await expect(importReports(duban, csv(['a,b,c', '1,2,3']), 'x.csv', planId)).rejects.toThrow(/no progress table header/);
    await expect(importReports(await contextAs(h, 'fgw'), csv(['序号,月份,进展', '3,2024-06,x']), 'x.csv', planId)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
