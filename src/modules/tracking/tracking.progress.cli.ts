import fs from 'node:fs';
import type { Command } from 'commander';
import { withCliContext, output } from '../../cli/context.ts';
import { CLASS_NAMES, WARNING_NAMES, type ProgressClass, type WarningLevel } from './tracking.progress.domain.ts';
import type { StatusTask } from './tracking.progress.service.ts';

/** The result of `luoshi status --plan`. */
interface PlanStatus {
  asOf: string;
  tasks: StatusTask[];
}

const pct = (p: number | null) => (p === null ? '—' : `${p}%`);

/**
 * Prints `luoshi status --plan`: as JSON exactly `{tasks:[{number, text, expected, actual, class, warning, reason}]}`,
 * or one line per task with the Chinese names (超进度 … 逾期; 蓝/黄/红).
 */
export function printPlanStatus(json: boolean, status: PlanStatus): void {
  const tasks = status.tasks.map((t) => ({ number: t.number, text: t.text, expected: t.expected, actual: t.actual, class: t.class, warning: t.warning, reason: t.reason }));
  output(json, { tasks }, () =>
    [
      `截至 / as of ${status.asOf}`,
      ...tasks.map((t) => {
        const warning = t.warning ? `${WARNING_NAMES[t.warning as WarningLevel].zh}色预警` : '—';
        return `${t.number}\t${CLASS_NAMES[t.class as ProgressClass].zh}\t${warning}\t应 ${pct(t.expected)} / 实 ${pct(t.actual)}\t${t.text}\n\t${t.reason}`;
      }),
    ].join('\n'),
  );
}

/** Registers `luoshi tracking recompute`. */
export function registerTrackingCommands(program: Command): void {
  const tracking = program.command('tracking').description('督查：进度与预警 / supervision: progress, class and warning');
  tracking
    .command('recompute')
    .description('重算全部任务的序时进度、进度分类与预警 / recompute every task’s expected progress, class and warning (the daily job)')
    .option('--as-of <date>', 'the day to judge on (YYYY-MM-DD), today by default')
    .option('--plan <id>', 'only this plan')
    .option('--full', 'recompute every task, not only those whose standing can have changed since the last recompute')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const { recomputeProgress } = await import('./tracking.progress.service.ts');
      await withCliContext({ as: opts.as, quiet: true }, async (ctx) => {
        const r = await recomputeProgress(ctx, { asOf: opts.asOf, planId: opts.plan, full: Boolean(opts.full) });
        output(opts.json, r, () => `截至 ${r.asOf} 重算 ${r.plans} 个规划的 ${r.tasks} 项任务 / recomputed ${r.tasks} tasks of ${r.plans} plans as of ${r.asOf}`);
      });
    });

  tracking
    .command('ledger')
    .description('导出工作台账 (.xlsx) / export the 台账: the task-division table with each task’s class, warning and latest progress')
    .requiredOption('--plan <id>', 'the plan')
    .requiredOption('--out <file>', 'output file (.xlsx)')
    .option('--as-of <date>', 'the day of the standings (YYYY-MM-DD), today by default')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print a summary as JSON')
    .action(async (opts) => {
      const out = opts.out as string;
      if (!/\.xlsx$/i.test(out)) throw new Error(`--out 须以 .xlsx 结尾 / --out must end in .xlsx, got "${out}"`);
      const [{ exportProgressLedger }, { startProgress }] = await Promise.all([import('./tracking.ledger.service.ts'), import('../../lib/cli-progress.ts')]);
      await withCliContext({ as: opts.as, quiet: true }, async (ctx) => {
        const tmp = `${out}.partial`;
        const progress = startProgress('导出台账 / export the ledger', { quiet: opts.json });
        try {
          const r = await exportProgressLedger(ctx, opts.plan, tmp, { asOf: opts.asOf, onProgress: (n) => progress.update(n, Math.max(n, 1)) });
          fs.renameSync(tmp, out);
          progress.stop();
          output(opts.json, { file: out, asOf: r.asOf, ...r.summary }, () => `截至 ${r.asOf} 的台账 ${r.summary.tasks} 项任务已写入 ${out} / wrote the ledger of ${r.summary.tasks} tasks as of ${r.asOf} to ${out}`);
        } finally {
          progress.stop();
          fs.rmSync(tmp, { force: true });
        }
      });
    });
  tracking
    .command('briefing')
    .description('导出进展情况通报 (.docx，公文格式) / export the progress briefing as a Word document in 公文 layout')
    .requiredOption('--plan <id>', 'the plan')
    .requiredOption('--out <file>', 'output file (.docx)')
    .option('--as-of <date>', 'the day of the briefing (YYYY-MM-DD), today by default')
    .option('--issuer <name>', '发文机关署名 / the signature, e.g. 市委督查室 (the --as account’s unit by default, else 督查室)')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print a summary as JSON')
    .action(async (opts) => {
      const out = opts.out as string;
      if (!/\.docx$/i.test(out)) throw new Error(`--out 须以 .docx 结尾 / --out must end in .docx, got "${out}"`);
      const { exportBriefingDocx } = await import('./tracking.briefing.service.ts');
      await withCliContext({ as: opts.as, quiet: true }, async (ctx) => {
        const file = await exportBriefingDocx(ctx, opts.plan, opts.asOf, opts.issuer);
        fs.writeFileSync(out, file.buffer);
        output(opts.json, { file: out, asOf: file.asOf, bytes: file.buffer.length }, () => `截至 ${file.asOf} 的进展情况通报已写入 ${out} / wrote the briefing as of ${file.asOf} to ${out}`);
      });
    });
}
