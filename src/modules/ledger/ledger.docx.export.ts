import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
  type IParagraphOptions,
  type ISectionOptions,
} from 'docx';
import type { TaskTableExportTask } from './ledger.xlsx.export.ts';

/** One numbered part of a plan (一、… › （一）… › 1.…), the same shape the documents parser returns. */
export interface PlanDocxNode {
  /** The numbering as written: "一、", "（一）", "1.". */
  marker: string;
  heading: string;
  /** Body paragraphs under the heading, separated by "\n". */
  text?: string;
  children?: PlanDocxNode[];
}

/** A plan to lay out as an official document (公文), with the task-division table as an annex. */
export interface PlanDocx {
  title: string;
  /** 发文字号, e.g. "津党办发〔2024〕3号". */
  docNumber?: string;
  /** 发文机关署名. */
  issuer?: string;
  /** 成文日期, ISO ("2024-03-01") or as written ("2024年3月1日"). */
  date?: string;
  /** 主送机关, written before the preamble and ending with a colon. */
  addressee?: string;
  /** Paragraphs before the first numbered part, separated by "\n". */
  preamble?: string;
  nodes: PlanDocxNode[];
  /** Paragraphs after the last numbered part (结束语), separated by "\n"; written before the signature. */
  closing?: string;
  /** The task-division table, written as an annex on landscape pages. */
  tasksTable?: { title?: string; annexLabel?: string; tasks: TaskTableExportTask[] };
}

// GB/T 9704-2012: 仿宋_GB2312 三号 body, 黑体/楷体_GB2312/仿宋 bold headings, 方正小标宋简体 二号 title.
const FONT = { body: '仿宋_GB2312', black: '黑体', kai: '楷体_GB2312', title: '方正小标宋简体', pageNumber: '宋体' };
const SIZE = { title: 44, body: 32, table: 24, pageNumber: 28 }; // half-points: 二号 22pt, 三号 16pt, 小四 12pt, 四号 14pt
const BODY_LINE = 560; // 28 pt exact, in twips
const INDENT_2_CHARS = 640; // two 三号 characters
/** Millimetres to twips, rounded (docx's own helper truncates 37 mm to 2097). */
function mm(millimetres: number): number {
  return Math.round((millimetres * 1440) / 25.4);
}
const MARGINS = {
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
};
const A4 = { width: mm(210), height: mm(297) };

/**
 * Lays a plan out as a Word document in 公文 style (GB/T 9704): A4 with its margins, the title
 * centred in 小标宋 二号, 仿宋 三号 body at 28 pt, 一、 headings in 黑体, （一） in 楷体, 1. in bold
 * 仿宋, page numbers "— N —" at the outer foot, and the task-division table as a landscape
 * annex whose header row repeats on every page.
 * @example const buffer = await writePlanDocx({ title: '重点任务分工方案', nodes: parsed.nodes, tasksTable: { tasks } });
 */
export async function writePlanDocx(plan: PlanDocx): Promise<Buffer> {
  const footers = pageNumberFooters();
  const sections: ISectionOptions[] = [
    {
      properties: { page: { size: { ...A4, orientation: PageOrientation.PORTRAIT }, margin: MARGINS } },
      footers,
      children: mainBody(plan),
    },
  ];
  if (plan.tasksTable) {
    sections.push({
      properties: {
        page: {
          // docx swaps width and height itself for landscape pages.
          size: { ...A4, orientation: PageOrientation.LANDSCAPE },
          margin: { top: MARGINS.left, bottom: MARGINS.right, left: MARGINS.top, right: MARGINS.bottom },
        },
      },
      footers,
      children: annex(plan.tasksTable, plan.title),
    });
  }
  const doc = new Document({
    evenAndOddHeaderAndFooters: true,
    title: plan.title,
    styles: { default: { document: { run: { font: fontOf(FONT.body), size: SIZE.body } } } },
    sections,
  });
  return Packer.toBuffer(doc);
}

function mainBody(plan: PlanDocx): Paragraph[] {
  const out: Paragraph[] = [];
  if (plan.docNumber) {
    out.push(line([run(plan.docNumber)], { alignment: AlignmentType.CENTER }), line([]));
  }
  out.push(titleParagraph(plan.title), line([]));
  if (plan.addressee) out.push(line([run(plan.addressee.replace(/[：:]?$/, '：'))]));
  for (const text of paragraphs(plan.preamble)) out.push(body([run(text)]));
  for (const node of plan.nodes) writeNode(node, 1, out);
  for (const text of paragraphs(plan.closing)) out.push(body([run(text)]));
  if (plan.issuer || plan.date) {
    out.push(line([]), line([]));
    const right = { alignment: AlignmentType.RIGHT, indent: { right: INDENT_2_CHARS * 2 } };
    if (plan.issuer) out.push(line([run(plan.issuer)], right));
    if (plan.date) out.push(line([run(writtenDate(plan.date))], right));
  }
  return out;
}

function writeNode(node: PlanDocxNode, level: number, out: Paragraph[]): void {
  const label = `${node.marker}${node.heading}`;
  const texts = paragraphs(node.text);
  if (level === 1) {
    out.push(body([run(label, { font: FONT.black })]));
    for (const text of texts) out.push(body([run(text)]));
  } else {
    // （一） and 1. headings run into their first paragraph, as official documents write them.
    const headingRun = level === 2 ? run(label, { font: FONT.kai }) : run(label, { bold: level === 3 });
    const [first, ...rest] = texts;
    const joiner = first && !/[。：:；;！？]$/.test(label) ? '。' : '';
    out.push(body(first ? [headingRun, run(joiner), run(first)] : [headingRun]));
    for (const text of rest) out.push(body([run(text)]));
  }
  for (const child of node.children ?? []) writeNode(child, level + 1, out);
}

