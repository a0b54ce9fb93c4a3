import { ConflictError, type FieldIssue } from '../lib/errors.ts';

/** What PostgreSQL (and PGlite) put on an error: the SQLSTATE code, and for key violations the key in `detail`. */
interface DatabaseError {
  code?: unknown;
  detail?: unknown;
  constraint?: unknown;
}

const camel = (column: string) => column.trim().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The columns of "Key (region_code, name)=(120000, x) already exists.", as the API names its fields. */
function keyFields(error: DatabaseError, message: string): FieldIssue[] {
  const columns = typeof error.detail === 'string' ? /Key \(([^)]*)\)=/.exec(error.detail)?.[1] : undefined;
  if (columns) return columns.split(',').map((c) => ({ field: camel(c), message }));
  return typeof error.constraint === 'string' ? [{ field: error.constraint, message }] : [];
}

/**
 * The 409 a database error stands for, or null: a unique key taken by someone else (23505), a referenced record
 * gone or still referenced (23503), or a write that lost a race (40001 serialization, 40P01 deadlock). A service
 * that checks first (`ensureUniqueName`) still loses to a concurrent twin at commit; this says so plainly rather
 * than with a 500.
 */
export function databaseConflict(error: unknown): ConflictError | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as DatabaseError;
  switch (e.code) {
    case '23505':
      return new ConflictError('已有相同的记录（名称或编号重复）/ a record with the same name or key already exists', keyFields(e, 'duplicate'));
    case '23503':
      return new ConflictError('引用的记录不存在，或仍被其他记录使用 / a referenced record does not exist, or the record is still in use', keyFields(e, 'reference'));
    case '40001':
    case '40P01':
      return new ConflictError('数据正被同时修改，请刷新后重试 / the data was changed at the same time; reload and try again');
    default:
      return null;
  }
}
