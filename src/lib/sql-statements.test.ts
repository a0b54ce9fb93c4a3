import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { splitSqlStatements } from './sql-statements.ts';

describe('splitSqlStatements', () => {
  it('splits on semicolons outside quotes, names, dollar bodies and comments', () => {
    const script = [
      "-- a comment; not a statement",
      "CREATE TABLE a (x text DEFAULT ';', \"we;ird\" int);",
      "/* block; comment */ INSERT INTO a VALUES ('it''s; fine', 1);",
      'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$',
      "BEGIN RAISE EXCEPTION 'no;'; END;",
      '$$;',
      'DO $body$ BEGIN PERFORM 1; END $body$',
    ].join('\n');
    const parts = splitSqlStatements(script);
    expect(parts).toHaveLength(4);
    expect(parts[0]).toMatch(/^-- a comment; not a statement\nCREATE TABLE a/);
    expect(parts[1]).toMatch(/INSERT INTO a VALUES \('it''s; fine', 1\)$/);
    expect(parts[2]).toMatch(/^CREATE FUNCTION[\s\S]*END;\n\$\$$/);
    expect(parts[3]).toBe('DO $body$ BEGIN PERFORM 1; END $body$');
  });

  it('drops trailing comments and empty statements', () => {
    expect(splitSqlStatements('select 1;;\n-- end\n')).toEqual(['select 1']);
  });

  it('gives every migration of the repository as statements that each parse back to the same text', () => {
    const dir = path.resolve(import.meta.dirname, '../../db/migrations');
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.sql'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const parts = splitSqlStatements(text);
      expect(parts.length, f).toBeGreaterThan(0);
      for (const p of parts) expect(splitSqlStatements(p), `${f}: ${p.slice(0, 60)}`).toEqual([p]);
    }
  });
});
