/**
 * CLI benchmark: CPU time (user + system, from /usr/bin/time) of whole `luoshi` processes, against `node -e ''` as the
 * floor: `luoshi --help` from the server bundle (what `npm start` and `npx luoshi` run once built) and from the
 * TypeScript sources (tsx), and `luoshi complexity` on a 226 × 785 table (countries × HS92 4-digit, generated as in
 * complexity.bench.ts), beside py-ecomplexity 0.5.2's whole process on the same table when Python has it.
 * `--before DIR` measures a checkout of an earlier commit too (its bundle built with `node bin/build.js --server-only`),
 * in the same run. Prints the figures and rewrites the "CLI" section of BENCHMARKS.md.
 * Run: npx tsx bench/cli.bench.ts [--before /tmp/luoshi-before]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machineLine, median, writeSection } from './lib.ts';
import { generateTable, tableCsv } from './complexity.table.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const beforeAt = process.argv.indexOf('--before');
const BEFORE = beforeAt > 0 ? path.resolve(process.argv[beforeAt + 1]) : null;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-cli-'));

/** CPU seconds of each of RUNS runs of `cmd args` (exit status 0 required). */
function cpu(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number[] {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', cmd, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, encoding: 'utf8' });
    const m = /CPU (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
    out.push(Number(m[1]) + Number(m[2]));
  }
  return out;
}

function main() {
  const csv = path.join(work, 'world.csv');
  fs.writeFileSync(csv, tableCsv(generateTable(226, 785, 20_240_601)));
  const complexityArgs = (root: string) => [path.join(root, 'bin/luoshi.js'), 'complexity', csv, '--loc', 'loc', '--prod', 'prod', '--val', 'val', '--out', path.join(work, 'out.csv'), '--json'];
  const fromSource = { LUOSHI_FROM_SOURCE: '1' };
  const figures: { label: string; runs: number[] }[] = [];
  const measure = (label: string, runs: () => number[]) => {
    figures.push({ label, runs: runs() });
    console.log(`${label}: ${median(figures.at(-1)!.runs).toFixed(2)} s`);
  };
  measure("`node -e ''` (floor)", () => cpu(process.execPath, ['-e', '']));
  for (const [name, root] of [['before', BEFORE], ['now', ROOT]] as const) {
    if (!root) continue;
    measure(`\`luoshi --help\`, bundle (${name})`, () => cpu(process.execPath, [path.join(root, 'bin/luoshi.js'), '--help'], { cwd: root }));
    measure(`\`luoshi --help\`, from source (${name})`, () => cpu(process.execPath, [path.join(root, 'bin/luoshi.js'), '--help'], { cwd: root, env: fromSource }));
    measure(`\`luoshi complexity\` 226 × 785, bundle (${name})`, () => cpu(process.execPath, complexityArgs(root), { cwd: root }));
  }
  const python = spawnSync('python3', ['-c', 'import ecomplexity'], { encoding: 'utf8' });
  const pyNote =
    python.status === 0
      ? (measure('py-ecomplexity 0.5.2, whole process', () =>
          cpu('python3', ['-c', `import pandas as pd; from ecomplexity import ecomplexity; d = pd.read_csv(${JSON.stringify(csv)}); d['year'] = 0; ecomplexity(d, {'time': 'year', 'loc': 'loc', 'prod': 'prod', 'val': 'val'}).to_csv(${JSON.stringify(path.join(work, 'py.csv'))})`]),
        ),
        '')
      : 'py-ecomplexity is not installed on this machine, so the goal against it (< 0.3 × its whole process) is not measured here.';

  const floor = median(figures[0].runs);
  const goals: Record<string, (s: number) => string> = {
    '`luoshi --help`, bundle (now)': (s) => `< 0.3 s: ${s < 0.3 ? 'met' : 'not met'}`,
  };
  const rows = figures.map(({ label, runs }) => {
    const m = median(runs);
    return `| ${label} | ${runs.length} | ${m.toFixed(2)} s | ${Math.min(...runs).toFixed(2)} – ${Math.max(...runs).toFixed(2)} s | ${(m - floor).toFixed(2)} s | ${goals[label]?.(m) ?? ''} |`;
  });
  const body = `## CLI

${machineLine()}

CPU time (user + system) of the whole process, from \`/usr/bin/time\`, median of ${RUNS}. "Above floor" subtracts
\`node -e ''\`. Each command's code is loaded only when that command runs (src/cli/lazy.ts), so \`--help\` loads
no command and \`complexity\` does not load the server or the database.${BEFORE ? ' "before" is the commit before that change, measured in the same run.' : ''}
${pyNote ? `\n${pyNote}\n` : ''}
| command | runs | CPU median | min – max | above floor | goal |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
  console.log(body);
  writeSection('cli', body);
  fs.rmSync(work, { recursive: true, force: true });
}

main();
