import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { readZip } from '../../../test/fixtures/plans/zip.ts';
import { writePlanDocx, type PlanDocx } from './ledger.docx.export.ts';

const plan: PlanDocx = {
  title: '关于贯彻落实市委全会精神的重点任务分工方案',
  docNumber: '津党办发〔2024〕3号',
  issuer: '中共天津市委办公厅',
  date: '2024-03-01',
  preamble: '为深入贯彻落实市委全会精神，制定本方案。',
  nodes: [
    {
      marker: '一、',
      heading: '总体要求',
      text: '坚持系统观念，压实工作责任。',
      children: [
        {
          marker: '（一）',
          heading: '明确责任分工',
          text: '各牵头单位负总责。\n各配合单位按职责抓好落实。',
          children: [{ marker: '1.', heading: '建立工作台账', text: '逐项明确时限。' }],
        },
      ],
    },
    { marker: '二、', heading: '保障措施', text: '加强督查督办。' },
  ],
  closing: '各区、各部门要于2024年4月底前将落实情况报市委督查室。',
  tasksTable: {
    title: '重点任务分工表',
    tasks: [
      { seq: '1', groupPath: ['一、推动协同发展'], text: '绘制产业链图谱', leaders: ['刘建华'], leadUnits: ['市发展改革委'], coUnits: ['市商务局', '市科技局'], deadlineText: '2024年底前' },
      { seq: '2', groupPath: ['一、推动协同发展'], text: '开展联合招商', leaders: ['刘建华'], leadUnits: ['市商务局'], deadlineText: '持续推进' },
      { seq: '3', groupPath: ['二、深化改革'], text: '推进国企改革', leaders: ['陈志远'], leadUnits: ['市国资委'], coUnits: ['市财政局'], deadlineText: '2025年6月底前', note: '年度重点' },
    ],
  },
};

describe('writePlanDocx', () => {
  it('writes the title, headings and paragraphs in order, then the signature and the annex table', async () => {
    const buffer = await writePlanDocx(plan);
    const text = (await mammoth.extractRawText({ buffer })).value;
    const order = [
      '津党办发〔2024〕3号',
      '关于贯彻落实市委全会精神的重点任务分工方案',
      '为深入贯彻落实市委全会精神，制定本方案。',
      '一、总体要求',
      '坚持系统观念，压实工作责任。',
      '（一）明确责任分工。各牵头单位负总责。',
      '各配合单位按职责抓好落实。',
      '1.建立工作台账。逐项明确时限。',
      '二、保障措施',
      '各区、各部门要于2024年4月底前将落实情况报市委督查室。',
      '中共天津市委办公厅',
      '2024年3月1日',
      '附件',
      '重点任务分工表',
      '序号',
      '牵头市领导',
      '一、推动协同发展',
      '绘制产业链图谱',
      '市商务局、市科技局',
      '开展联合招商',
      '二、深化改革',
      '推进国企改革',
      '年度重点',
    ];
    let at = -1;
    for (const piece of order) {
      const next = text.indexOf(piece, at + 1);
      expect(next, `"${piece}" after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
    // The second task shares the first one's merged leader cell, so the name is written once in the table.
    expect(text.split('刘建华').length - 1).toBe(1);
  });

  it('lays the page out per GB/T 9704 with a repeated table header and page numbers', async () => {
    const parts = readZip(await writePlanDocx(plan));
    const document = parts.get('word/document.xml')!.toString();
    expect(document).toContain('<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"');
    expect(document).toMatch(/<w:pgSz w:w="1190\d" w:h="1683\d" w:orient="portrait"\/>/);
    expect(document).toMatch(/<w:pgSz w:w="1683\d" w:h="1190\d" w:orient="landscape"\/>/);
    expect(document).toContain('<w:tblHeader/>');
    expect(document).toContain('w:vMerge w:val="restart"');
    expect(document).toContain('<w:spacing w:line="560" w:lineRule="exact"/>');
    expect(document).toContain('w:eastAsia="方正小标宋简体"');
    expect(document).toContain('w:eastAsia="黑体"');
    expect(document).toContain('w:eastAsia="楷体_GB2312"');
    expect(document).toContain('<w:sz w:val="44"/>');
    const footers = [...parts].filter(([name]) => /^word\/footer\d+\.xml$/.test(name)).map(([, xml]) => xml.toString());
    expect(footers.length).toBeGreaterThanOrEqual(2);
    for (const footer of footers) {
      expect(footer).toContain('— ');
      expect(footer).toContain('PAGE');
    }
    expect(parts.get('word/settings.xml')!.toString()).toContain('<w:evenAndOddHeaders/>');
  });

  it('writes a plan without a table, number or signature', async () => {
    const buffer = await writePlanDocx({ title: '实施方案', nodes: [{ marker: '一、', heading: '目标' }] });
    const text = (await mammoth.extractRawText({ buffer })).value;
    expect(text).toContain('实施方案');
    expect(text).toContain('一、目标');
    expect(text).not.toContain('附件');
  });
});
