import { AlignmentType, Document, LevelFormat, LevelSuffix, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { describe, expect, it } from 'vitest';
import { formatListNumber, labelNumberedParagraphs, readListDefinitions } from './documents.docx-numbering.ts';
import { extractDocumentText } from './documents.extract.ts';
import { parseDocumentText } from './documents.parse.domain.ts';
import { renderOutline } from './documents.render.domain.ts';
import { halves } from '../../lib/bilingual.ts';

type Numbered = { reference: string; level: number; instance?: number };
const p = (text: string, numbering?: Numbered) => new Paragraph({ text, numbering });

async function docxOf(levels: Record<string, { format: (typeof LevelFormat)[keyof typeof LevelFormat]; text: string; suffix?: (typeof LevelSuffix)[keyof typeof LevelSuffix] }[]>, children: (Paragraph | Table)[]) {
  const config = Object.entries(levels).map(([reference, ls]) => ({
    reference,
    levels: ls.map((l, level) => ({ level, alignment: AlignmentType.LEFT, ...l })),
  }));
  return new Uint8Array(await Packer.toBuffer(new Document({ numbering: { config }, sections: [{ children }] })));
}

const OUTLINE = [
  { format: LevelFormat.CHINESE_COUNTING, text: '%1、' },
  { format: LevelFormat.CHINESE_COUNTING, text: '（%2）' },
  { format: LevelFormat.DECIMAL, text: '%3.' },
  { format: LevelFormat.DECIMAL, text: '（%4）' },
];

describe('Word list numbering in a .docx', () => {
  it('recovers 一、/（一）/1./（1） numbers as Word shows them, restarting inner levels under each part, with manual numbers and bullets mixed in', async () => {
    const o = (level: number) => ({ reference: 'outline', level });
    const bytes = await docxOf({ outline: OUTLINE, bullets: [{ format: LevelFormat.BULLET, text: '•' }] }, [
      p('某市人民政府关于推进制造业高质量发展的实施意见'),
      p('为加快建设制造强市，现提出如下意见。'),
      p('总体要求', o(0)),
      p('坚持稳中求进工作总基调。'),
      p('指导思想。坚持新发展理念。', o(1)),
      p('工作目标。到2025年，规模以上工业增加值年均增长6%。', o(1)),
      p('重点任务', o(0)),
      p('推进产业升级。', o(1)),
      p('培育龙头企业。支持企业兼并重组。', o(2)),
      p('打造产业集群。', o(2)),
      p('新能源汽车集群；', o(3)),
      p('集成电路集群。', o(3)),
      p('3.完善配套服务。由各区负责。'), // typed by hand after two automatic items
      p('加强要素保障。', o(1)),
      p('保障用地。', o(2)),
      p('重点保障的项目包括：'),
      p('智能制造产业园', { reference: 'bullets', level: 0 }),
      p('新材料基地', { reference: 'bullets', level: 0 }),
      p('保障措施', o(0)),
      p('（一）强化组织领导。成立领导小组。'),
      p('（二）加强督促检查。'),
    ]);
    const extracted = await extractDocumentText(bytes, '实施意见.docx');
    expect(extracted.warnings).toEqual([]);
    expect(extracted.text.split('\n')).toEqual([
      '某市人民政府关于推进制造业高质量发展的实施意见',
      '为加快建设制造强市，现提出如下意见。',
      '一、总体要求',
      '坚持稳中求进工作总基调。',
      '（一）指导思想。坚持新发展理念。',
      '（二）工作目标。到2025年，规模以上工业增加值年均增长6%。',
      '二、重点任务',
      '（一）推进产业升级。',
      '1. 培育龙头企业。支持企业兼并重组。',
      '2. 打造产业集群。',
      '（1）新能源汽车集群；',
      '（2）集成电路集群。',
      '3.完善配套服务。由各区负责。',
      '（二）加强要素保障。',
      '1. 保障用地。',
      '重点保障的项目包括：',
      '智能制造产业园',
      '新材料基地',
      '三、保障措施',
      '（一）强化组织领导。成立领导小组。',
      '（二）加强督促检查。',
    ]);
    const doc = parseDocumentText(extracted.text);
    expect(doc.warnings).toEqual([]);
    expect(renderOutline(doc).split('\n').filter((line) => /[├└]─/.test(line))).toEqual([
      '├─ 一、总体要求',
      '│  ├─ （一）指导思想',
      '│  └─ （二）工作目标',
      '├─ 二、重点任务',
      '│  ├─ （一）推进产业升级',
      '│  │  ├─ 1.培育龙头企业',
      '│  │  ├─ 2.打造产业集群',
      '│  │  │  ├─ （1）新能源汽车集群',
      '│  │  │  └─ （2）集成电路集群',
      '│  │  └─ 3.完善配套服务',
      '│  └─ （二）加强要素保障',
      '│     └─ 1.保障用地',
      '└─ 三、保障措施',
      '   ├─ （一）强化组织领导',
      '   └─ （二）加强督促检查',
    ]);
    expect(doc.nodes[1].children[1].children[0].text).toBe('重点保障的项目包括：\n智能制造产业园\n新材料基地');
  });

  it('numbers 第%1章 and 第%1条 as two lists, articles running on across chapters, with ① items and numbers in table cells', async () => {
    const bytes = await docxOf(
      {
        chapter: [{ format: LevelFormat.CHINESE_COUNTING, text: '第%1章', suffix: LevelSuffix.SPACE }],
        article: [{ format: LevelFormat.CHINESE_COUNTING, text: '第%1条', suffix: LevelSuffix.SPACE }],
        circled: [{ format: LevelFormat.DECIMAL_ENCLOSED_CIRCLE_CHINESE, text: '%1', suffix: LevelSuffix.NOTHING }],
        stems: [{ format: LevelFormat.IDEOGRAPH_TRADITIONAL, text: '%1、' }],
      },
      [
        p('某市优化营商环境条例'),
        p('总则', { reference: 'chapter', level: 0 }),
        p('为了持续优化营商环境，制定本条例。', { reference: 'article', level: 0 }),
        p('本条例适用于本市行政区域内优化营商环境工作。', { reference: 'article', level: 0 }),
        p('市场环境', { reference: 'chapter', level: 0 }),
        p('市场主体享有下列权利：', { reference: 'article', level: 0 }),
        p('平等使用生产要素；', { reference: 'circled', level: 0 }),
        p('公平参与市场竞争。', { reference: 'circled', level: 0 }),
        p('各级人民政府应当依法保护市场主体。', { reference: 'article', level: 0 }),
        new Table({ rows: [new TableRow({ children: [new TableCell({ children: [p('市级', { reference: 'stems', level: 0 })] }), new TableCell({ children: [p('区级', { reference: 'stems', level: 0 })] })] })] }),
      ],
    );
    const extracted = await extractDocumentText(bytes, '条例.docx');
    expect(extracted.tables[0].rows).toEqual([{ kind: 'row', cells: ['甲、市级', '乙、区级'], sourceLine: 0 }]);
    const doc = parseDocumentText(extracted.text);
    expect(doc.nodes.map((c) => [c.marker, c.heading, c.children.map((a) => a.marker)])).toEqual([
      ['第一章', '总则', ['第一条', '第二条']],
      ['第二章', '市场环境', ['第三条', '第四条']],
    ]);
    const third = doc.nodes[1].children[0];
    expect(third.text.startsWith('市场主体享有下列权利：')).toBe(true);
    expect(third.children.map((c) => c.label)).toEqual(['①平等使用生产要素；', '②公平参与市场竞争。']);
  });

  it('starts a list again where Word restarts it (a new list instance), and keeps counting where it continues', async () => {
    const item = (text: string, instance: number) => p(text, { reference: 'items', level: 0, instance });
    const bytes = await docxOf({ items: [{ format: LevelFormat.DECIMAL, text: '%1.' }] }, [
      item('甲项', 1), item('乙项', 1), p('正文'), item('丙项', 1), item('丁项', 2), item('戊项', 2),
    ]);
    const { text } = await extractDocumentText(bytes, 'restart.docx');
    expect(text.split('\n')).toEqual(['1. 甲项', '2. 乙项', '正文', '3. 丙项', '1. 丁项', '2. 戊项']);
  });

  it('warns only about the paragraphs whose numbers it cannot write', async () => {
    const bytes = await docxOf({ words: [{ format: LevelFormat.ORDINAL_TEXT, text: '%1:' }], items: [{ format: LevelFormat.DECIMAL, text: '%1.' }] }, [
      p('First point', { reference: 'words', level: 0 }), p('Second point', { reference: 'words', level: 0 }), p('numbered', { reference: 'items', level: 0 }),
    ]);
    const { text, warnings } = await extractDocumentText(bytes, 'ordinal.docx');
    expect(text.split('\n')).toEqual(['First point', 'Second point', '1. numbered']);
    expect(warnings.map((w) => ({ ...w, message: halves(w.message).en }))).toEqual([{ line: 1, message: '2 paragraphs numbered by Word list numbering lost their numbers (number format "ordinalText")' }]);
  });
});

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const body = (...paragraphs: string[]) => `<w:document ${W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>${paragraphs.join('')}</w:body></w:document>`;
const para = (text: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}<w:r><w:t>${text}</w:t></w:r></w:p>`;
const numPr = (numId: number, ilvl?: number) => `<w:numPr>${ilvl === undefined ? '' : `<w:ilvl w:val="${ilvl}"/>`}<w:numId w:val="${numId}"/></w:numPr>`;
const lvl = (ilvl: number, fmt: string, text: string, extra = '') => `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;

/** The first text of each paragraph as the document reads after labelling. */
function labels(documentXml: string, numberingXml: string, stylesXml: string | null = null): string[] {
  const { xml } = labelNumberedParagraphs(documentXml, readListDefinitions(numberingXml, stylesXml));
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>/g)].map((m) => [...m[1].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
}

describe('labelNumberedParagraphs (Word counting rules)', () => {
  it('numbers heading styles that carry the list, finding the level from w:pStyle in the list', () => {
    const numbering = `<w:numbering ${W}><w:abstractNum w:abstractNumId="0">${lvl(0, 'chineseCounting', '第%1章', '<w:pStyle w:val="Heading1"/><w:suff w:val="space"/>')}${lvl(1, 'chineseCounting', '第%2节', '<w:pStyle w:val="Heading2"/><w:suff w:val="space"/>')}</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
    const styles = `<w:styles ${W}><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/></w:style><w:style w:type="paragraph" w:styleId="Plain"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style></w:styles>`;
    const doc = body(
      para('总则', '<w:pStyle w:val="Heading1"/>'),
      para('一般规定', '<w:pStyle w:val="Heading2"/>'),
      para('特别规定', '<w:pStyle w:val="Heading2"/>'),
      para('不编号的标题', '<w:pStyle w:val="Plain"/>'),
      para('附则', '<w:pStyle w:val="Heading1"/>'),
      para('施行日期', '<w:pStyle w:val="Heading2"/>'),
    );
    expect(labels(doc, numbering, styles)).toEqual(['第一章 总则', '第一节 一般规定', '第二节 特别规定', '不编号的标题', '第二章 附则', '第一节 施行日期']);
  });

  it('follows w:lvlRestart, w:isLgl and a list defined through a numbering style', () => {
    const numbering = `<w:numbering ${W}>
      <w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="Outline"/></w:abstractNum>
      <w:abstractNum w:abstractNumId="2"><w:styleLink w:val="Outline"/>${lvl(0, 'upperRoman', '%1.')}${lvl(1, 'decimal', '%1.%2', '<w:isLgl/><w:lvlRestart w:val="0"/>')}${lvl(2, 'lowerLetter', '%3)', '<w:lvlRestart w:val="1"/>')}</w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num></w:numbering>`;
    const styles = `<w:styles ${W}><w:style w:type="numbering" w:styleId="Outline"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style></w:styles>`;
    const doc = body(
      para('A', numPr(1, 0)), para('B', numPr(1, 1)), para('C', numPr(1, 2)), para('D', numPr(1, 1)), para('E', numPr(1, 2)),
      para('F', numPr(1, 0)), para('G', numPr(1, 1)), para('H', numPr(1, 2)),
    );
    // Level 2 does not restart under level 1 (lvlRestart 1); level 1 never restarts (lvlRestart 0).
    expect(labels(doc, numbering, styles)).toEqual(['I. A', '1.1 B', 'a) C', '1.2 D', 'b) E', 'II. F', '2.3 G', 'a) H']);
  });

  it('shares counters between nums of one list unless a num overrides the start', () => {
    const numbering = `<w:numbering ${W}><w:abstractNum w:abstractNumId="0">${lvl(0, 'decimal', '%1、')}</w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num></w:numbering>`;
    const doc = body(para('a', numPr(1, 0)), para('b', numPr(2, 0)), para('c', numPr(3, 0)), para('d', numPr(3)), para('e', numPr(1, 0)), para('f', numPr(9, 0)));
    expect(labels(doc, numbering)).toEqual(['1、a', '2、b', '5、c', '6、d', '3、e', 'f']);
  });

  it('labels the fallback copy of a text box (the one mammoth reads) once, and reports formats it cannot write', () => {
    const numbering = `<w:numbering ${W}><w:abstractNum w:abstractNumId="0">${lvl(0, 'decimal', '%1.')}</w:abstractNum><w:abstractNum w:abstractNumId="1">${lvl(0, 'ordinalText', '%1')}</w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`;
    const box = (text: string) => `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:txbxContent>${para(text, numPr(1, 0))}</w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>${para(text, numPr(1, 0))}</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>`;
    const doc = body(para('前', numPr(1, 0)), `<w:p>${box('框内')}</w:p>`, para('后', numPr(1, 0)), para('first', numPr(2, 0)));
    const result = labelNumberedParagraphs(doc, readListDefinitions(numbering, null));
    expect(result.xml).toContain('<mc:Choice Requires="wps"><w:txbxContent><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">2. </w:t></w:r>');
    expect(result.xml).toContain('<mc:Fallback><w:txbxContent><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">2. </w:t></w:r>');
    expect(result.xml).toContain('<w:t xml:space="preserve">3. </w:t></w:r><w:r><w:t>后</w:t>');
    expect(result.labelled).toBe(4);
    expect(result.missing).toEqual(new Map([['number format "ordinalText"', 1]]));
  });
});

describe('formatListNumber', () => {
  it('writes numbers the way Word draws each format', () => {
    const in_ = (format: string, ...values: number[]) => values.map((v) => formatListNumber(v, format));
    expect(in_('chineseCounting', 1, 10, 11, 20, 21, 99, 105)).toEqual(['一', '十', '十一', '二十', '二十一', '九十九', '一〇五']);
    expect(in_('chineseCountingThousand', 10, 100, 105, 110, 1010)).toEqual(['十', '一百', '一百零五', '一百一十', '一千零一十']);
    expect(in_('japaneseCounting', 10, 105, 1000)).toEqual(['十', '百五', '千']);
    expect(in_('chineseLegalSimplified', 3, 12)).toEqual(['叁', '壹拾贰']);
    expect(in_('ideographTraditional', 1, 3, 10)).toEqual(['甲', '丙', '癸']);
    expect(in_('decimalEnclosedCircleChinese', 1, 20, 21)).toEqual(['①', '⑳', '21']);
    expect(in_('decimalZero', 7, 12)).toEqual(['07', '12']);
    expect(in_('decimalFullWidth', 12)).toEqual(['１２']);
    expect(in_('lowerLetter', 1, 26, 27)).toEqual(['a', 'z', 'aa']);
    expect(in_('upperRoman', 4, 9, 14)).toEqual(['IV', 'IX', 'XIV']);
    expect(in_('bullet', 3)).toEqual(['']);
    expect(in_('ordinalText', 3)).toEqual([null]);
  });
});
