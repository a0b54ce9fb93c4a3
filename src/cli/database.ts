import fs from 'node:fs';
import type { Command } from 'commander';
import path from 'node:path';
import { loadConfig, type Config } from '../server/config.ts';
import { DataDirLockedError } from '../server/data-lock.ts';
import { askServer, collectStatus, controlSocketPath, type StatusReport } from '../server/control-socket.ts';
import { moduleControlHandler } from '../server/registry.ts';
import { migrate, openDatabase, listMigrations } from '../server/db.ts';
import { prepareDatabase } from '../server/start.ts';
import { backupDatabase, restoreDatabase } from '../server/backup.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../modules/org/org.seed.ts';
import { startProgress } from '../lib/cli-progress.ts';
import { output } from './context.ts';
import { sql } from 'kysely';
import { ValidationError } from '../lib/errors.ts';
import { bilingual } from '../lib/bilingual.ts';

/** Registers `luoshi migrate`, `seed`, `backup`, `restore` and `status`. */
export function registerDatabaseCommands(program: Command): void {
  program
    .command('migrate')
    .description('应用数据库迁移 / apply pending database migrations')
    .option('--dry-run', 'list pending migrations, apply none')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const handle = await openDatabase(loadConfig());
      try {
        if (opts.dryRun) {
          await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(handle.db);
          const done = new Set((await handle.db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
          const pending = listMigrations().filter((m) => !done.has(m.name)).map((m) => m.name);
          output(opts.json, { pending }, () => (pending.length ? `would apply: ${pending.join(', ')}` : 'up to date'));
          return;
        }
        const applied = await migrate(handle.db);
        output(opts.json, { applied }, () => (applied.length ? `applied: ${applied.join(', ')}` : 'up to date'));
      } finally {
        await handle.close();
      }
    });

  program
    .command('seed')
    .description('载入演示数据或生成规模数据 / load the demo data, or generate data at scale')
    .option('--demo', 'load the demo region (Beijing–Tianjin–Hebei) unless already loaded')
    .option('--scale <size>', 'also generate plans, tasks, units and reports at scale: city (2,000 tasks, 200 units, 48,000 reports) or province (100,000 tasks, 3,000 units, 1,000,000 reports)')
    .option('--as-of <date>', 'with --scale: the day the generated data stands on (YYYY-MM-DD), today by default')
    .option('--seed <n>', 'with --scale: the random seed (the same seed and day give the same data)', '1')
    .option('--force', 'with --scale: go ahead on a database that holds data other than the demo region')
    .option('--enterprises <n>', 'also add N made-up enterprises to the atlas directory (示例 names, valid codes, all regions; linked to the chains present), e.g. 1000000 for benchmarks')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      if (!opts.demo && !opts.scale && !opts.enterprises) throw new ValidationError(bilingual('请指定 --demo 或 --scale city|province', 'give --demo or --scale city|province'), [{ field: 'scale', message: bilingual('缺少', 'missing') }]);
      if (opts.scale && !['city', 'province'].includes(opts.scale))
        throw new ValidationError(bilingual(`规模无效：${opts.scale}`, `unknown scale: ${opts.scale}`), [{ field: 'scale', message: bilingual('应为 city 或 province', 'must be city or province') }]);
      const handle = await prepareDatabase(loadConfig(), { demo: true, log: opts.json ? undefined : (l) => console.error(l) });
      try {
        const accounts = DEMO_ACCOUNTS.map((a) => ({ username: a.username, roles: a.roles.map((r) => r.role) }));
        if (opts.enterprises) {
          const n = Number(opts.enterprises);
          if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new ValidationError(bilingual(`企业数量无效：${opts.enterprises}`, `not a number of enterprises: ${opts.enterprises}`), [{ field: 'enterprises', message: bilingual('应为 1 至 10000000 的整数', 'must be a whole number from 1 to 10,000,000') }]);
          const { seedEnterprises } = await import('../modules/atlas/atlas.scale.ts');
          const progress = startProgress(`企业 / enterprises`, { quiet: opts.json });
          try {
            const r = await seedEnterprises(handle.db, n, { onProgress: (d, t) => progress.update(d, t, `${d}`) });
            progress.stop();
            output(opts.json, r, () => `added ${r.enterprises} enterprises and ${r.links} segment links in ${r.seconds} s`);
          } finally {
            progress.stop();
          }
          if (!opts.scale) return;
        }
        if (opts.scale) {
          const { SCALES, checkScaleTarget, seedScale } = await import('../modules/tracking/tracking.scale.cli.ts');
          await checkScaleTarget(handle.db, Boolean(opts.force));
          const progress = startProgress(`生成 / generate ${opts.scale}`, { quiet: opts.json });
          try {
            const r = await seedScale(handle.db, SCALES[opts.scale as 'city' | 'province'], { asOf: opts.asOf, seed: Number(opts.seed), onProgress: (d, t, l) => progress.update(d, t, l) });
            progress.stop();
            output(opts.json, { ...r, password: DEMO_PASSWORD, accounts }, () =>
              [
                `generated ${opts.scale}: ${r.plans} plans, ${r.tasks} tasks, ${r.units} units, ${r.leaders} leaders, ${r.reports} reports as of ${r.asOf} (insert ${r.seconds.insert} s, class and warning ${r.seconds.recompute} s)`,
                `classes: ${Object.entries(r.classes).map(([k, v]) => `${k} ${v}`).join(', ')}`,
                `warnings: ${Object.entries(r.warnings).map(([k, v]) => `${k} ${v}`).join(', ')}`,
              ].join('\n'),
            );
          } finally {
            progress.stop();
          }
          return;
        }
        output(opts.json, { seeded: handle.demoSeeded, password: DEMO_PASSWORD, accounts }, () =>
          handle.demoSeeded ? `demo region loaded; logins (password ${DEMO_PASSWORD}): ${accounts.map((a) => a.username).join(', ')}` : 'demo region already loaded',
        );
      } finally {
        await handle.close();
      }
    });

  program
    .command('backup <file>')
    .description('备份整个数据库到一个文件 / back up the whole database to one file (.gz)')
    .option('--json', 'print the row counts as JSON')
    .action(async (file: string, opts) => {
      const config = loadConfig();
      const handle = await openOrAskServer(config);
      const progress = startProgress('备份 / backup', { quiet: opts.json });
      const onProgress = (table: string, rows: number) => progress.update(rows, rows, table);
      try {
        const counts = handle
          ? await backupDatabase(handle.db, file, onProgress, { key: config.backupKey })
          : (await askServer<{ counts: Record<string, number> }>(config.dataDir, { op: 'backup', file: path.resolve(file) }, onProgress)).counts;
        progress.stop();
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        const by = handle ? '' : ' (by the running server)';
        output(opts.json, { file, counts }, () => `backed up ${total} rows from ${Object.keys(counts).length} tables to ${file} (${fs.statSync(file).size} bytes)${by}`);
      } finally {
        progress.stop();
        await handle?.close();
      }
    });

  program
    .command('restore <file>')
    .description('从备份文件恢复到空数据库 / restore a backup into an empty database')
    .option('--replace', 'delete every existing row first (in the same transaction)')
    .option('--dry-run', 'read and check the whole file and insert it, then roll back')
    .option('--unverified', 'restore even when the checksum or signature is missing or does not match')
    .option('--json', 'print the row counts as JSON')
    .action(async (file: string, opts) => {
      const config = loadConfig();
      const handle = await openDatabase(config);
      const progress = startProgress('恢复 / restore', { quiet: opts.json });
      const verify = { key: config.backupKey, unverified: Boolean(opts.unverified), onWarning: (w: string) => console.error(`warning: ${w}`) };
      try {
        const run = () => restoreDatabase(handle.db, file, { ...verify, replace: opts.replace, onProgress: (t, n) => progress.update(n, n, t) });
        let counts: Record<string, number>;
        if (opts.dryRun) {
          const { dryRun } = await import('../lib/dry-run.ts');
          counts = await dryRun(handle.db, async (trx) => restoreDatabase(trx, file, { ...verify, replace: opts.replace }));
        } else counts = await run();
        progress.stop();
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        output(opts.json, { file, counts, dryRun: Boolean(opts.dryRun) }, () => `${opts.dryRun ? '(dry run) would restore' : 'restored'} ${total} rows into ${Object.keys(counts).length} tables`);
      } finally {
        progress.stop();
        await handle.close();
      }
    });

  program
    .command('status')
    .description('数据库与数据概况 / database and data summary')
    .option('--plan <id>', "a plan's tasks instead: expected and accepted percent, class, warning and reason (序时进度)")
    .option('--as-of <date>', 'with --plan: the day to judge on (YYYY-MM-DD), today by default')
    .option('--as <username>', 'with --plan: act as this account (its permissions apply)')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const config = loadConfig();
      const handle = await openOrAskServer(config);
      try {
        if (opts.plan) {
          const request = { op: 'plan-status', planId: String(opts.plan), asOf: opts.asOf as string | undefined, as: opts.as as string | undefined, user: process.env.USER };
          const [{ printPlanStatus }, handler] = await Promise.all([import('../modules/tracking/tracking.progress.cli.ts'), moduleControlHandler('plan-status')]);
          type PlanStatus = Parameters<typeof printPlanStatus>[1];
          printPlanStatus(Boolean(opts.json), (handle ? await handler!(handle.db, request) : await askServer(config.dataDir, request)) as PlanStatus);
          return;
        }
        const { migrations, counts } = handle ? await collectStatus(handle.db) : await askServer<StatusReport>(config.dataDir, { op: 'status' });
        const kind = handle?.kind ?? 'pglite';
        const where = kind === 'pglite' ? ` (${config.dataDir}${handle ? '' : ', answered by the running server'})` : '';
        output(opts.json, { database: kind, dataDir: kind === 'pglite' ? config.dataDir : null, migrations, counts }, () =>
          [`database: ${kind}${where}`, `migrations: ${migrations.join(', ')}`, ...Object.entries(counts).map(([k, v]) => `${k}: ${v}`)].join('\n'),
        );
      } finally {
        await handle?.close();
      }
    });
}

/**
 * Opens the configured database, or returns null when a running server holds the embedded data folder and answers
 * on its socket (the command then asks it); a held folder without a socket is refused as before.
 */
async function openOrAskServer(config: Config) {
  try {
    return await prepareDatabase(config);
  } catch (error) {
    if (error instanceof DataDirLockedError && fs.existsSync(controlSocketPath(config.dataDir))) return null;
    throw error;
  }
}
