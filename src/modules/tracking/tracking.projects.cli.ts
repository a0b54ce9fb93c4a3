import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withCliContext, output } from '../../cli/context.ts';

/** Registers `luoshi project import`. */
export function registerProjectCommands(program: Command): void {
  const project = program.command('project').description('项目 / projects of tasks (import a project table kept by hand)');
  project
    .command('import <file>')
    .description('导入项目表 (.xlsx .csv)，按任务序号对应到任务 / import a project table, rows matched to tasks by task number')
    .requiredOption('--plan <id>', 'the plan whose tasks the rows name by number')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--dry-run', 'read and check every row, save nothing')
    .option('--json', 'print JSON')
    .action(async (file: string, opts) => {
      const bytes = new Uint8Array(fs.readFileSync(file));
      const { importProjects } = await import('./tracking.projects.import.ts');
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const result = await importProjects(ctx, bytes, path.basename(file), opts.plan as string, { dryRun: Boolean(opts.dryRun) });
        const { rows, ...summary } = result;
        output(opts.json, opts.dryRun ? { ...summary, rows: rows.map((r) => ({ row: r.row, seq: r.seq, taskId: r.taskId, ...r.fields })) } : summary, () =>
          [
            `${opts.dryRun ? '(dry run) would import' : 'imported'} ${summary.projects} projects (${summary.amount} 万元) on ${summary.tasks} tasks from sheet "${summary.sheet}" (header at row ${summary.headerRow})`,
            ...rows.map((r) => `  row ${r.row}: task ${r.seq} ${r.fields.name} ${r.fields.amount} 万元 ${r.fields.stage}`),
          ].join('\n'),
        );
      });
    });
}
