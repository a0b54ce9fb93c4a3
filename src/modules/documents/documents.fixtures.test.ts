import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocumentText } from './documents.parse.domain.ts';
import type { DocumentNode, ParsedDocument } from './documents.types.ts';
import { DECISION_PARTS, generateDecision } from '../../../test/fixtures/documents/decision-generator.ts';
import { layOutAsPdfText } from '../../../test/fixtures/documents/pdf-layout.ts';
import { halves } from '../../lib/bilingual.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`../../../test/fixtures/documents/${name}`, import.meta.url), 'utf8');
const flatten = (nodes: DocumentNode[]): DocumentNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);
/** What a reader sees of the tree: markers, headings, text and nesting, without source positions. */
const shape = (nodes: DocumentNode[]): unknown =>
  nodes.map((n) => ({ marker: n.marker, heading: n.heading, text: n.text, kind: n.kind, children: shape(n.children) }));

describe('a Third-Plenum-style decision: 15 parts, 60 articles numbered （1）…（60） across them', () => {
  for (const every of [0, 4]) {
    it(every ? 'with some headings on a line of their own' : 'with heading and text in one paragraph', () => {
      const doc = parseDocumentText(generateDecision({ headingOnOwnLineEvery: every }));
      expect(doc.nodes).toHaveLength(15);
      expect(doc.nodes.map((n) => n.heading)).toEqual(DECISION_PARTS.map((p) => p.heading));
      const articles = doc.nodes.flatMap((n) => n.children);
      expect(articles.map((a) => a.marker)).toEqual(Array.from({ length: 60 }, (_, i) => `（${i + 1}）`));
      expect(articles.map((a) => a.ordinal)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(articles.map((a) => a.heading)).toEqual(DECISION_PARTS.flatMap((p) => p.articles));
      expect(new Set(articles.map((a) => a.level))).toEqual(new Set([2]));
      expect(new Set(articles.map((a) => a.kind))).toEqual(new Set(['article']));
      expect(articles.every((a) => a.children.length === 0 && a.text.length > 100 && !a.text.includes('\n'))).toBe(true);
      expect(doc.nodes[1].children[0]).toMatchObject({ marker: '（5）', heading: '坚持和落实“两个毫不动摇”' });
      expect(doc).toMatchObject({ title: '中共中央关于进一步全面深化改革　推进中国式现代化的决定', issuer: '中共中央', date: '2024-07-18', dateText: '2024年7月18日', docNumber: null });
      expect(doc.preamble).toMatch(/^为贯彻落实党的二十大/);
      expect(doc.closing).toMatch(/^全党全军全国各族人民要/);
      expect(articles[59].text).not.toContain('全党全军');
      expect(doc.warnings).toEqual([]);
    });
  }
});

describe('the same decision as the text layer of a printed PDF', () => {
  const clean = generateDecision({ headingOnOwnLineEvery: 5, sentencesPerArticle: 4 });
  const reference = parseDocumentText(clean);
  const essence = (d: ParsedDocument) => ({ title: d.title, date: d.date, preamble: d.preamble, closing: d.closing, nodes: shape(d.nodes) });

  it.each([
    { width: 28, indent: false, pageBreaks: true },
    { width: 28, indent: true, pageBreaks: false },
    { width: 28, indent: false, pageBreaks: false },
    { width: 33, indent: true, pageBreaks: true },
    { width: 22, indent: false, pageBreaks: false },
  ])('reads the same at %o', (layout) => {
    const text = layOutAsPdfText(clean, layout);
    expect(text).toContain('- 3 -');
    const doc = parseDocumentText(text);
    expect(essence(doc)).toEqual(essence(reference));
    expect(doc.warnings.map((w) => w.message)).toEqual([expect.stringContaining('running header/footer removed: "中共中央文件汇编"')]);
  });
});

describe('a municipal decision: 6 parts and 22 articles', () => {
  const doc = parseDocumentText(fixture('municipal-decision-6-parts.md'));

  it('joins the title written over two lines and reads the adoption line', () => {
    expect(doc.title).toBe('中共天津市委关于深入学习贯彻党的二十届三中全会精神进一步全面深化改革推进中国式现代化天津实践的决定');
    expect(doc).toMatchObject({ issuer: '中共天津市委', date: '2024-08-02', docNumber: null, addressee: null });
  });

  it('numbers articles continuously under the parts and keeps multi-paragraph articles whole', () => {
    expect(doc.nodes.map((n) => n.children.length)).toEqual([3, 3, 4, 3, 3, 6]);
    const a5 = doc.nodes[1].children[1];
    expect(a5).toMatchObject({ marker: '（5）', heading: '融入和服务全国统一大市场建设', label: '（5）融入和服务全国统一大市场建设。' });
    expect(a5.text.split('\n')).toHaveLength(2);
    expect(doc.nodes[1].children[0].heading).toBe('坚持和落实“两个毫不动摇”');
  });

  it('keeps the closing call out of article （22）', () => {
    expect(doc.closing).toMatch(/^全市各级党组织和广大党员干部要/);
    expect(doc.nodes[5].children[5].text).toBe('对在改革中出现的失误错误，按规定予以容错免责。');
  });
});

describe('a regulation with chapters, sections and articles (第一章 / 第一节 / 第一条)', () => {
  const doc = parseDocumentText(fixture('regulation-chapters.txt'));
  const all = flatten(doc.nodes);

  it('nests articles under sections where there are sections and under chapters where there are none', () => {
    expect(doc.nodes.map((n) => `${n.marker}${n.heading}`)).toEqual(['第一章总则', '第二章市场环境', '第三章政务服务', '第四章附则']);
    expect(doc.nodes[1].children.map((n) => n.marker)).toEqual(['第一节', '第二节']);
    expect(doc.nodes[1].children[0].children.map((n) => n.marker)).toEqual(['第四条', '第五条']);
    expect(doc.nodes[2].children.map((n) => n.marker)).toEqual(['第八条', '第九条']);
    expect(all.filter((n) => n.kind === 'article').map((n) => n.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('gives articles no heading unless one is bracketed, and puts their items under them', () => {
    const first = doc.nodes[0].children[0];
    expect(first).toMatchObject({ marker: '第一条', heading: '', kind: 'article', label: '第一条' });
    expect(first.text).toMatch(/^为了持续优化营商环境/);
    expect(doc.nodes[1].children[0].children[1]).toMatchObject({ marker: '第五条', heading: '企业开办' });
    const art3 = doc.nodes[0].children[2];
    expect(art3.children.map((c) => [c.marker, c.heading, c.kind])).toEqual([
      ['（一）', '市场化、法治化、国际化', 'item'],
      ['（二）', '平等保护各类市场主体', 'item'],
      ['（三）', '政府引导、社会参与、协同推进', 'item'],
    ]);
    expect(doc.nodes[2].children[1].children.map((c) => c.marker)).toEqual(['1．', '2．', '3．']);
    expect(doc.nodes[0].children[1].text.split('\n')).toHaveLength(2);
  });

  it('reads the adoption line and has no closing: the last article is an article', () => {
    expect(doc).toMatchObject({ title: '天津市优化营商环境条例', date: '2019-07-31', issuer: '天津市第十七届人民代表大会常务委员会', closing: '', preamble: '' });
    expect(doc.nodes[3].children[0].text).toBe('本条例自2019年9月1日起施行。');
    expect(doc.warnings).toEqual([]);
  });
});

describe('text extracted from a printed PDF', () => {
  const clean = parseDocumentText(fixture('opinion-clean.txt'));
  const essence = (d: ParsedDocument) => ({
    title: d.title, docNumber: d.docNumber, issuer: d.issuer, date: d.date, addressee: d.addressee,
    preamble: d.preamble, closing: d.closing, nodes: shape(d.nodes),
  });

  it('reads the same as the clean text despite Kangxi radicals, page numbers, running headers, hard wraps and a doubled heading', () => {
    const pdfText = fixture('opinion-pdf-extracted.txt');
    expect(pdfText).toContain('⼀、总体要求');
    expect(pdfText).toContain('— 2 —');
    const doc = parseDocumentText(pdfText);
    expect(essence(doc)).toEqual(essence(clean));
    expect(doc.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('天津市人民政府公报'), expect.stringContaining('repeated line')]),
    );
  });

  it('still finds the running headers when the page breaks were lost', () => {
    const doc = parseDocumentText(fixture('opinion-pdf-extracted.txt').replace(/\f/g, ''));
    expect(essence(doc)).toEqual(essence(clean));
  });

  it('reads the clean text as an opinion with three levels and a closing', () => {
    expect(clean).toMatchObject({
      title: '天津市人民政府办公厅关于加快推进产业链协同发展的实施意见',
      docNumber: '津政办发〔2024〕15号',
      issuer: '天津市人民政府办公厅',
      date: '2024-03-15',
      addressee: '各区人民政府，市政府各委、办、局',
      closing: '各区人民政府、各有关部门要结合实际制定具体落实措施，于2024年6月底前报市发展改革委。',
    });
    const t3 = clean.nodes[1].children[0];
    expect(t3).toMatchObject({ marker: '（三）', heading: '实施产业链补链行动', text: '', kind: 'article' });
    expect(t3.children.map((c) => [c.marker, c.heading, c.kind, c.level])).toEqual([
      ['1．', '梳理产业链堵点', 'item', 3],
      ['2．', '开展精准招商', 'item', 3],
    ]);
  });
});

describe('a notice wrapping a plan (印发…的通知) with four levels and an annex table', () => {
  const doc = parseDocumentText(fixture('plan-with-covering-notice.md'));

  it('separates the covering notice, reads the red header and a date in Chinese numerals', () => {
    expect(doc).toMatchObject({
      title: '天津市人民政府关于印发《天津市制造业高质量发展行动方案（2024—2026年）》的通知',
      docNumber: '津政发〔2024〕7号',
      issuer: '天津市人民政府',
      date: '2024-04-18',
      dateText: '二〇二四年四月十八日',
      embeddedTitle: '天津市制造业高质量发展行动方案（2024—2026年）',
      preamble: '为深入实施制造业立市战略，加快建设全国先进制造研发基地，制定本行动方案。',
      // The 附件说明 above the signature closes the text; the annex itself follows it.
      closing: '本方案自印发之日起施行，有效期至2026年12月31日。\n附件：重点任务分工表',
    });
    expect(doc.coveringNotice).toBe('各区人民政府，市政府各委、办、局\n现将《天津市制造业高质量发展行动方案（2024—2026年）》印发给你们，请认真贯彻落实。');
  });

  it('nests 一、 › （一） › 1． › （1）', () => {
    const t = doc.nodes[1].children[0];
    expect(t.children[0]).toMatchObject({ marker: '1．', heading: '做强信创产业', level: 3 });
    expect(t.children[0].children.map((c) => [c.marker, c.heading, c.level, c.kind])).toEqual([
      ['（1）', '提升整机能力', 4, 'item'],
      ['（2）', '完善软件生态', 4, 'item'],
    ]);
    // （一） restarts under part 三 and that is no numbering problem
    expect(doc.nodes[2].children.map((c) => c.marker)).toEqual(['（一）', '（二）']);
    expect(doc.warnings).toEqual([]);
  });

  it('reads the annex table with its group rows', () => {
    expect(doc.nodes.slice(3).map((n) => [n.marker, n.heading, n.kind])).toEqual([['附件', '', 'annex']]);
    expect(doc.tables).toHaveLength(1);
    expect(doc.tables[0]).toMatchObject({
      title: '重点任务分工表',
      annex: '附件',
      headers: ['序号', '重点任务', '牵头单位', '责任单位', '完成时限'],
    });
    expect(doc.tables[0].rows.map((r) => (r.kind === 'group' ? `# ${r.text}` : r.cells[0]))).toEqual([
      '# 一、壮大先进制造业集群', '1', '2', '# 二、推动产业数字化转型', '3',
    ]);
  });
});

describe('numbering and layout variants', () => {
  it('warns about gaps and duplicates with the line they are on', () => {
    const doc = parseDocumentText(['一、甲', '（一）子一。', '（二）子二。', '（二）子二again。', '二、乙', '（五）子五。', '四、丁'].join('\n'));
    expect(doc.warnings.map((w) => ({ ...w, message: halves(w.message).en }))).toEqual([
      { line: 4, message: 'duplicate number （二） (also at line 3)' },
      { line: 6, message: 'numbering jumps from （二） to （五） (expected （三）)' },
      { line: 7, message: 'numbering jumps from 二、 to 四、 (expected 三、)' },
    ]);
  });

  it('keeps numbered lines before the first part in the preamble', () => {
    const doc = parseDocumentText(['关于加强管理的意见', '近年来取得三方面成效：', '1．制度更加健全；', '2．监管更加有力。', '一、总体要求', '（一）目标。做好工作。', '二、保障措施', '（二）组织。加强领导。'].join('\n'));
    expect(doc.preamble).toBe('近年来取得三方面成效：\n1．制度更加健全；\n2．监管更加有力。');
    expect(doc.nodes.map((n) => n.marker)).toEqual(['一、', '二、']);
  });

  it('follows the document when a senior-looking style first appears right under another heading', () => {
    const doc = parseDocumentText(['1．总体要求', '（一）指导思想。坚持……', '（二）工作目标。到2025年……', '2．重点任务', '（一）强化创新。推动……'].join('\n'));
    expect(doc.nodes.map((n) => [n.marker, n.children.map((c) => c.marker)])).toEqual([
      ['1．', ['（一）', '（二）']],
      ['2．', ['（一）']],
    ]);
  });

  it('reads half-width, full-width and circled markers', () => {
    const doc = parseDocumentText(['一. 总体要求', '(一) 目标', '1. 第一项', '2、第二项', '３．第三项', '(1) 细项', '① 子项', '② 子项'].join('\n'));
    const all = flatten(doc.nodes);
    expect(all.map((n) => [n.marker, n.level, n.ordinal])).toEqual([
      ['一.', 1, 1], ['(一)', 2, 1], ['1.', 3, 1], ['2、', 3, 2], ['３．', 3, 3], ['(1)', 4, 1], ['①', 5, 1], ['②', 5, 2],
    ]);
    expect(all[0].heading).toBe('总体要求');
  });

  it('does not take numbers in sentences for markers', () => {
    const doc = parseDocumentText(['一、目标', '1.5万亿元的投资规模。', '2024年完成。', '一、二级医院全覆盖。', '第一条腿走路的说法。', '附件中所列事项。'].join('\n'));
    expect(doc.nodes).toHaveLength(1);
    expect(doc.nodes[0].text.split('\n')).toHaveLength(5);
  });

  it('joins a heading that a line break split after a word that cannot end it', () => {
    const doc = parseDocumentText(['一、总体要求', '（一）构建全国统一大市场和完善要素市场化配置的', '体制机制。加快建设高效规范的全国统一大市场。', '（二）目标。'].join('\n'));
    expect(doc.nodes[0].children[0]).toMatchObject({ heading: '构建全国统一大市场和完善要素市场化配置的体制机制', text: '加快建设高效规范的全国统一大市场。' });
  });

  it('joins a marker standing alone on its line with its heading', () => {
    const doc = parseDocumentText(['一、', '总体要求', '（一）', '指导思想。坚持……'].join('\n'));
    expect(flatten(doc.nodes).map((n) => [n.marker, n.heading, n.text])).toEqual([
      ['一、', '总体要求', ''],
      ['（一）', '指导思想', '坚持……'],
    ]);
  });

  it('warns when there is no numbered structure and keeps the text in the preamble', () => {
    const doc = parseDocumentText('关于开展调研的通知\n各单位：\n请于本周内报送材料。\n特此通知。');
    expect(doc.nodes).toEqual([]);
    expect(doc.preamble).toBe('请于本周内报送材料。\n特此通知。');
    expect(doc.warnings[0].message).toContain('no numbered structure');
  });
});

describe('more of what real documents contain', () => {
  it('skips a table of contents that repeats the chapter headings', () => {
    const doc = parseDocumentText(['天津市产业发展规划', '目　录', '第一章　发展基础……1', '第二章　主要任务……5', '第一章　发展基础', '过去五年取得显著成效。', '第二章　主要任务', '一、做强产业链', '（一）补链。加快补链。'].join('\n'));
    expect(doc.nodes.map((n) => [n.marker, n.heading, n.sourceLine])).toEqual([
      ['第一章', '发展基础', 5],
      ['第二章', '主要任务', 7],
    ]);
    expect(doc.nodes[1].children[0].children[0]).toMatchObject({ marker: '（一）', heading: '补链', kind: 'item' });
    expect(doc.warnings.map((w) => ({ ...w, message: halves(w.message).en }))).toEqual([{ line: 2, message: 'table of contents skipped (2 entries)' }]);
  });

  it('ends a notice with 特此通知 as its closing', () => {
    const doc = parseDocumentText(['关于开展检查的通知', '各单位：', '一、检查内容', '（一）安全生产。', '（二）消防设施。', '二、工作要求', '请于6月底前报送检查报告。', '特此通知。', '天津市应急管理局', '2024年5月8日'].join('\n'));
    expect(doc.closing).toBe('特此通知。');
    expect(doc.nodes[1].text).toBe('请于6月底前报送检查报告。');
    expect(doc).toMatchObject({ issuer: '天津市应急管理局', date: '2024-05-08', addressee: '各单位' });
  });
});

describe('annexes', () => {
  it('takes the levels from the body, not from a plan in the annex', () => {
    const doc = parseDocumentText(['关于做好评估工作的通知', '各区人民政府：', '（一）明确评估范围。全面评估。', '（二）规范评估程序。依法评估。', '附件：评估方案', '附件', '评估方案', '一、评估内容', '（一）目标完成情况。', '二、评估方式'].join('\n'));
    expect(doc.preamble).toBe('');
    expect(doc.nodes.map((n) => [n.marker, n.kind, n.children.map((c) => c.marker)])).toEqual([
      ['（一）', 'article', []],
      ['（二）', 'article', []],
      ['附件', 'annex', ['一、', '二、']],
    ]);
    expect(doc.nodes[2].children[0].children.map((c) => c.marker)).toEqual(['（一）']);
    expect(doc.closing).toBe('附件：评估方案');
  });

  it('reads the 附件说明 (附件：1.… 2.…) above the annexes as a note, not as one more annex', () => {
    const doc = parseDocumentText(
      ['关于做好评估工作的通知', '各区人民政府：', '一、明确评估范围', '全面评估。', '二、规范评估程序', '依法评估。', '附件：1.评估方案', '2.评估指标', '某区人民政府', '2024年5月8日', '附件1', '评估方案', '一、评估内容', '附件2', '评估指标', '一、指标体系'].join('\n'),
    );
    expect(doc.nodes.map((n) => [n.marker, n.kind])).toEqual([
      ['一、', 'article'],
      ['二、', 'article'],
      ['附件1', 'annex'],
      ['附件2', 'annex'],
    ]);
    expect(doc.closing).toBe('附件：1.评估方案\n2.评估指标');
    expect(doc.nodes[1].text).toBe('依法评估。');
  });

  it('keeps a lone 附件： line as the annex when the annex itself is not in the text', () => {
    const doc = parseDocumentText(['关于做好评估工作的通知', '各区人民政府：', '一、明确评估范围', '全面评估。', '二、规范评估程序', '依法评估。', '附件：评估方案（略）'].join('\n'));
    expect(doc.nodes.map((n) => n.marker)).toEqual(['一、', '二、', '附件']);
  });
});

describe('a forwarded plan (转发…的通知) with titles over several lines', () => {
  const doc = parseDocumentText([
    '市政府办公厅关于转发市发展改革委', '天津市推动京津冀产业协同发展', '工作方案的通知', '津政办发〔2024〕9号', '各区人民政府，市政府各委、办、局：',
    '市发展改革委《天津市推动京津冀产业协同发展工作方案》已经市人民政府同意，现转发给你们，请照此执行。', '天津市人民政府办公厅', '2024年6月3日',
    '天津市推动京津冀产业协同发展', '工作方案', '为推动协同发展，制定本方案。', '一、工作目标', '到2025年，协同水平明显提升。', '二、重点任务',
    '1．共建产业链。围绕六条产业链开展协作。', '2．共建平台。建设一批协同平台。', '三、保障措施', '加强组织领导。',
  ].join('\n'));

  it('joins the titles and separates the notice from the plan', () => {
    expect(doc).toMatchObject({
      title: '市政府办公厅关于转发市发展改革委天津市推动京津冀产业协同发展工作方案的通知',
      embeddedTitle: '天津市推动京津冀产业协同发展工作方案',
      preamble: '为推动协同发展，制定本方案。',
      issuer: '天津市人民政府办公厅',
      date: '2024-06-03',
    });
    expect(doc.coveringNotice).toMatch(/现转发给你们，请照此执行。$/);
    expect(doc.nodes[1].children.map((c) => [c.marker, c.heading, c.level])).toEqual([['1．', '共建产业链', 2], ['2．', '共建平台', 2]]);
  });
});