function annex(table: NonNullable<PlanDocx['tasksTable']>, planTitle: string): (Paragraph | Table)[] {
  return [
    line([run(table.annexLabel ?? '附件', { font: FONT.black })]),
    line([]),
    titleParagraph(table.title ?? planTitle),
    line([]),
    tasksTable(table.tasks),
  ];
}

const COLUMNS = [
  { header: '序号', weight: 6, center: true },
  { header: '重点任务', weight: 50, center: false },
  { header: '牵头市领导', weight: 12, center: true },
  { header: '牵头单位', weight: 18, center: true },
  { header: '责任单位', weight: 30, center: false },
  { header: '完成时限', weight: 16, center: true },
  { header: '备注', weight: 12, center: false },
];

function tasksTable(tasks: TaskTableExportTask[]): Table {
  const total = A4.height - MARGINS.top - MARGINS.bottom;
  const weights = COLUMNS.reduce((s, c) => s + c.weight, 0);
  const widths = COLUMNS.map((c) => Math.floor((total * c.weight) / weights));
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, i: number, opts: { font?: string; bold?: boolean; span?: number; merge?: 'restart' | 'continue'; center?: boolean } = {}) =>
    new TableCell({
      width: { size: opts.span ? total : widths[i], type: WidthType.DXA },
      columnSpan: opts.span,
      verticalMerge: opts.merge === 'restart' ? VerticalMergeType.RESTART : opts.merge === 'continue' ? VerticalMergeType.CONTINUE : undefined,
      verticalAlign: VerticalAlignTable.CENTER,
      borders,
      children: text.split('\n').map(
        (part) =>
          new Paragraph({
            alignment: (opts.center ?? COLUMNS[i].center) ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [run(part, { font: opts.font, bold: opts.bold, size: SIZE.table })],
          }),
      ),
    });

  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: COLUMNS.map((c, i) => cell(c.header, i, { font: FONT.black, center: true })),
    }),
  ];
  let path: string[] = [];
  tasks.forEach((task, index) => {
    const groupPath = task.groupPath ?? [];
    let same = 0;
    while (same < path.length && same < groupPath.length && path[same] === groupPath[same]) same++;
    // Returning to a parent group after its sub-groups repeats the parent's row, as in the xlsx export.
    const from = same === groupPath.length && same > 0 && groupPath.length < path.length ? same - 1 : same;
    for (let level = from; level < groupPath.length; level++) {
      const font = level === 0 ? FONT.black : level === 1 ? FONT.kai : FONT.body;
      rows.push(new TableRow({ cantSplit: true, children: [cell(groupPath[level], 0, { span: COLUMNS.length, font, center: false })] }));
    }
    const newGroup = from < groupPath.length;
    path = groupPath;
    const leaders = (task.leaders ?? []).join('、');
    const prev = tasks[index - 1];
    const next = tasks[index + 1];
    const sameLeaders = (t: TaskTableExportTask | undefined) =>
      !!t && leaders !== '' && (t.leaders ?? []).join('、') === leaders && sameGroups(t.groupPath ?? [], groupPath);
    const continues = !newGroup && sameLeaders(prev);
    const merge = continues ? 'continue' : sameLeaders(next) ? 'restart' : undefined;
    const values = [
      task.seq ?? '',
      task.text,
      continues ? '' : leaders,
      (task.leadUnits ?? []).join('、'),
      (task.coUnits ?? []).join('、'),
      task.deadlineText ?? '',
      task.note ?? '',
    ];
    rows.push(
      new TableRow({
        cantSplit: true,
        children: values.map((v, i) => cell(v, i, i === 2 ? { merge } : {})),
      }),
    );
  });
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows,
  });
}

function sameGroups(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function pageNumberFooters(): ISectionOptions['footers'] {
  const number = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType], indent: { left?: number; right?: number }) =>
    new Footer({
      children: [
        new Paragraph({
          alignment,
          indent,
          children: [
            new TextRun({ text: '— ', font: fontOf(FONT.pageNumber), size: SIZE.pageNumber }),
            new TextRun({ children: [PageNumber.CURRENT], font: fontOf(FONT.pageNumber), size: SIZE.pageNumber }),
            new TextRun({ text: ' —', font: fontOf(FONT.pageNumber), size: SIZE.pageNumber }),
          ],
        }),
      ],
    });
  // GB/T 9704: odd pages right, even pages left, each one character in from the edge.
  return { default: number(AlignmentType.RIGHT, { right: 280 }), even: number(AlignmentType.LEFT, { left: 280 }) };
}

function titleParagraph(title: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: 700, lineRule: LineRuleType.EXACT },
    children: title.split('\n').flatMap((part, i) => [
      ...(i > 0 ? [new TextRun({ break: 1 })] : []),
      run(part, { font: FONT.title, size: SIZE.title }),
    ]),
  });
}

function body(children: TextRun[]): Paragraph {
  return line(children, { indent: { firstLine: INDENT_2_CHARS }, alignment: AlignmentType.JUSTIFIED });
}

function line(children: TextRun[], opts: IParagraphOptions = {}): Paragraph {
  return new Paragraph({ spacing: { line: BODY_LINE, lineRule: LineRuleType.EXACT }, children, ...opts });
}

function run(text: string, opts: { font?: string; bold?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text, font: fontOf(opts.font ?? FONT.body), size: opts.size ?? SIZE.body, bold: opts.bold });
}

function fontOf(name: string) {
  return { ascii: name, eastAsia: name, hAnsi: name, cs: name };
}

function paragraphs(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** GB/T 9704 writes 成文日期 in Arabic numerals without leading zeros: 2024年3月1日. */
function writtenDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}
