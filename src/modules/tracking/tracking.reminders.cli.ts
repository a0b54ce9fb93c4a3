import type { Command } from 'commander';
import { withCliContext, output } from '../../cli/context.ts';

const KIND = { due_soon: '将到期', late: '已逾期', manual: '催办' } as const;

/** Registers `luoshi reminders run` and `luoshi reminders retry-failed`. */
export function registerReminderCommands(program: Command): void {
  const reminders = program.command('reminders').description('催办：提醒与发送 / reminders: plan and send them');
  reminders
    .command('run')
    .description('生成今天应发的催办并发送到期的投递，一次 / plan today’s reminders and send the deliveries that are due, once')
    .option('--dry-run', 'list the reminders that would be made; write and send nothing')
    .option('--today <date>', 'the day to plan for (YYYY-MM-DD), today in China by default')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print JSON')
    .action(async (opts: { dryRun?: boolean; today?: string; as?: string; json?: boolean }) => {
      if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new Error(`--today must be a date as YYYY-MM-DD, got "${opts.today}"`);
      const [{ runReminders }, { configureReminders }] = await Promise.all([import('./tracking.reminders.service.ts'), import('./tracking.notify.config.ts')]);
      await withCliContext({ as: opts.as, quiet: true }, async (ctx, _handle, config) => {
        configureReminders({ smtpUrl: config.smtpUrl, smtpFrom: config.smtpFrom, webhookHosts: config.webhookHosts });
        const r = await runReminders(ctx, { today: opts.today, dryRun: opts.dryRun });
        output(Boolean(opts.json), r, () => {
          const p = r.planned;
          const lines = [
            opts.dryRun
              ? `${p.today} 应发催办 ${p.due} 条（试运行，未写入） / ${p.due} reminders due on ${p.today} (dry run, nothing written)`
              : `${p.today} 应发催办 ${p.due} 条，新建 ${p.created} 条，排队投递 ${p.deliveries} 项 / ${p.due} reminders due, ${p.created} new, ${p.deliveries} deliveries queued`,
            ...p.reminders.map((x) => `  ${KIND[x.kind]}${x.kind === 'late' ? `（第${x.round + 1}次）` : ''}\t${x.unit}\t${x.period}（${x.due}截止）\t${x.task}${x.created ? '' : opts.dryRun ? '' : '\t(已有 / exists)'}`),
          ];
          if (r.delivered) {
            const d = r.delivered;
            lines.push(`投递：成功 ${d.sent}，待重试 ${d.retrying}，失败 ${d.failed} / deliveries: ${d.sent} sent, ${d.retrying} to retry, ${d.failed} failed`);
            for (const e of d.errors) lines.push(`  ${e.channel}\t${e.error}`);
          }
          return lines.join('\n');
        });
      });
    });
  reminders
    .command('retry-failed')
    .description('重新发送失败的投递（例如配置邮件服务器之前失败的邮件） / send failed deliveries again (e.g. e-mail that failed before the SMTP server was configured)')
    .option('--channel <channel>', 'only this channel: email, dingtalk or wecom')
    .option('--as <username>', 'act as this account (its permissions apply)')
    .option('--json', 'print JSON')
    .action(async (opts: { channel?: string; as?: string; json?: boolean }) => {
      const channels = ['email', 'dingtalk', 'wecom'] as const;
      const channel = opts.channel as (typeof channels)[number] | undefined;
      if (channel !== undefined && !channels.includes(channel)) throw new Error(`--channel must be one of ${channels.join(', ')}, got "${opts.channel}"`);
      const { retryFailedDeliveries } = await import('./tracking.notify.service.ts');
      await withCliContext({ as: opts.as, quiet: true }, async (ctx) => {
        const r = await retryFailedDeliveries(ctx, { channel });
        output(Boolean(opts.json), r, () => `已将${r.requeued}项失败的投递重新排队，下次运行 reminders run 或服务的定时任务时发送 / ${r.requeued} failed deliveries queued again; they go out on the next \`reminders run\` or the server's job`);
      });
    });
}
