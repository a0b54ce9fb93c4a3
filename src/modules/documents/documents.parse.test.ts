import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocumentText } from './documents.parse.domain.ts';
import { renderOutline } from './documents.render.domain.ts';
import type { DocumentNode } from './documents.types.ts';
import { halves } from '../../lib/bilingual.ts';

const DATA = fileURLToPath(new URL('../../../test/fixtures/real/documents/', import.meta.url));
const dataFiles = fs.readdirSync(DATA).filter((f) => f.endsWith('.md'));

interface ExpectedNode {
  marker: string;
  heading: string;
  children: ExpectedNode[];
}

/** The first two levels as the expected files write them: the marker, and marker + heading as written. */
function outlineOf(nodes: DocumentNode[], depth = 2): ExpectedNode[] {
  return nodes.map((n) => ({
    marker: n.marker,
    heading: n.label,
    children: depth > 1 ? outlineOf(n.children, depth - 1) : [],
  }));
}

describe('real State Council documents', () => {
  it('has the three documents in test/fixtures/real', () => expect(dataFiles).toHaveLength(3));

  for (const file of dataFiles) {
    it(`matches the expected outline of ${file}`, () => {
      const expected = JSON.parse(fs.readFileSync(path.join(DATA, file.replace(/\.md$/, '.expected.json')), 'utf8'));
      const doc = parseDocumentText(fs.readFileSync(path.join(DATA, file), 'utf8'), { fileName: file });
      expect(outlineOf(doc.nodes)).toEqual(expected.outline);
      const counts: Record<string, number> = {};
      const count = (nodes: DocumentNode[]) =>
        nodes.forEach((n) => {
          const key = n.style === 'cn-dun' ? '一、' : n.style === 'cn-paren' ? '（一）' : n.style === 'annex' ? '附件' : n.style;
          counts[key] = (counts[key] ?? 0) + 1;
          count(n.children);
        });
      count(doc.nodes);
      expect(counts).toEqual(expected.counts_by_marker);
      expect(doc.warnings).toEqual([]);
    });
  }

  it('reads the heading matter of 国发〔2019〕4号 and separates the covering notice from the plan', () => {
    const file = 'guowuyuan_guojia-zhiye-jiaoyu-gaige-shishi-fangan_2019.md';
    const doc = parseDocumentText(fs.readFileSync(path.join(DATA, file), 'utf8'));
    expect(doc).toMatchObject({
      title: '国务院关于印发国家职业教育改革实施方案的通知',
      docNumber: '国发〔2019〕4号',
      issuer: '国务院',
      date: '2019-01-24',
      dateText: '2019年1月24日',
      addressee: '各省、自治区、直辖市人民政府，国务院各部委、各直属机构',
      embeddedTitle: '国家职业教育改革实施方案',
      closing: '',
    });
    expect(doc.coveringNotice).toContain('现将《国家职业教育改革实施方案》印发给你们');
    expect(doc.coveringNotice).not.toContain('此件公开发布');
    expect(doc.preamble.split('\n')).toHaveLength(3);
    expect(doc.preamble).toMatch(/^职业教育与普通教育是两种不同教育类型/);
    const first = doc.nodes[0];
    expect(first).toMatchObject({ marker: '一、', heading: '完善国家职业教育制度体系', kind: 'part', level: 1, ordinal: 1, text: '' });
    expect(first.children[0]).toMatchObject({ marker: '（一）', heading: '健全国家职业教育制度框架', kind: 'article', level: 2, ordinal: 1 });
    expect(first.children[0].text).toMatch(/^把握好正确的改革方向/);
    // （五） under part 二 continues the numbering of part 一 at the same level
    expect(doc.nodes[1].children[0]).toMatchObject({ marker: '（五）', ordinal: 5, level: 2 });
  });

  it('takes the paragraph after the last item of 国办发〔2018〕118号 as the closing, not as text of （二十三）', () => {
    const file = 'guobanfa_xingzheng-zhifa-sanxiang-zhidu_zhidao-yijian_2018.md';
    const doc = parseDocumentText(fs.readFileSync(path.join(DATA, file), 'utf8'));
    expect(doc.closing).toMatch(/^各地区、各部门要于2019年3月底前制定/);
    const last = doc.nodes[5].children[5];
    expect(last).toMatchObject({ marker: '（二十三）', heading: '加强队伍建设' });
    expect(last.text).toMatch(/^高素质的执法人员/);
    expect(last.text).not.toContain('各地区、各部门要于');
    expect(doc).toMatchObject({ issuer: '国务院办公厅', date: '2018-12-05', docNumber: '国办发〔2018〕118号', coveringNotice: null });
    // a part with an introduction before its first item keeps it as its own text
    expect(doc.nodes[1].text).toMatch(/^行政执法公示是保障/);
    // heading and text in one paragraph
    expect(doc.nodes[1].children[0]).toMatchObject({ heading: '强化事前公开', label: '（四）强化事前公开。' });
    expect(doc.nodes[1].children[0].text).toMatch(/^行政执法机关要统筹推进/);
  });

  it('reads the annex table of 国办发〔2018〕126号 with its group rows', () => {
    const file = 'guobanfa_tuiguang-dierpi-zhichi-chuangxin-gaige-jucuo_qingdan-biao_2018.md';
    const doc = parseDocumentText(fs.readFileSync(path.join(DATA, file), 'utf8'));
    expect(doc.tables).toHaveLength(1);
    const table = doc.tables[0];
    expect(table.title).toBe('第二批支持创新相关改革举措推广清单');
    expect(table.annex).toBe('附件');
    expect(table.headers).toEqual(['序号', '改革举措', '主要内容', '指导部门', '推广范围']);
    const groups = table.rows.filter((r) => r.kind === 'group');
    expect(groups.map((g) => (g.kind === 'group' ? g.text : ''))).toEqual([
      '一、知识产权保护方面（共5项）',
      '二、科技成果转化激励方面（共4项）',
      '三、科技金融创新方面（共5项）',
      '四、军民深度融合方面（共6项）',
      '五、管理体制创新方面（共3项）',
    ]);
    const rows = table.rows.filter((r) => r.kind === 'row');
    expect(rows).toHaveLength(17);
    expect(rows[0]).toMatchObject({ cells: ['1', '知识产权民事、刑事、行政案件“三合一”审判', expect.any(String), expect.any(String), '全国'] });
    // The 附件说明 above the signature is a note (kept with the closing), not a second annex node (issue 12).
    expect(doc).toMatchObject({ date: '2018-12-23', issuer: '国务院办公厅', closing: '附件：第二批支持创新相关改革举措推广清单' });
    expect(doc.nodes.filter((n) => n.kind === 'annex')).toEqual([expect.objectContaining({ marker: '附件', heading: '', text: '第二批支持创新相关改革举措推广清单' })]);
  });

  it('renders the outline as an indented tree', () => {
    const file = 'guowuyuan_guojia-zhiye-jiaoyu-gaige-shishi-fangan_2019.md';
    const text = renderOutline(parseDocumentText(fs.readFileSync(path.join(DATA, file), 'utf8')), { lineNumbers: true });
    const lines = text.split('\n');
    expect(lines[0]).toBe('国务院关于印发国家职业教育改革实施方案的通知');
    expect(lines[1]).toBe('国发〔2019〕4号 · 国务院 · 2019-01-24');
    expect(lines).toContain('├─ 一、完善国家职业教育制度体系  @23');
    expect(lines).toContain('│  ├─ （一）健全国家职业教育制度框架  @25');
    expect(lines).toContain('   └─ （二十）完善国务院职业教育工作部际联席会议制度  @115');
  });
});

