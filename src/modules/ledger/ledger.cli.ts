import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withCliContext, output } from '../../cli/context.ts';
import { loadConfig } from '../../server/config.ts';
import { dryRun } from '../../lib/dry-run.ts';
import { startProgress } from '../../lib/cli-progress.ts';
import type * as importer from './ledger.import.service.ts';
import type { PlanType } from './ledger.tables.ts';

const PLAN_TYPES = ['decision', 'opinion', 'plan', 'work_plan', 'task_list'];

function checkPlanType(value: string | undefined): PlanType | undefined {
  if (value === undefined) return undefined;
  if (!PLAN_TYPES.includes(value)) throw new Error(`--type must be one of ${PLAN_TYPES.join(', ')}, got "${value}"`);
  return value as PlanType;
}

/** `--issued`: a calendar date written YYYY-MM-DD (checked again by the service), or undefined when not given. */
function checkDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`--issued must be a date written YYYY-MM-DD, got "${value}"`);
  return value;
}

// Each command loads what it needs (document readers, ExcelJS, docx) when it runs, so `luoshi serve` starts fast.
// The document readers come with the file limits of the configuration (LUOSHI_FILE_TIMEOUT_S, LUOSHI_FILE_HEAP_MB).
const documents = async () => {
  const module = await import('../documents/index.ts');
  const config = loadConfig();
  module.configureFileLimits({ timeoutSeconds: config.fileTimeoutSeconds, heapMb: config.fileHeapMb });
  return module;
};
const plansService = () => import('./ledger.plans.service.ts');

/** Registers `luoshi parse` and `luoshi plan import|export|list|create`. */
export function registerPlanCommands(program: Command): void {
  program
    .command('parse <file>')
    .description('解析公文为条目树 / parse an official document (.txt .md .docx .pdf) into its outline')
    .option('--json', 'print the parsed document as JSON')
    .action(async (file: string, opts) => {
      const { parseDocumentFile, renderOutline } = await documents();
      const doc = await parseDocumentFile(file);
      output(opts.json, doc, () => renderOutline(doc));
    });

  const plan = program.command('plan').description('规划与任务分工 / plans and task division');
  plan
    .command('import <file>')
    .description('导入任务分工表 (.xlsx) / import a task-division table; --dry-run shows what would be created')
    .option('--sheet <name>', 'read this worksheet (default: the one that looks most like a task table)')
    .option('--plan <id>', 'add the tasks to this plan instead of creating a new task list')
    .option('--replace', 'with --plan: replace the plan’s tasks instead of adding to them')
    .option('--title <title>', 'title of the new plan (default: the table’s title row)')
    .option('--region <code>', 'region code of the new plan', '120000')
    .option('--type <type>', `plan type of the new plan (${PLAN_TYPES.join(', ')})`, 'task_list')
    .option('--issued <date>', '印发日期 YYYY-MM-DD / the date the plan takes effect (default: the document date)')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--dry-run', 'read and match everything, save nothing')
    .option('--json', 'print JSON')
    .action(async (file: string, opts) => {
      const planType = checkPlanType(opts.type);
      const bytes = new Uint8Array(fs.readFileSync(file));
      const fileName = path.basename(file);
      const importer = await import('./ledger.import.service.ts');
      const previewByServer = async () => {
        // A running server holds the embedded data folder: it previews the table on its database (nothing is saved).
        const { askServer } = await import('../../server/control-socket.ts');
        const request = { op: 'plan-import-preview' as const, file: path.resolve(file), sheet: opts.sheet, as: opts.as, user: process.env.USER };
        const preview = await askServer<importer.ImportPreview>(loadConfig().dataDir, request);
        output(opts.json, preview, () => renderPreview(preview));
      };
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        if (opts.dryRun) {
          const preview = await importer.previewTaskTable(ctx, bytes, fileName, { sheet: opts.sheet });
          output(opts.json, preview, () => renderPreview(preview));
          return;
        }
        const issuedDate = checkDate(opts.issued);
        const target = opts.plan
          ? { planId: opts.plan as string, mode: opts.replace ? ('replace' as const) : ('append' as const) }
          : { newPlan: { title: opts.title, regionCode: opts.region, planType, issuedDate } };
        const result = await importer.importTaskTable(ctx, bytes, fileName, target, { sheet: opts.sheet });
        if (opts.plan && issuedDate) await (await plansService()).setPlanSchedule(ctx, opts.plan, { issuedDate });
        output(opts.json, result, () =>
          [
            `imported ${result.created} tasks from sheet "${result.sheet}" into plan ${result.planId}`,
            ...result.problems.map((p) => `  row ${p.row} ${p.field}: ${p.message}`),
            ...result.unmatched.units.map((u) => `  unmatched unit 「${u.raw}」 (rows ${u.rows.join(', ')})`),
            ...result.unmatched.leaders.map((u) => `  unmatched leader 「${u.raw}」 (rows ${u.rows.join(', ')})`),
          ].join('\n'),
        );
      }).catch(async (error: unknown) => {
        if (opts.dryRun && (await isHeldByServer(error))) return previewByServer();
        throw error;
      });
    });

  plan
    .command('export <planId>')
    .description('导出任务分工表 (.xlsx) 或公文 (.docx) / export a plan as the official Excel table or a Word document')
    .requiredOption('--out <file>', 'output file, .xlsx or .docx')
    .option('--json', 'print a summary as JSON')
    .action(async (planId: string, opts) => {
      const out = opts.out as string;
      await withCliContext({ quiet: opts.json }, async (ctx) => {
        if (/\.docx$/i.test(out)) {
          const { exportPlanDocx } = await import('./ledger.docx.service.ts');
          const file = await exportPlanDocx(ctx, planId);
          fs.writeFileSync(out, file.buffer);
          output(opts.json, { file: out, bytes: file.buffer.length }, () => `wrote ${out}`);
          return;
        }
        if (!/\.xlsx$/i.test(out)) throw new Error(`--out must end in .xlsx or .docx, got "${out}"`);
        const { exportPlanXlsx } = await import('./ledger.export.service.ts');
        const tmp = `${out}.partial`;
        const progress = startProgress('导出 / export', { quiet: opts.json });
        try {
          const { summary } = await exportPlanXlsx(ctx, planId, tmp, (n) => progress.update(n, Math.max(n, 1)));
          fs.renameSync(tmp, out);
          progress.stop();
          output(opts.json, { file: out, ...summary }, () => `wrote ${summary.tasks} tasks in ${summary.groups} groups to ${out}`);
        } finally {
          progress.stop();
          fs.rmSync(tmp, { force: true });
        }
      });
    });

  plan
    .command('create <file>')
    .description('从公文创建规划 / create a plan from an official document (.txt .md .docx .pdf)')
    .option('--type <type>', `plan type (${PLAN_TYPES.join(', ')}); guessed from the title when omitted`)
    .option('--region <code>', 'region code', '120000')
    .option('--issued <date>', '印发日期 YYYY-MM-DD / the date the plan takes effect (default: the document date)')
    .option('--as <username>', 'act as this account')
    .option('--dry-run', 'parse and check, save nothing')
    .option('--json', 'print JSON')
    .action(async (file: string, opts) => {
      const planType = checkPlanType(opts.type);
      const doc = await (await documents()).parseDocumentFile(file);
      const plans = await plansService();
      await withCliContext({ as: opts.as, quiet: opts.json }, async (ctx) => {
        const work = (db: typeof ctx.db) =>
          plans.createPlanFromDocument({ ...ctx, db }, doc, { regionCode: opts.region, planType, issuedDate: checkDate(opts.issued), sourceName: path.basename(file), sourceText: fs.readFileSync(file, 'utf8') });
        const created = opts.dryRun ? await dryRun(ctx.db, work) : await work(ctx.db);
        output(opts.json, created, () => `${opts.dryRun ? '(dry run) would create' : 'created'} plan ${created.id} 《${created.title}》`);
      });
    });

  plan
    .command('list')
    .description('列出规划 / list plans')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const plans = await plansService();
      await withCliContext({ quiet: opts.json }, async (ctx) => {
        const list = await plans.listPlans(ctx);
        output(opts.json, list, () => list.map((p) => `${p.id}  ${p.status.padEnd(12)} ${String(p.task_count).padStart(5)} tasks  ${p.title}`).join('\n') || '(no plans)');
      });
    });
}

