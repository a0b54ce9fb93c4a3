import { describe, expect, it } from 'vitest';
import { type PdfTextItem, findPdfTables } from './documents.pdf-layout.ts';

/** A text item as pdf.js reports it, 10 pt: a Chinese character 10 wide, a digit or letter 5. */
const at = (str: string, x: number, y: number, page = 0): PdfTextItem => ({
  str,
  x,
  y,
  w: [...str].reduce((w, c) => w + (/[\x20-\x7e]/.test(c) ? 5 : 10), 0),
  h: 10,
  page,
});

// Columns: 序号 72–102, 改革举措 110–200, 主要内容 210–400, 推广范围 410–520 (text left-aligned in each).
const header = (y: number, page = 0) => [at('序号', 77, y, page), at('改革举措', 135, y, page), at('主要内容', 285, y, page), at('推广范围', 445, y, page)];
const body = (text: string, y: number, page = 0) => at(text, 72, y, page);

function page1(): PdfTextItem[] {
  return [
    body('各省、自治区、直辖市人民政府，国务院各部委、各直属机构：现将有关改革举措', 790),
    body('推广清单印发给你们，请认真贯彻落实。', 776),
    at('改革举措推广清单', 220, 750),
    ...header(730),
    at('一、投资管理领域', 72, 712),
    at('1', 84, 696), at('企业开办全程', 110, 696), at('全面推行企业开办全程网上办理，实现一', 210, 696), at('全国', 410, 696),
    at('网上办理', 110, 682), at('日办结。', 210, 682),
    at('2', 84, 666), at('工程建设项目', 110, 666), at('精简审批环节。', 210, 666), at('自由贸易试验', 410, 666),
    at('审批改革', 110, 652), at('区', 410, 652),
    at('— 1 —', 285, 40),
  ];
}

function page2(repeatHeader: boolean): PdfTextItem[] {
  return [
    at('国务院公报', 270, 812, 1),
    ...(repeatHeader ? header(790, 1) : []),
    at('3', 84, 772, 1), at('跨境贸易', 110, 772, 1), at('推行“两步申报”通关模式。', 210, 772, 1), at('全国', 410, 772, 1),
    at('二、贸易便利化领域', 72, 754, 1),
    at('4', 84, 736, 1), at('国际贸易', 110, 736, 1), at('拓展国际贸易“单一窗口”标准版功能，', 210, 736, 1), at('全国', 410, 736, 1),
    at('“单一窗口”', 110, 722, 1), at('实现“一站式”办理。', 210, 722, 1),
    body('各地区、各部门要结合实际，认真抓好推广工作，确保各项改革举措落地见效。', 690, 1),
    body('一、加强组织领导。', 670, 1),
    at('— 2 —', 285, 40, 1),
  ];
}

const strs = (items: PdfTextItem[], ids: number[]) => ids.map((i) => items[i].str);