describe('conventions seen in real documents beyond the fixtures', () => {
  it('reads a 规划纲要 as 篇 › 章 › 节, with chapters numbered on across 篇 and 节 restarting in each chapter', () => {
    const doc = parseDocumentText(
      [
        '某市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要',
        '第一篇 开启全面建设现代化新征程',
        '第一章 发展基础和发展环境',
        '第一节 发展基础',
        '“十三五”时期，全市经济社会发展取得显著成就。',
        '第二节 发展环境',
        '当前我国发展仍然处于重要战略机遇期。',
        '第二章 总体要求',
        '一、指导思想',
        '高举中国特色社会主义伟大旗帜。',
        '第二篇 坚持创新驱动发展',
        '第三章 强化战略科技力量',
        '第一节 建设重大创新平台',
        '加快建设实验室。',
      ].join('\n'),
    );
    const outline = (nodes: typeof doc.nodes): unknown[] => nodes.map((n) => [n.marker, n.heading, outline(n.children)]);
    expect(outline(doc.nodes)).toEqual([
      ['第一篇', '开启全面建设现代化新征程', [
        ['第一章', '发展基础和发展环境', [['第一节', '发展基础', []], ['第二节', '发展环境', []]]],
        ['第二章', '总体要求', [['一、', '指导思想', []]]],
      ]],
      ['第二篇', '坚持创新驱动发展', [['第三章', '强化战略科技力量', [['第一节', '建设重大创新平台', []]]]]],
    ]);
    expect(doc.preamble).toBe('');
    expect(doc.warnings).toEqual([]);
  });

  it('takes an article number run straight into its text as the next article when it continues the sequence', () => {
    const doc = parseDocumentText(['某市墙体材料管理规定', '第一条为推进墙体材料革新，制定本规定。', '第二条凡在本市生产墙体材料的，应当遵守本规定。', '第三条厦门市建设行政主管部门负责监督管理。', '第四条禁止新建实心砖企业。'].join('\n'));
    expect(doc.nodes.map((n) => n.marker)).toEqual(['第一条', '第二条', '第三条', '第四条']);
    expect(doc.nodes[2].text).toBe('厦门市建设行政主管部门负责监督管理。');
    expect(doc.warnings).toEqual([]);
  });

  it('keeps the line of years under a title with the title, and an embedded title over three lines whole', () => {
    const doc = parseDocumentText([
      '某区委办公室 某区政府办公室印发《某区打响服务品牌加快建设国际城区三年行动计划(2018—2020年)》的通知',
      '某区打响服务品牌',
      '加快建设国际城区三年行动计划',
      '(2018—2020年)',
      '为打响服务品牌，特制定本行动计划。',
      '一、总体要求',
      '（一）指导思想',
    ].join('\n'));
    expect(doc.embeddedTitle).toBe('某区打响服务品牌加快建设国际城区三年行动计划(2018—2020年)');
    expect(doc.preamble).toBe('为打响服务品牌，特制定本行动计划。');
    const own = parseDocumentText(['某市安全生产三年行动方案', '（2024—2026年）', '为防范化解重大安全风险，制定本方案。', '一、总体要求'].join('\n'));
    expect(own.title).toBe('某市安全生产三年行动方案（2024—2026年）');
    expect(own.preamble).toBe('为防范化解重大安全风险，制定本方案。');
  });

  it('ends a covering notice at its signature when the title is missing or the plan has no title line', () => {
    const untitled = parseDocumentText([
      '各县（区）安委会，市级有关部门：',
      '现将《某市安全生产三年行动方案》印发你们，请认真贯彻落实。',
      '某市安全生产委员会',
      '2024年3月7日',
      '某市安全生产三年行动方案',
      '为防范化解重大安全风险，制定本方案。',
      '一、总体要求',
    ].join('\n'));
    expect(untitled).toMatchObject({ embeddedTitle: '某市安全生产三年行动方案', preamble: '为防范化解重大安全风险，制定本方案。', issuer: '某市安全生产委员会' });
    expect(untitled.coveringNotice).toContain('现将《某市安全生产三年行动方案》印发你们');
    const noTitleLine = parseDocumentText([
      '某市人民政府办公厅关于印发〈某市2016年政务公开工作要点〉的通知',
      '各区人民政府：',
      '《某市2016年政务公开工作要点》已经市政府同意，现印发给你们，请认真贯彻落实。',
      '某市人民政府办公厅',
      '2016年5月28日',
      '2016年是全面建成小康社会决胜阶段的开局之年。',
      '一、围绕深化改革推进公开',
    ].join('\n'));
    expect(noTitleLine.preamble).toBe('2016年是全面建成小康社会决胜阶段的开局之年。');
    expect(noTitleLine.coveringNotice).toContain('已经市政府同意');
    const unsigned = parseDocumentText([
      '某市发展改革委 某市住房城乡建设局关于印发某市社区服务设施建设实施方案的通知',
      '各区政府，市级有关部门：',
      '经市领导同意，现将《某市社区服务设施建设实施方案》印发给你们，请认真贯彻落实。',
      '社区服务设施建设是重大民生工程。为推动建设，特制定本方案。',
      '一、主要目标',
    ].join('\n'));
    expect(unsigned.preamble).toBe('社区服务设施建设是重大民生工程。为推动建设，特制定本方案。');
    // a notice whose own requests follow the hand-over sentence keeps that sentence as its preamble
    const requests = parseDocumentText(['某市人民政府办公厅关于印发2020年重点工作责任分解的通知', '各区政府：', '《2020年重点工作责任分解》已经市政府同意，现印发给你们，请结合以下要求认真贯彻执行。', '一、各级各部门要提高站位。', '二、各牵头单位要及时报告。'].join('\n'));
    expect(requests.preamble).toContain('现印发给你们');
    expect(requests.coveringNotice).toBeNull();
  });

  it('names joint issuers from the title and closes up a chapter heading spaced for layout', () => {
    const doc = parseDocumentText(['某市发展和改革委员会 某市住房和城乡建设局 关于印发某市社区建设实施方案的通知', '各区政府：', '一、主要目标'].join('\n'));
    expect(doc.issuer).toBe('某市发展和改革委员会 某市住房和城乡建设局');
    const law = parseDocumentText(['某省渔业条例', '第一章   总  则', '第一条 为加强渔业资源保护，制定本条例。', '第二章 附 则', '第二条 本条例自公布之日起施行。'].join('\n'));
    expect(law.nodes.map((n) => [n.marker, n.heading, n.label])).toEqual([['第一章', '总则', '第一章   总  则'], ['第二章', '附则', '第二章 附 则']]);
  });

  it('reads a 公告 or 令 that promulgates a regulation like a covering notice: its number, its body, its text', () => {
    const afterTitle = parseDocumentText(
      [
        '某市人民代表大会常务委员会听证条例',
        '某市人民代表大会常务委员会公告',
        '第三十七号',
        '某市第三届人民代表大会常务委员会第十一次会议于2001年10月17日审议通过的《某市人民代表大会常务委员会听证条例》，现予公布，自2002年1月1日起施行。',
        '某市人民代表大会常务委员会',
        '2001年12月26日',
        '（2001年10月17日某市第三届人民代表大会常务委员会第十一次会议通过',
        '2001年12月3日某省第九届人民代表大会常务委员会第二十九次会议批准）',
        '第一章 总则',
        '第一条 为了规范听证活动，制定本条例。',
        '第二条 本条例自2002年1月1日起施行。',
      ].join('\n'),
    );
    expect(afterTitle).toMatchObject({
      title: '某市人民代表大会常务委员会听证条例',
      docNumber: '第三十七号',
      issuer: '某市人民代表大会常务委员会',
      date: '2001-12-26',
      preamble: '',
      embeddedTitle: '某市人民代表大会常务委员会听证条例',
    });
    expect(afterTitle.coveringNotice).toMatch(/^某市第三届.*现予公布，自2002年1月1日起施行。$/);
    expect(afterTitle.nodes.map((n) => n.marker)).toEqual(['第一章']);

    const order = parseDocumentText(
      ['某市人民政府令 第37号', '《某市公共资源交易管理办法》已经2012年5月10日市人民政府第三十次常务会议通过，现予公布，自2012年7月1日起施行。', '市长　张三', '2012年5月20日', '某市公共资源交易管理办法', '第一条 为了规范公共资源交易活动，制定本办法。', '第二条 本办法自2012年7月1日起施行。'].join('\n'),
    );
    expect(order).toMatchObject({ title: '某市公共资源交易管理办法', docNumber: '第37号', issuer: '某市人民政府', date: '2012-05-20', preamble: '' });
    expect(order.coveringNotice).not.toContain('张三');
    expect(order.nodes.map((n) => n.marker)).toEqual(['第一条', '第二条']);
  });

  it('joins a title of joint issuers wrapped over five lines, keeping the issuers apart where a line break fell between them', () => {
    const signature = ['某市发展和改革委员会', '中共某市委社会工作部', '某市规划和自然资源局', '某市住房和城乡建设局', '2024年6月3日'];
    const doc = parseDocumentText(
      [
        '某市发展和改革委员会',
        '中共某市委社会工作部 某市规划和自然资源局',
        '某市住房和城乡建设局',
        '关于印发某市城市社区嵌入式服务设施建设',
        '工程实施方案的通知',
        '各区（市）县政府，市级有关部门：',
        '现将《某市城市社区嵌入式服务设施建设工程实施方案》印发给你们，请认真贯彻落实。',
        ...signature,
        '某市城市社区嵌入式服务设施建设工程实施方案',
        '一、主要目标',
        '二、重点任务',
      ].join('\n'),
    );
    const issuers = '某市发展和改革委员会 中共某市委社会工作部 某市规划和自然资源局 某市住房和城乡建设局';
    expect(doc.title).toBe(`${issuers}关于印发某市城市社区嵌入式服务设施建设工程实施方案的通知`);
    expect(doc.issuer).toBe(issuers);
    expect(doc.embeddedTitle).toBe('某市城市社区嵌入式服务设施建设工程实施方案');
    expect(doc.nodes.map((n) => n.marker)).toEqual(['一、', '二、']);

    const cut = parseDocumentText(['某市发展和改革委', '员会 某市财政局关于做好价格监测工作的通知', '一、监测范围', '二、工作要求'].join('\n'));
    expect(cut.issuer).toBe('某市发展和改革委员会 某市财政局');
  });

  it('gives each document a notice wraps its own top-level node, headed by its title, with its numbering below', () => {
    const doc = parseDocumentText(
      [
        '某省人民政府办公厅关于印发某省甲工作方案和某省乙管理办法的通知',
        '各市人民政府，省政府各部门：',
        '《某省甲工作方案》和《某省乙管理办法》已经省政府同意，现印发给你们，请认真贯彻执行。',
        '某省人民政府办公厅',
        '2024年3月1日',
        '某省甲工作方案',
        '为推进甲工作，制定本方案。',
        '一、总体要求',
        '（一）指导思想。坚持问题导向。',
        '二、重点任务',
        '（二）加强统筹。建立工作专班。',
        '某省乙管理办法',
        '第一章 总则',
        '第一条 为了规范乙管理，制定本办法。',
        '第二章 附则',
        '第二条 本办法自2024年4月1日起施行。',
      ].join('\n'),
    );
    const shape = (nodes: DocumentNode[]): unknown[] => nodes.map((n) => [n.marker, n.heading, n.level, shape(n.children)]);
    expect(shape(doc.nodes)).toEqual([
      ['', '某省甲工作方案', 1, [['一、', '总体要求', 2, [['（一）', '指导思想', 3, []]]], ['二、', '重点任务', 2, [['（二）', '加强统筹', 3, []]]]]],
      ['', '某省乙管理办法', 1, [['第一章', '总则', 2, [['第一条', '', 3, []]]], ['第二章', '附则', 2, [['第二条', '', 3, []]]]]],
    ]);
    expect(doc.nodes.map((n) => [n.style, n.text])).toEqual([['document', '为推进甲工作，制定本方案。'], ['document', '']]);
    expect(doc).toMatchObject({ embeddedTitle: '某省甲工作方案', preamble: '', closing: '', warnings: [] });
    expect(doc.coveringNotice).toContain('现印发给你们');

    // A notice wrapping one plan keeps the plan's numbering at the top, whatever short line stands in its body.
    const single = parseDocumentText(
      ['某市人民政府关于印发某市乙方案的通知', '现将《某市乙方案》印发给你们。', '某市乙方案', '一、工作目标', '（一）总体目标。到2025年完成。', '重点项目清单', '（二）分项目标。到2026年完成。', '二、保障措施'].join('\n'),
    );
    expect(single.nodes.map((n) => n.marker)).toEqual(['一、', '二、']);
  });

  it('reads a notice as PDF text extraction gives it: spaced numbers, a letter-spaced line, quoted titles and dates wrapped', () => {
    const doc = parseDocumentText(
      [
        '某县人民政府办公室关于印发2024年重点',
        '任务责任分工的通知',
        '某政办发〔2024〕 3 号',
        '各乡镇人民政府，县政府各部门：',
        '经县人民政府同意，现将《2024 年<政府工作报告>重点',
        '任务责任分工》印发给你们，请结合实际，认真贯彻落实。',
        '一、各乡镇、各部门要高度重视重点任务落实工作，主要领导',
        '要亲自抓、负总责，采取有力措施，确保各项任务落到实处。',
        '二、县政府督查室要加强对重点工作的日常调度，建立重点任',
        '务落实台账，及时汇总重点任务落实情况后向县政府报告，对',
        '推进缓慢的要加大通报力度，推动政府工作全面有效落实。',
        '附件：2024 年《政府工作报告》重点任务落实推进情况表',
        '2024 年 2 月 21 日',
        '( 联 系 人 : 王 五 , 联 系 电 话 : 8812822 )',
        '（此件公开发布）',
      ].join('\n'),
    );
    expect(doc).toMatchObject({
      title: '某县人民政府办公室关于印发2024年重点任务责任分工的通知',
      docNumber: '某政办发〔2024〕3号',
      date: '2024-02-21',
      preamble: '经县人民政府同意，现将《2024年<政府工作报告>重点任务责任分工》印发给你们，请结合实际，认真贯彻落实。',
    });
    expect(doc.nodes.map((n) => n.label)).toEqual([
      '一、各乡镇、各部门要高度重视重点任务落实工作，主要领导要亲自抓、负总责，采取有力措施，确保各项任务落到实处。',
      '二、县政府督查室要加强对重点工作的日常调度，建立重点任务落实台账，及时汇总重点任务落实情况后向县政府报告，对推进缓慢的要加大通报力度，推动政府工作全面有效落实。',
      '附件：2024年《政府工作报告》重点任务落实推进情况表',
    ]);
  });

  it('keeps a word a table column repeats on every page, while dropping the running header', () => {
    const page = (n: number) =>
      ['某市政府公报', `${'一二三'[n]}、${['审判', '转化', '金融'][n]}举措`, `推动${['司法', '成果', '信贷'][n]}改革落地。`, '全国', `由${['法院', '科技部', '银保监会'][n]}指导。`, '全国', `在${['东部', '中部', '西部'][n]}地区推广。`, '全国', `— ${n + 1} —`].join('\n');
    const doc = parseDocumentText([0, 1, 2].map(page).join('\n\f'));
    expect(doc.warnings.map((w) => halves(w.message).en)).toEqual(['running header/footer removed: "某市政府公报" (3×)']);
    expect(doc.nodes.map((n) => n.text.split('\n').filter((t) => t === '全国').length)).toEqual([3, 3, 3]);
  });

  it('reads a title whose last word or 的通知 a PDF put on the next line, and sentences wrapped short by the layout', () => {
    const doc = parseDocumentText(
      [
        '某省人民政府关于印发某省国民经济和社',
        '会发展第十四个五年(2021-2025)规划纲要',
        '的通知',
        '某政发〔2021〕 11 号',
        '各市、县人民政府，省人民政府各委、厅，各直属机构：',
        '现将《某省国民经济和社会发展第十四个五年 (2021-',
        '2025)规划纲要》印发给你们，请认真贯彻落实。',
        '某省人民政府',
        '2021 年 5 月 23 日',
        '某省国民经济和社会发展第十四个五年(2021-2025)规',
        '划纲要',
        '《纲要》已经2021年1月28日省第十三届人民代表大会第四',
        '次会议审议批准，是全省人民共同的行动纲领，是政府履行职',
        '责的重要依据，主要阐明全省发展战略，明确政府工作重点。',
        '第一章 发展回顾',
        '第二章 发展目标',
      ].join('\n'),
    );
    expect(doc).toMatchObject({
      title: '某省人民政府关于印发某省国民经济和社会发展第十四个五年(2021-2025)规划纲要的通知',
      docNumber: '某政发〔2021〕11号',
      date: '2021-05-23',
      embeddedTitle: '某省国民经济和社会发展第十四个五年(2021-2025)规划纲要',
      coveringNotice: '各市、县人民政府，省人民政府各委、厅，各直属机构\n现将《某省国民经济和社会发展第十四个五年(2021-2025)规划纲要》印发给你们，请认真贯彻落实。',
    });
    expect(doc.preamble).toMatch(/^《纲要》已经2021年1月28日省第十三届.*明确政府工作重点。$/);
    const cut = parseDocumentText(['某区人民政府关于印发某区2023年重点工作任务分解和责任分工方案的通', '知', '各街道办事处：', '一、主要目标', '二、重点任务'].join('\n'));
    expect(cut.title).toBe('某区人民政府关于印发某区2023年重点工作任务分解和责任分工方案的通知');
  });

  it('keeps the group rows of an annex table a PDF gives as text in the annex, not as its items', () => {
    const doc = parseDocumentText(
      ['某市改革举措推广清单的通知', '一、推广内容', '二、组织实施', '附件', '改革举措推广清单', '序号 改革举措 主要内容 推广范围', '一、知识产权保护方面（共2项）', '1 专利快速审查', '建立快速审查通道。', '全市', '二、科技金融方面（共1项）', '2 科技信贷', '设立专营机构。', '全市'].join('\n'),
    );
    expect(doc.nodes.map((n) => [n.marker, n.children.length])).toEqual([['一、', 0], ['二、', 0], ['附件', 0]]);
    expect(doc.nodes[2].text).toContain('一、知识产权保护方面（共2项）');
  });
});
