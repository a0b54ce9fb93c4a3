import { describe, expect, it } from 'vitest';
import { formatMarker, matchMarker, toChineseNumber } from './documents.numbering.domain.ts';
import { normalizeChars, parseNumber } from './documents.text.domain.ts';
import { findDate } from './documents.dates.domain.ts';
import { splitHeading } from './documents.heading.domain.ts';
import { closeUpSpacing, isPageNumber } from './documents.lines.domain.ts';
import { parseDocumentText } from './documents.parse.domain.ts';
import { halves } from '../../lib/bilingual.ts';

describe('matchMarker', () => {
  it.each([
    ['一、总体要求', 'cn-dun', '一、', 1, '总体要求'],
    ['十五、加强党的领导', 'cn-dun', '十五、', 15, '加强党的领导'],
    ['二十三．附则', 'cn-dun', '二十三．', 23, '附则'],
    ['（一）指导思想。', 'cn-paren', '（一）', 1, '指导思想。'],
    ['(十二) 健全机制', 'cn-paren', '(十二)', 12, '健全机制'],
    ['（60）以钉钉子精神抓好改革落实。', 'arabic-paren', '（60）', 60, '以钉钉子精神抓好改革落实。'],
    ['（ 5 ）构建全国统一大市场', 'arabic-paren', '（5）', 5, '构建全国统一大市场'],
    ['⑴ 第一项', 'arabic-paren', '⑴', 1, '第一项'],
    ['1.加强领导', 'arabic-dot', '1.', 1, '加强领导'],
    ['1．加强领导', 'arabic-dot', '1．', 1, '加强领导'],
    ['12、加强领导', 'arabic-dot', '12、', 12, '加强领导'],
    ['１０．加强领导', 'arabic-dot', '１０．', 10, '加强领导'],
    ['⒊ 第三项', 'arabic-dot', '⒊', 3, '第三项'],
    ['3）细化措施', 'arabic-half-paren', '3）', 3, '细化措施'],
    ['⑤完善制度', 'circled', '⑤', 5, '完善制度'],
    ['㉑完善制度', 'circled', '㉑', 21, '完善制度'],
    ['第一部分　总体要求', 'part', '第一部分', 1, '总体要求'],
    ['第三编 分则', 'part', '第三编', 3, '分则'],
    ['第二篇　坚持创新驱动发展', 'part', '第二篇', 2, '坚持创新驱动发展'],
    ['第十二章 附则', 'chapter', '第十二章', 12, '附则'],
    ['第二节　公平竞争', 'section', '第二节', 2, '公平竞争'],
    ['第一百零五条　本条例自公布之日起施行。', 'article', '第一百零五条', 105, '本条例自公布之日起施行。'],
    ['第10条 为了规范管理', 'article', '第10条', 10, '为了规范管理'],
    ['第三条为了规范管理', 'article', '第三条', 3, '为了规范管理'],
    ['附件', 'annex', '附件', 1, ''],
    ['附件2：重点任务清单', 'annex', '附件2', 2, '：重点任务清单'],
    ['附 件', 'annex', '附件', 1, ''],
  ])('%s', (text, style, marker, ordinal, rest) => {
    expect(matchMarker(text)).toEqual({ style, marker, ordinal, rest });
  });

  it.each([
    '1.5万亿元', '2024年底前完成', '一、二级医院', '1、2号线', '第一条腿', '第三条的规定', '第二章节', '第一篇章', '附件中所列', '（一）'.slice(0, 1) + '甲）', '十分重要', '', '一是加强领导', '第一，加强领导',
  ])('not a marker: %s', (text) => {
    expect(matchMarker(text)).toBeNull();
  });

  it.each(['163.com）', '163.com', '12.gov.cn/xxgk', '2024.6底前', '3.5%左右', '1．5亿元', '88.Com。', '5.@'])(
    'not a marker, a number or an address a wrap put at the start of a line: %s',
    (text) => {
      expect(matchMarker(text)).toBeNull();
    },
  );

  it.each(['（二）项规定的情形，由市场监管部门处理。', '（1）款所列事项', '(三)所列单位'])('not a marker, a citation a wrap put at the start of a line: %s', (text) => {
    expect(matchMarker(text)).toBeNull();
  });

  it.each(['（一）项目管理', '（二）目标任务', '（三）款项拨付', '（1）规定动作'])('still a marker: %s', (text) => {
    expect(matchMarker(text)).not.toBeNull();
  });

  it.each(['1.加强领导', '1. 加强领导', '1．加强领导', '2.GDP增长6%左右', '3. PPP项目'])('still a marker: %s', (text) => {
    expect(matchMarker(text)?.style).toBe('arabic-dot');
  });

  it('joins an e-mail address cut by a hard wrap instead of opening an item at it', () => {
    const lines = [
      '某区人民政府办公室关于报送重点任务落实情况的通知',
      '一、报送要求',
      '1.请各单位于每月25日前将本单位重点任务落实推进情况表（电',
      '子版）报送区政府督查室，电话：8812822，电子邮箱：jdcbk@',
      '163.com，逾期未报送的单位将予以通报，并纳入年度绩效考核',
      '评价。',
      '2.各单位要指定专人负责信息报送工作，确保报送的数据真实准',
      '确、内容完整规范，不得迟报漏报，不得弄虚作假，确保报送质',
      '量。',
    ];
    const doc = parseDocumentText(lines.join('\n'));
    expect(doc.nodes[0].children.map((n) => n.marker)).toEqual(['1.', '2.']);
    expect(doc.nodes[0].children[0].text).toContain('jdcbk@163.com，逾期');
  });

  it('writes markers back for warnings', () => {
    expect(formatMarker('cn-paren', 12)).toBe('（十二）');
    expect(formatMarker('article', 105)).toBe('第一百零五条');
    expect(formatMarker('circled', 5)).toBe('⑤');
    expect([1, 10, 11, 20, 21, 99, 100, 101, 110, 115].map(toChineseNumber)).toEqual(['一', '十', '十一', '二十', '二十一', '九十九', '一百', '一百零一', '一百一十', '一百一十五']);
  });
});

