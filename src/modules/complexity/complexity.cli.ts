import type { Command } from 'commander';
import { startProgress } from '../../lib/cli-progress.ts';
import { output } from '../../cli/output.ts';

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
  return n;
}

/** Registers `luoshi complexity`. */
export function registerComplexityCommand(program: Command): void {
  program
    .command('complexity <file>')
    .description('经济复杂度 / economic complexity (RCA, proximity, density, ECI/PCI, COI/COG) from a location × product CSV')
    .requiredOption('--loc <column>', 'location column')
    .requiredOption('--prod <column>', 'product or industry column')
    .requiredOption('--val <column>', 'value column')
    .option('--time <column>', 'period column (each period is computed on its own)')
    .option('--pop <column>', 'population column: presence by RPOP instead of RCA')
    .option('--presence <column>', 'a 0/1 column that gives presence (M) directly')
    .option('--threshold <n>', 'RCA (or RPOP) threshold for presence', '1')
    .option('--asymmetric', 'asymmetric proximity (divide by the ubiquity of the first product)')
    .option('--continuous', 'continuous proximity ((1 + correlation of RCA) / 2), and RCA in density')
    .requiredOption('--out <file>', 'output CSV: one row per location × product')
    .option('--proximity <file>', 'also write the proximity of every pair of products')
    .option('--json', 'print a summary as JSON')
    .action(async (file: string, opts) => {
      const { runComplexityCommand } = await import('./complexity.command.ts');
      const progress = startProgress('经济复杂度 / complexity', { quiet: opts.json });
      try {
        const summary = await runComplexityCommand({
          file,
          loc: opts.loc,
          prod: opts.prod,
          val: opts.val,
          time: opts.time,
          pop: opts.pop,
          presence: opts.presence,
          threshold: number('--threshold', opts.threshold),
          asymmetric: Boolean(opts.asymmetric),
          continuous: Boolean(opts.continuous),
          out: opts.out,
          proximity: opts.proximity,
          onProgress: (p) => progress.update(p.done, p.total, `${p.stage}${p.period ? ` ${p.period}` : ''}`),
        });
        progress.stop();
        output(opts.json, summary, () =>
          [`wrote ${summary.rows} rows (${summary.locations} locations × ${summary.products} products, ${summary.periods} period(s)) to ${opts.out}`, ...summary.warnings.map((w) => `warning: ${w}`)].join('\n'),
        );
      } finally {
        progress.stop();
      }
    });
}
