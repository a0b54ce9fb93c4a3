import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withCliContext, output } from '../../cli/context.ts';

/** Registers `luoshi report import`. */
export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('进展报告 / progress reports (import a progress table kept by hand)');
  report
    .command('import <file>')
    .description('导入进展台账 (.xlsx .csv) 为已审核的历史报告 / import a progress table (one row per task and period) as accepted history')
    .requiredOption('--plan <id>', 'the plan whose tasks the rows name by number')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--dry-run', 'read and check every row, save nothing')
    .option('--json', 'print JSON')
    .action(async (file: string, opts) => {
      const bytes = new Uint8Array(fs.readFileSync(file));
      const { importReports } = await import('./tracking.import.service.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const result = await importReports(ctx, bytes, path.basename(file), opts.plan as string, { dryRun: Boolean(opts.dryRun) });
        const { rows, ...summary } = result;
        output(opts.json, opts.dryRun ? result : summary, () =>
          [
            `${opts.dryRun ? '(dry run) would import' : 'imported'} ${summary.reports} reports on ${summary.tasks} tasks from sheet "${summary.sheet}" (header at row ${summary.headerRow})`,
            ...rows.map((r) => `  row ${r.row}: task ${r.seq} ${r.period} ${r.percent ?? '-'}% ${r.doneText.slice(0, 40)}`),
          ].join('\n'),
        );
      });
    });
}
