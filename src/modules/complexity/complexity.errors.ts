import { ValidationError } from '../../lib/errors.ts';

/**
 * A table the complexity engine cannot use, named down to the line and column a person must fix.
 * @example new ComplexityInputError('Column "val", line 12: "abc" is not a number', { line: 12, column: 'val' })
 */
export class ComplexityInputError extends ValidationError {
  /** The 1-based line of the CSV file at fault (the header is line 1), when one line is to blame. */
  readonly line?: number;
  /** The column at fault, when one column is to blame. */
  readonly column?: string;
  /** Every line involved, e.g. both lines of a duplicated location × product row. */
  readonly lines: number[];

  constructor(message: string, where: { line?: number; column?: string; lines?: number[] } = {}) {
    super(message, [
      {
        field: where.column ?? 'table',
        message,
        ...(where.line === undefined ? {} : { line: where.line }),
      },
    ]);
    this.line = where.line;
    this.column = where.column;
    this.lines = where.lines ?? (where.line === undefined ? [] : [where.line]);
  }
}
