/**
 * Benchmark of the economic-complexity engine: `npx tsx bench/complexity.bench.ts`.
 *
 * Two deterministic random tables the size of real ones — 226 locations × 785 products (countries
 * × HS92 4-digit) and 3,000 × 1,000 (regions × industries) — with lognormal values and about half
 * the pairs zero. Each measurement runs in its own child process so its peak RSS is its own.
 * Prints the figures and rewrites the "Complexity" section of BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runComplexityCommand } from '../src/modules/complexity/complexity.command.ts';
import { computeComplexity } from '../src/modules/complexity/complexity.domain.ts';
import { maxRss, median, writeSection } from './lib.ts';
import { generateTable, tableCsv } from './complexity.table.ts';

const SIZES = {
  small: { locations: 226, products: 785, runs: 7, goalSeconds: 0.5, goalMegabytes: 300 },
  large: { locations: 3000, products: 1000, runs: 3, goalSeconds: 10, goalMegabytes: undefined },
} as const;
type Size = keyof typeof SIZES;
type Part = 'idle' | 'baseline' | 'engine' | 'command';

interface Measurement {
  part: Part;
  size: Size | '-';
  /** Wall-clock seconds per run. */
  seconds: number[];
  /** CPU seconds (user + system, all threads) per run: what the work costs, whatever else runs. */
  cpuSeconds: number[];
  maxRssMegabytes: number;
  detail?: Record<string, number | string>;
}

/** The yardstick: a plain triple-loop Xᵀ·X (products × products over locations), as naive code would. */
function naiveGram(x: Float64Array, nLoc: number, nProd: number): Float64Array {
  const out = new Float64Array(nProd * nProd);
  for (let c = 0; c < nLoc; c++) {
    const row = c * nProd;
    for (let i = 0; i < nProd; i++) {
      const xi = x[row + i];
      if (xi === 0) continue;
      const o = i * nProd;
      for (let j = 0; j < nProd; j++) out[o + j] += xi * x[row + j];
    }
  }
  return out;
}

interface Timing {
  seconds: number[];
  cpuSeconds: number[];
}

async function timed(runs: number, fn: () => void | Promise<void>): Promise<Timing> {
  const timing: Timing = { seconds: [], cpuSeconds: [] };
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await fn();
    timing.seconds.push((performance.now() - start) / 1000);
    const used = process.cpuUsage(cpu);
    timing.cpuSeconds.push((used.user + used.system) / 1e6);
  }
  return timing;
}

