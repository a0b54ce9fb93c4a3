import type { MergeRange } from './ledger.xlsx.grid.ts';

/** Merged ranges a sheet may hold; more is no task table and would cost memory to index. */
export const MAX_MERGES = 100_000;
/** Cells all merges of a sheet may cover together (the grid indexes each merged cell). */
export const MAX_MERGED_CELLS = 1_000_000;

const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;

/**
 * Collects each worksheet's merged ranges from the workbook's XML parts as they pass by, so
 * ExcelJS need not apply them: its loader checks every merge against every other (quadratic)
 * and fills every merged cell, which dominates reading a table of a few thousand rows.
 */
export class MergeCollector {
  private workbookXml = '';
  private relsXml = '';
  private readonly byPart = new Map<string, MergeRange[]>();

  /** Takes one part of the zip; throws {@link TooManyMergesError} when a sheet merges too much. */
  take(name: string, data: Buffer): void {
    if (name === 'xl/workbook.xml') this.workbookXml = data.toString('utf8');
    else if (name === 'xl/_rels/workbook.xml.rels') this.relsXml = data.toString('utf8');
    else if (SHEET_PART.test(name)) this.byPart.set(name, parseMerges(data.toString('latin1'), name));
  }

  /** The merges of each sheet by its name (sheets whose part cannot be traced have none). */
  bySheetName(): Map<string, MergeRange[]> {
    const targets = new Map<string, string>();
    for (const m of this.relsXml.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
      const id = attribute(m[0], 'Id');
      const target = attribute(m[0], 'Target');
      if (id && target) targets.set(id, partPath(target));
    }
    const out = new Map<string, MergeRange[]>();
    for (const m of this.workbookXml.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)) {
      const name = attribute(m[0], 'name');
      const rid = /\s[\w]+:id="([^"]*)"/.exec(m[0])?.[1];
      const part = rid ? targets.get(rid) : undefined;
      if (name !== undefined && part) out.set(decodeXml(name), this.byPart.get(part) ?? []);
    }
    return out;
  }
}

/** A sheet that merges more than a task table ever does; the reader turns it into a TableInputError with both halves. */
export class TooManyMergesError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

function parseMerges(xml: string, part: string): MergeRange[] {
  const out: MergeRange[] = [];
  let cells = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?mergeCell\s[^>]*?ref="\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?"/g)) {
    const [c1, r1] = [columnIndex(m[1]), Number(m[2])];
    const [c2, r2] = m[3] ? [columnIndex(m[3]), Number(m[4])] : [c1, r1];
    const range = { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
    if (range.top < 1 || range.left < 1) continue;
    if (range.top === range.bottom && range.left === range.right) continue;
    cells += (range.bottom - range.top + 1) * (range.right - range.left + 1);
    out.push(range);
    if (out.length > MAX_MERGES || cells > MAX_MERGED_CELLS) {
      throw new TooManyMergesError(
        `${part} 的合并单元格过多（${out.length} 处合并，共 ${cells} 个单元格），不像任务分工表`,
        `${part} merges too many cells (${out.length} merges, ${cells} cells) for a task table`,
      );
    }
  }
  return out;
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function partPath(target: string): string {
  const t = target.replace(/^\/+/, '');
  return t.startsWith('xl/') ? t : `xl/${t.replace(/^\.\//, '')}`;
}

function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
