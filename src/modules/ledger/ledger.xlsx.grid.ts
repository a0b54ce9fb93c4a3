/** A merged range of cells, 1-based and inclusive. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A worksheet as plain data, so the table logic runs without ExcelJS. */
export interface SheetGrid {
  name: string;
  /** The sheet is hidden in Excel (hidden or veryHidden): it is read only when asked for by name. */
  hidden?: boolean;
  /** rows[r - 1][c - 1]: the text written in the cell, "" for empty cells and for the hidden cells of a merge. */
  rows: string[][];
  merges: MergeRange[];
  /** 1-based numbers of the rows hidden in the sheet. */
  hiddenRows?: number[];
  /**
   * The bold parts of cells that are only partly bold, keyed "row:column" (1-based): offices mark
   * the lead unit of a unit list in bold.
   */
  boldParts?: Record<string, string[]>;
}

/**
 * Read access to a {@link SheetGrid} that knows its merges: `own` is what a cell holds itself,
 * `filled` also takes the value of a vertical merge from above (a leader merged over tasks),
 * `spread` takes the merge's value in every cell it covers (titles, group rows, headers).
 */
export class GridView {
  readonly rowCount: number;
  readonly colCount: number;
  private readonly mergeAt = new Map<number, MergeRange>();
  /** Merges too large to index cell by cell (a fuzzed A1:XFD1048576); looked up by scanning. */
  private readonly bigMerges: MergeRange[] = [];
  private readonly hiddenRowSet: Set<number>;

  constructor(readonly grid: SheetGrid) {
    this.rowCount = grid.rows.length;
    this.hiddenRowSet = new Set(grid.hiddenRows ?? []);
    let cols = 0;
    for (const row of grid.rows) cols = Math.max(cols, row.length);
    for (const m of grid.merges) cols = Math.max(cols, Math.min(m.right, MAX_GRID_COLUMNS));
    this.colCount = cols;
    for (const m of grid.merges) {
      const bottom = Math.min(m.bottom, this.rowCount);
      const right = Math.min(m.right, cols);
      if ((bottom - m.top + 1) * (right - m.left + 1) > 10_000) {
        this.bigMerges.push(m);
        continue;
      }
      for (let r = m.top; r <= bottom; r++) for (let c = m.left; c <= right; c++) this.mergeAt.set(this.key(r, c), m);
    }
  }

  /** The text the cell holds itself ("" for the hidden cells of a merge). */
  own(r: number, c: number): string {
    return this.grid.rows[r - 1]?.[c - 1] ?? '';
  }

  /** The merge covering the cell, if any. */
  merge(r: number, c: number): MergeRange | undefined {
    const m = this.mergeAt.get(this.key(r, c));
    if (m || this.bigMerges.length === 0) return m;
    return this.bigMerges.find((b) => r >= b.top && r <= b.bottom && c >= b.left && c <= b.right);
  }

  /** The cell's text, or the text of a merge whose master stands in the same column above it. */
  filled(r: number, c: number): string {
    const m = this.merge(r, c);
    if (!m) return this.own(r, c);
    return m.left === c ? this.own(m.top, m.left) : '';
  }

  /** The bold parts of a partly bold cell, or of the merge above it whose master stands in the same column. */
  boldParts(r: number, c: number): string[] {
    const m = this.merge(r, c);
    if (m && m.left !== c) return [];
    const [top, left] = m ? [m.top, m.left] : [r, c];
    return this.grid.boldParts?.[`${top}:${left}`] ?? [];
  }

  /** True when the row is hidden in the sheet. */
  hidden(r: number): boolean {
    return this.hiddenRowSet.has(r);
  }

  /** The cell's text, or the text of any merge covering it. */
  spread(r: number, c: number): string {
    const m = this.merge(r, c);
    return m ? this.own(m.top, m.left) : this.own(r, c);
  }

  private key(r: number, c: number): number {
    return r * 100_000 + c;
  }
}

/** Columns beyond this are ignored: a task table has a dozen, a stray cell in XFD must not cost memory. */
export const MAX_GRID_COLUMNS = 64;
