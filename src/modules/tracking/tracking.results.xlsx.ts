import type { ResultsRecord } from './tracking.results.service.ts';

/** The record's columns, zh and en, with their widths; the numbers each row shows in that order. */
export const RESULT_COLUMNS = [
  { key: 'rank', zh: '序号', en: 'No.', width: 6 },
  { key: 'name', zh: '单位', en: 'Unit', width: 26 },
  { key: 'led', zh: '牵头任务', en: 'Tasks led', width: 10 },
  { key: 'supported', zh: '配合任务', en: 'Tasks supported', width: 10 },
  { key: 'dueInPeriod', zh: '期内到期', en: 'Due in period', width: 10 },
  { key: 'closedOnTime', zh: '按时办结', en: 'Closed on time', width: 10 },
  { key: 'closedLate', zh: '逾期办结', en: 'Closed late', width: 10 },
  { key: 'overdue', zh: '逾期（含逾期办结）', en: 'Overdue (incl. closed late)', width: 14 },
  { key: 'onTimeRate', zh: '按时办结率', en: 'Closed on time, rate', width: 14 },
  { key: 'deadlineChanges', zh: '时限调整', en: 'Deadline changes', width: 10 },
  { key: 'projectsSigned', zh: '签约项目', en: 'Projects signed', width: 10 },
  { key: 'amountSigned', zh: '签约金额（万元）', en: 'Signed (10k yuan)', width: 14 },
  { key: 'projectsLanded', zh: '落地项目', en: 'Projects landed', width: 10 },
  { key: 'amountLanded', zh: '落地金额（万元）', en: 'Landed (10k yuan)', width: 14 },
  { key: 'escalations', zh: '收到督办单', en: 'Escalations received', width: 12 },
] as const;

/**
 * The results record as an Excel workbook in the official layout (title, period, the plans counted, a ruled table),
 * Chinese or English.
 * @example (await resultsWorkbook(record, 'zh-CN')).fileName // '实绩档案（按单位）2026-01-01至2026-06-30.xlsx'
 */
export async function resultsWorkbook(record: ResultsRecord, locale: 'zh-CN' | 'en-US'): Promise<{ fileName: string; buffer: Buffer }> {
  const zh = locale === 'zh-CN';
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(zh ? '实绩档案' : 'Results record', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const columns = RESULT_COLUMNS.map((c) => (c.key === 'name' && record.by === 'leader' ? { ...c, zh: '领导', en: 'Leader' } : c));
  const title = zh
    ? `实绩档案（按${record.by === 'unit' ? '单位' : '领导'}）${record.from}至${record.to}`
    : `Results record (by ${record.by}) ${record.from} to ${record.to}`;
  ws.mergeCells(1, 1, 1, columns.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { name: zh ? '方正小标宋简体' : 'Times New Roman', size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 36;
  ws.mergeCells(2, 1, 2, columns.length);
  ws.getCell(2, 1).value = (zh ? '统计范围：' : 'Plans counted: ') + (record.plans.map((p) => `《${p.title}》`).join(zh ? '、' : ', ') || (zh ? '无' : 'none'));
  ws.getCell(2, 1).alignment = { wrapText: true, vertical: 'middle' };
  ws.addRow(columns.map((c) => (zh ? c.zh : c.en))).eachCell((c) => {
    c.font = { name: zh ? '黑体' : 'Arial', size: 11, bold: !zh };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  record.rows.forEach((r, i) => {
    ws.addRow(
      columns.map((c) => {
        if (c.key === 'rank') return i + 1;
        if (c.key === 'onTimeRate') return r.onTimeRate === null ? '—' : r.onTimeRate / 100;
        return r[c.key];
      }),
    );
  });
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
    if (c.key === 'onTimeRate') ws.getColumn(i + 1).numFmt = '0.0%';
    if (c.key === 'amountSigned' || c.key === 'amountLanded') ws.getColumn(i + 1).numFmt = '#,##0.00';
  });
  ws.eachRow((row, n) => {
    if (n < 3) return;
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
      if (n > 3) c.font = { name: zh ? '仿宋_GB2312' : 'Times New Roman', size: 12 };
    });
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  return { fileName: `${title}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