describe('numbers, characters and dates', () => {
  it('closes up the spaces PDF extraction leaves around numbers and in letter-spaced lines, not between words', () => {
    expect(closeUpSpacing('国办发〔2018〕 123 号')).toBe('国办发〔2018〕123号');
    expect(closeUpSpacing('于 2001 年 10 月 17 日通过，全市首批 100 个社区')).toBe('于2001年10月17日通过，全市首批100个社区');
    expect(closeUpSpacing('( 联 系 人 : 王 五 )')).toBe('(联系人:王五)');
    expect(closeUpSpacing('附件1 重点任务清单')).toBe('附件1 重点任务清单');
    expect(closeUpSpacing('某市财政局 某市税务局 关于做好2024年工作的通知')).toBe('某市财政局 某市税务局 关于做好2024年工作的通知');
    expect(closeUpSpacing('第一章 总 则')).toBe('第一章 总 则');
  });


  it('reads Chinese and Arabic numerals', () => {
    expect(['一', '十', '十二', '二十三', '一百零五', '两', '二〇一九', '１２', '60', '零', '甲'].map(parseNumber)).toEqual([1, 10, 12, 23, 105, 2, 2019, 12, 60, 0, null]);
  });

  it('maps every Kangxi radical to its unified ideograph (NFKC), and the radical-supplement glyphs PDFs use', () => {
    for (let c = 0x2f00; c <= 0x2fd5; c++) {
      const out = normalizeChars(String.fromCodePoint(c));
      expect(out.length).toBe(1);
      const u = out.codePointAt(0)!;
      expect((u >= 0x4e00 && u <= 0x9fff) || (u >= 0x3400 && u <= 0x4dbf) || (u >= 0x20000 && u <= 0x2ffff)).toBe(true);
    }
    expect(normalizeChars('⼀、全⾯推进⾼质量发展，⻓期坚持，⻔类⻬全，⺠⽣')).toBe('一、全面推进高质量发展，长期坚持，门类齐全，民生');
    expect(normalizeChars('a\u200bb\u00a0c\ufeff')).toBe('ab c');
    // punctuation is kept as written: NFKC would turn （、：，into ASCII
    expect(normalizeChars('（一）指导思想：坚持，推进。')).toBe('（一）指导思想：坚持，推进。');
  });

  it.each([
    ['2019年1月24日', '2019-01-24'],
    ['二〇一九年一月二十四日', '2019-01-24'],
    ['二○二四年十二月三十一日', '2024-12-31'],
    ['二零二四年三月五日', '2024-03-05'],
    ['２０２４年３月５日', '2024-03-05'],
    ['2024 年 3 月 5 日', '2024-03-05'],
    ['2024-3-5', '2024-03-05'],
    ['2023年2月29日', null],
  ])('finds the date in %s', (text, iso) => {
    expect(findDate(`（${text}）`)).toEqual({ text, iso });
  });

  it.each(['— 3 —', '-3-', '- 12 -', '3', '第3页', '第 3 页 共 12 页', '共12页 第3页', '3/12', 'Page 3 of 12', '— 三 —', '－３－'])('%s is a page number', (t) => {
    expect(isPageNumber(t)).toBe(true);
  });

  it.each(['2024', '一、总体要求', '3个方面', '第三条'])('%s is not a page number', (t) => {
    expect(isPageNumber(t)).toBe(false);
  });
});

