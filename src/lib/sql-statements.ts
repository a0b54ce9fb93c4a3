/**
 * Splits a SQL script into its statements, keeping quoted text, quoted names, dollar-quoted bodies and comments
 * whole; empty statements are dropped. Citus refuses a script of several commands sent as one query when they touch
 * distributed tables, so migrations run there statement by statement.
 * @example splitSqlStatements("create table a (x text default ';'); -- done\nselect 1;") // two statements
 */
export function splitSqlStatements(script: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  const push = (end: number) => {
    const s = script.slice(start, end).trim();
    if (s && !/^(--[^\n]*\n?\s*|\/\*[\s\S]*?\*\/\s*)*$/.test(s + '\n')) out.push(s);
  };
  while (i < n) {
    const c = script[i];
    if (c === '-' && script[i + 1] === '-') {
      const e = script.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === '/' && script[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        const two = script.slice(i, i + 2);
        if (two === '/*' || two === '*/') {
          depth += two === '/*' ? 1 : -1;
          i += 2;
        } else i++;
      }
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n) {
        if (script[i] === c && script[i + 1] === c) i += 2;
        else if (script[i] === c) break;
        else i++;
      }
      i++;
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i));
      if (tag && !/[A-Za-z0-9_]/.test(script[i - 1] ?? '')) {
        const e = script.indexOf(tag[0], i + tag[0].length);
        i = e < 0 ? n : e + tag[0].length;
      } else i++;
    } else if (c === ';') {
      push(i);
      start = ++i;
    } else i++;
  }
  push(n);
  return out;
}