/** Whether opening the database failed because a running server holds the data folder and answers on its socket. */
async function isHeldByServer(error: unknown): Promise<boolean> {
  const [{ DataDirLockedError }, { controlSocketPath }] = await Promise.all([import('../../server/data-lock.ts'), import('../../server/control-socket.ts')]);
  return error instanceof DataDirLockedError && fs.existsSync(controlSocketPath(error.dataDir));
}

function renderPreview(preview: importer.ImportPreview): string {
  const lines = [`${preview.fileName}: ${preview.title || '(no title row)'} — sheet "${preview.sheet}", header at row ${preview.headerRow}, ${preview.tasks.length} tasks`];
  if (preview.sheets.length > 1) {
    const marks = (s: importer.ImportPreview['sheets'][number]) => [s.name === preview.sheet ? 'read' : '', s.taskTable ? 'task table' : 'no task header', s.hidden ? 'hidden' : ''].filter(Boolean).join(', ');
    lines.push(`sheets (choose with --sheet): ${preview.sheets.map((s) => `"${s.name}" (${marks(s)})`).join('; ')}`);
  }
  let group = '';
  for (const t of preview.tasks) {
    const g = t.groupPath.join(' / ');
    if (g !== group) lines.push(`${g}`);
    group = g;
    const due = t.deadline.dueDate ?? (t.deadline.ongoing ? 'ongoing' : t.deadline.understood ? '' : '?');
    lines.push(
      `  [row ${t.row}] ${t.seq} ${t.text.slice(0, 50)}${t.text.length > 50 ? '…' : ''}`,
      `      leaders: ${t.leaders.map((l) => l.name ?? `${l.raw}?`).join('、') || '-'}  lead: ${t.leadUnit ? (t.leadUnit.name ?? `${t.leadUnit.raw}?`) : '-'}  co: ${t.coUnits.map((u) => u.name ?? `${u.raw}?`).join('、') || '-'}`,
      `      deadline: ${t.deadlineText || '-'} → ${due}${t.deadline.recurrence ? ` (${t.deadline.recurrence})` : ''}`,
    );
  }
  if (preview.problems.length) lines.push('problems:', ...preview.problems.map((p) => `  row ${p.row}${p.column ? ` column ${p.column}` : ''} ${p.field} [${p.severity}]: ${p.message}`));
  if (preview.unmatched.units.length) lines.push('unmatched units:', ...preview.unmatched.units.map((u) => `  「${u.raw}」 rows ${u.rows.join(', ')}${u.suggestions.length ? ` — maybe ${u.suggestions.map((s) => s.name).join(' / ')}` : ''}`));
  if (preview.unmatched.leaders.length) lines.push('unmatched leaders:', ...preview.unmatched.leaders.map((u) => `  「${u.raw}」 rows ${u.rows.join(', ')}`));
  return lines.join('\n');
}