/** One part of the benchmark, in this (child) process. */
async function measure(part: Part, size: Size | '-'): Promise<Measurement> {
  if (part === 'idle' || size === '-') return { part, size: '-', seconds: [], cpuSeconds: [], maxRssMegabytes: maxRss() };
  const spec = SIZES[size];
  const table = generateTable(spec.locations, spec.products, 20_240_601);
  let timing: Timing;
  let detail: Measurement['detail'];
  if (part === 'baseline') {
    naiveGram(table.values, spec.locations, spec.products); // warm-up
    timing = await timed(spec.runs, () => void naiveGram(table.values, spec.locations, spec.products));
  } else if (part === 'engine') {
    const warm = computeComplexity([table]).periods[0];
    timing = await timed(spec.runs, () => void computeComplexity([table]));
    let present = 0;
    let zero = 0;
    for (const m of warm.mcp) present += m;
    for (const v of table.values) if (v === 0) zero += 1;
    detail = {
      zeroShare: +(zero / table.values.length).toFixed(2),
      presenceShare: +(present / warm.mcp.length).toFixed(3),
      lanczosSteps: warm.eigen.steps,
      eigenResidual: warm.eigen.residual.toExponential(1),
      secondEigenvalue: +warm.eigen.value.toFixed(4),
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-bench-'));
    try {
      const file = join(dir, 'table.csv');
      writeFileSync(file, tableCsv(table));
      const run = () =>
        runComplexityCommand({
          file,
          loc: 'loc',
          prod: 'prod',
          val: 'val',
          out: join(dir, 'out.csv'),
          proximity: join(dir, 'proximity.csv'),
        }).then(() => undefined);
      await run(); // warm-up
      timing = await timed(size === 'small' ? 5 : 1, run);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { part, size, ...timing, maxRssMegabytes: maxRss(), ...(detail ? { detail } : {}) };
}



/** Runs one part in a fresh process and returns what it measured. */
function inChild(part: Part, size: Size | '-'): Measurement {
  const self = fileURLToPath(import.meta.url);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawnSync(process.execPath, ['--import', tsx, self, '--child', part, size], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`${part} ${size} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measurement;
}

function report(results: Measurement[]): string {
  const find = (part: Part, size: Size | '-') => results.find((r) => r.part === part && r.size === size)!;
  const idle = find('idle', '-');
  const s = (x: number) => `${x.toFixed(x < 1 ? 3 : 2)} s`;
  const lines = [
    `Run ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ` +
      `Node ${process.version}; load average ${loadStart} before and ${loadavg()[0].toFixed(1)} after.`,
    '',
    'Default options (RCA ≥ 1, discrete symmetric proximity). **Engine** is `computeComplexity` on an',
    'in-memory table: RCA, M, ECI/PCI, proximity, density, COI, COG. **Command** is `runComplexityCommand`:',
    'read the CSV, compute, write the results and the proximity file. **Baseline** is a naive triple-loop',
    'Xᵀ·X of the same table (products × products), a yardstick for this machine; "× baseline" compares',
    'medians of CPU time. CPU time (user + system, all threads of the process) is what the work costs;',
    'wall time also counts waiting for the CPU, which a loaded shared machine inflates, so the goals',
    'are judged on CPU time and the fastest wall time is shown beside them. Peak RSS is the whole child',
    `process (Node + tsx alone: ${idle.maxRssMegabytes} MB).`,
    '',
    '| table | part | runs | CPU median | wall median | wall min – max | × baseline | peak RSS | goal |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const size of Object.keys(SIZES) as Size[]) {
    const spec = SIZES[size];
    const base = median(find('baseline', size).cpuSeconds);
    for (const part of ['baseline', 'engine', 'command'] as const) {
      const r = find(part, size);
      const cpu = median(r.cpuSeconds);
      const goal =
        part === 'engine'
          ? `< ${spec.goalSeconds} s${spec.goalMegabytes ? `, < ${spec.goalMegabytes} MB` : ''}: ` +
            (cpu < spec.goalSeconds && (!spec.goalMegabytes || r.maxRssMegabytes < spec.goalMegabytes)
              ? 'met'
              : 'NOT met')
          : '';
      lines.push(
        `| ${spec.locations} × ${spec.products} | ${part} | ${r.seconds.length} | ${s(cpu)} | ${s(median(r.seconds))} | ` +
          `${s(Math.min(...r.seconds))} – ${s(Math.max(...r.seconds))} | ${(cpu / base).toFixed(2)} | ` +
          `${r.maxRssMegabytes} MB | ${goal} |`,
      );
    }
  }
  lines.push('');
  for (const size of Object.keys(SIZES) as Size[]) {
    const d = find('engine', size).detail!;
    lines.push(
      `- ${SIZES[size].locations} × ${SIZES[size].products}: ${Math.round(Number(d.zeroShare) * 100)}% zero values, ` +
        `M density ${d.presenceShare}; Lanczos reached λ₂ = ${d.secondEigenvalue} in ${d.lanczosSteps} steps ` +
        `(residual ${d.eigenResidual}).`,
    );
  }
  return lines.join('\n');
}


let loadStart = '?';
const args = process.argv.slice(2);
if (args[0] === '--child') {
  const result = await measure(args[1] as Part, args[2] as Size | '-');
  console.log(JSON.stringify(result));
} else {
  loadStart = loadavg()[0].toFixed(1);
  const results: Measurement[] = [inChild('idle', '-')];
  for (const size of Object.keys(SIZES) as Size[]) {
    for (const part of ['baseline', 'engine', 'command'] as const) {
      const r = inChild(part, size);
      console.log(
        `${SIZES[size].locations} × ${SIZES[size].products} ${part}: CPU ${r.cpuSeconds.map((x) => x.toFixed(3)).join(', ')} s; ` +
          `wall ${r.seconds.map((x) => x.toFixed(3)).join(', ')} s; peak RSS ${r.maxRssMegabytes} MB`,
      );
      results.push(r);
    }
  }
  const body = report(results);
  console.log(`\n${body}`);
  writeSection('complexity', `## Complexity\n\n${body}`);
}
