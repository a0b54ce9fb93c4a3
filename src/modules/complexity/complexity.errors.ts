import { bilingual, closeUp } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';

/**
 * A table the complexity engine cannot use, named down to the line and column a person must fix, in Chinese and
 * English: the message reads "中文 / English".
 * @example new ComplexityInputError('第 12 行“val”列：“abc”不是数字', 'Column "val", line 12: "abc" is not a number', { line: 12, column: 'val' })
 */
export class ComplexityInputError extends ValidationError {
  /** The Chinese half of the message. */
  readonly zh: string;
  /** The English half of the message. */
  readonly en: string;
  /** The 1-based line of the CSV file at fault (the header is line 1), when one line is to blame. */
  readonly line?: number;
  /** The column at fault, when one column is to blame. */
  readonly column?: string;
  /** Every line involved, e.g. both lines of a duplicated location × product row. */
  readonly lines: number[];

  constructor(zh: string, en: string, where: { line?: number; column?: string; lines?: number[] } = {}) {
    const message = bilingual(zh, en);
    super(message, [
      {
        field: where.column ?? 'table',
        message,
        ...(where.line === undefined ? {} : { line: where.line }),
      },
    ]);
    this.zh = closeUp(zh);
    this.en = en;
    this.line = where.line;
    this.column = where.column;
    this.lines = where.lines ?? (where.line === undefined ? [] : [where.line]);
  }
}

/** An error as a worker thread posts it (structured-clone safe); {@link errorFromWorker} makes it an error again. */
export interface PostedError {
  name: string;
  message: string;
  input?: { zh: string; en: string; line?: number; column?: string; lines: number[] };
}

/** What a worker posts for an error it caught, keeping a ComplexityInputError's halves, line and column. */
export function postError(error: unknown): PostedError {
  const e = error instanceof Error ? error : new Error(String(error));
  if (!(e instanceof ComplexityInputError)) return { name: e.name, message: e.message };
  const { zh, en, line, column, lines } = e;
  return { name: e.name, message: e.message, input: { zh, en, line, column, lines } };
}

/** The error a worker posted, rebuilt on the calling thread (a ComplexityInputError stays one). */
export function errorFromWorker(posted: PostedError): Error {
  if (posted.input) return new ComplexityInputError(posted.input.zh, posted.input.en, posted.input);
  return Object.assign(new Error(posted.message), { name: posted.name });
}