describe('headings', () => {
  it.each([
    ['cn-paren', '构建全国统一大市场。加快建设……', { heading: '构建全国统一大市场', punct: '。', text: '加快建设……' }],
    ['cn-paren', '知识产权保护方面5项：知识产权民事……', { heading: '知识产权保护方面5项', punct: '：', text: '知识产权民事……' }],
    ['cn-paren', '坚持和落实“两个毫不动摇”。坚持……', { heading: '坚持和落实“两个毫不动摇”', punct: '。', text: '坚持……' }],
    ['cn-paren', '推广“放管服。”改革经验', { heading: '推广“放管服。”改革经验', punct: '', text: '' }],
    ['cn-paren', '加强组织领导；', { heading: '加强组织领导', punct: '；', text: '' }],
    ['cn-dun', '推广的改革举措（共23项）', { heading: '推广的改革举措（共23项）', punct: '', text: '' }],
    ['cn-paren', '实行1:1配套。资金……', { heading: '实行1:1配套', punct: '。', text: '资金……' }],
    ['cn-paren', '推进“双随机。各部门……', { heading: '推进“双随机', punct: '。', text: '各部门……' }],
    ['article', '为了规范管理，制定本办法。', { heading: '', punct: '', text: '为了规范管理，制定本办法。' }],
    ['article', '（企业开办）　市场监管部门……', { heading: '企业开办', punct: '', text: '市场监管部门……' }],
    ['annex', '：重点任务清单', { heading: '重点任务清单', punct: '', text: '' }],
  ] as const)('%s %s', (style, rest, expected) => {
    expect(splitHeading(style, rest)).toEqual(expected);
  });
});

describe('heading matter', () => {
  it.each([
    ['国发〔2019〕4号', '国发〔2019〕4号'],
    ['津政办发[2024]12号', '津政办发[2024]12号'],
    ['中发［2024］1号', '中发［2024］1号'],
    ['国办函（2023）５号', '国办函（2023）５号'],
  ])('reads the document number %s', (line, docNumber) => {
    expect(parseDocumentText(`关于加强管理的通知\n${line}\n一、总体要求`).docNumber).toBe(docNumber);
  });

  it('reads the red header, a signature on one line, and publication notes', () => {
    const doc = parseDocumentText(['天津市人民政府办公厅文件', '津政办发〔2024〕3号', '关于做好2024年重点工作的通知', '各区人民政府：', '一、总体要求', '（一）目标。', '天津市人民政府办公厅　2024年1月5日', '（此件主动公开）'].join('\n'));
    expect(doc).toMatchObject({ title: '关于做好2024年重点工作的通知', docNumber: '津政办发〔2024〕3号', issuer: '天津市人民政府办公厅', date: '2024-01-05', addressee: '各区人民政府' });
    expect(doc.nodes[0].children[0].text).toBe('');
  });

  it('names a signed date that does not exist', () => {
    const doc = parseDocumentText(['关于某事的通知', '一、要求', '国务院', '2023年2月29日'].join('\n'));
    expect(doc.date).toBeNull();
    expect(doc.dateText).toBe('2023年2月29日');
    expect(doc.warnings.map((w) => ({ ...w, message: halves(w.message).en }))).toEqual([{ line: 4, message: 'date "2023年2月29日" does not exist' }]);
  });

  it('drops the record footer (抄送, 印发)', () => {
    const doc = parseDocumentText(['关于某事的通知', '一、要求', '（一）落实。做好。', '抄送：市委各部门，市人大常委会办公厅。', '天津市人民政府办公厅　　2024年1月6日印发'].join('\n'));
    expect(doc.nodes[0].children[0].text).toBe('做好。');
    expect(doc.closing).toBe('');
  });
});