describe('tables from PDF item positions', () => {
  it('recovers the header, group rows and rows with wrapped cells, across a page break with a repeated header', () => {
    const items = [...page1(), ...page2(true)];
    const tables = findPdfTables(items);
    expect(tables).toHaveLength(1);
    const [t] = tables;
    expect(t.headers).toEqual(['序号', '改革举措', '主要内容', '推广范围']);
    expect(t.rows).toEqual([
      { kind: 'group', text: '一、投资管理领域' },
      { kind: 'row', cells: ['1', '企业开办全程网上办理', '全面推行企业开办全程网上办理，实现一日办结。', '全国'] },
      { kind: 'row', cells: ['2', '工程建设项目审批改革', '精简审批环节。', '自由贸易试验区'] },
      { kind: 'row', cells: ['3', '跨境贸易', '推行“两步申报”通关模式。', '全国'] },
      { kind: 'group', text: '二、贸易便利化领域' },
      { kind: 'row', cells: ['4', '国际贸易“单一窗口”', '拓展国际贸易“单一窗口”标准版功能，实现“一站式”办理。', '全国'] },
    ]);
    // Body text, the caption, page numbers and the running header stay text; the repeated header goes with the table.
    const left = items.map((it, i) => i).filter((i) => !t.items.includes(i));
    expect(strs(items, left)).toEqual([
      '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：现将有关改革举措',
      '推广清单印发给你们，请认真贯彻落实。',
      '改革举措推广清单',
      '— 1 —',
      '国务院公报',
      '各地区、各部门要结合实际，认真抓好推广工作，确保各项改革举措落地见效。',
      '一、加强组织领导。',
      '— 2 —',
    ]);
  });

  it('runs on over a page break without a repeated header', () => {
    const [t] = findPdfTables([...page1(), ...page2(false)]);
    expect(t.rows.filter((r) => r.kind === 'row').map((r) => (r.kind === 'row' ? r.cells[0] : ''))).toEqual(['1', '2', '3', '4']);
  });

  it('breaks a cell where a line stops short of the column (a new paragraph in the cell)', () => {
    const items = [
      at('序号', 77, 730), at('任务', 145, 730), at('牵头单位', 285, 730), at('完成时限', 445, 730),
      at('1', 84, 712), at('健全链长、链主、', 110, 712), at('市发展改革委', 210, 712), at('2024年3月底前', 410, 712),
      at('专班协同机制', 110, 698), at('市工业和信息化局', 210, 698),
    ];
    const [t] = findPdfTables(items);
    expect(t.rows).toEqual([{ kind: 'row', cells: ['1', '健全链长、链主、专班协同机制', '市发展改革委\n市工业和信息化局', '2024年3月底前'] }]);
  });

  it('reads a header whose cells wrap onto two lines', () => {
    const items = [
      at('序号', 77, 737), at('任务', 135, 737), at('牵头', 285, 744), at('单位', 285, 730), at('完成', 445, 744), at('时限', 445, 730),
      at('1', 84, 712), at('完善工作机制', 110, 712), at('市发展改革委', 210, 712), at('2024年3月底前', 410, 712),
    ];
    const [t] = findPdfTables(items);
    expect(t.headers).toEqual(['序号', '任务', '牵头单位', '完成时限']);
    expect(t.rows).toEqual([{ kind: 'row', cells: ['1', '完善工作机制', '市发展改革委', '2024年3月底前'] }]);
  });

  it('reads rows whose cells are centred vertically, the number in the middle of its row', () => {
    // As LibreOffice lays out cells set to centre: every cell's lines sit around its row's middle.
    const items = [
      ...header(730),
      at('一、投资管理领域', 72, 714),
      at('全面推行企业开办全程网上办理，实现一', 210, 698), at('企业开办全程', 110, 691), at('1', 84, 684), at('全国', 410, 684),
      at('网上办理', 110, 677), at('日办结，压缩办理时限。', 210, 670),
      at('2', 84, 652), at('跨境贸易', 110, 652), at('推行“两步申报”。', 210, 652), at('全国', 410, 652),
    ];
    const [t] = findPdfTables(items);
    expect(t.rows).toEqual([
      { kind: 'group', text: '一、投资管理领域' },
      { kind: 'row', cells: ['1', '企业开办全程网上办理', '全面推行企业开办全程网上办理，实现一日办结，压缩办理时限。', '全国'] },
      { kind: 'row', cells: ['2', '跨境贸易', '推行“两步申报”。', '全国'] },
    ]);
  });

  it('finds no table in body text that mentions 序号, nor under a header with no rows', () => {
    expect(findPdfTables([body('按序号填写任务、牵头单位和完成时限，', 790), body('于每月5日前报送。', 776)])).toEqual([]);
    expect(findPdfTables([...header(730), body('以上举措由各地区、各部门结合实际推广，国务院各部门要加强指导和服务。', 700)])).toEqual([]);
  });
});

describe('findPdfTables on hostile layouts', () => {
  it('reads 200,000 items sharing one line (a content-stream bomb) in one pass, not one join per item', () => {
    // Before: each item re-read the whole line joined so far, so this line took minutes.
    const items = Array.from({ length: 200_000 }, (_, i) => at(i % 2 ? 'A' : '序号', 72 + (i % 50), 700));
    items.push(...header(600), at('1', 84, 580), at('任务', 135, 580), at('内容', 285, 580), at('全国', 445, 580));
    const tables = findPdfTables(items);
    expect(tables.map((t) => t.headers)).toEqual([['序号', '改革举措', '主要内容', '推广范围']]);
  });
});
