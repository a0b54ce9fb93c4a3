import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';

/** The median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A line naming the machine and Node, for the top of a section. */
export function machineLine(): string {
  return `Run ${new Date().toISOString().slice(0, 10)} on ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'unknown CPU'} (${os.cpus().length} cores), Node ${process.version}.`;
}

/**
 * Replaces one script's section of BENCHMARKS.md (between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`),
 * appending it when missing, and leaves the other scripts' sections as they are.
 */
export function writeSection(name: string, body: string): void {
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\nFigures written by the scripts in bench/; each script owns one section.\n';
  const block = `${start}\n${body.trim()}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}

/** This process's peak resident memory so far, in MB. */
export function maxRss(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** A new empty database named `name` on the PostgreSQL server at `serverUrl`, its URL, and how to drop it after the run. */
export async function scratchPostgres(serverUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * The database `name` on the PostgreSQL server at `serverUrl`, created when missing (`created` says so) and kept after
 * the run: a large data set loaded once and measured again by a later run of another version of the code.
 */
export async function keptPostgres(serverUrl: string, name: string): Promise<{ url: string; created: boolean }> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
  if (!exists) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), created: !exists };
}
