import { Command, CommanderError } from 'commander';
import { ConfigError } from '../server/config.ts';
import { AppError } from '../lib/errors.ts';
import { ForbiddenError } from '../lib/abilities.ts';
import { modules } from '../server/registry.ts';
import { registerLazily, type CommandGroup } from './lazy.ts';
import { swapProcessIo, type CliIo } from './process-io.ts';

/** Every top-level command, the modules' from their manifests (src/server/registry.ts); a group's code is loaded only when one of its commands runs (see lazy.ts). */
export const commandGroups: CommandGroup[] = [
  {
    commands: { serve: '启动服务 / start the web server (embedded PGlite in LUOSHI_DATA_DIR, or PostgreSQL at DATABASE_URL)' },
    load: async () => (await import('./serve.ts')).registerServe,
  },
  {
    commands: {
      migrate: '应用数据库迁移 / apply pending database migrations',
      seed: '载入演示数据或生成规模数据 / load the demo data, or generate data at scale',
      'backup <file>': '备份整个数据库到一个文件 / back up the whole database to one file (.gz)',
      'restore <file>': '从备份文件恢复到空数据库 / restore a backup into an empty database',
      status: '数据库与数据概况 / database and data summary',
    },
    load: async () => (await import('./database.ts')).registerDatabaseCommands,
  },
  { commands: { user: '账号管理 / manage accounts' }, load: async () => (await import('./user.ts')).registerUserCommands },
  { commands: { citus: 'Citus 分布式部署 / running on a Citus cluster (docs/DEPLOYMENT-CITUS.md)' }, load: async () => (await import('./citus.ts')).registerCitusCommands },
  ...modules.flatMap((m) => m.cli ?? []),
];

/**
 * Builds the `luoshi` command for `args`: the code of the command named in them only, or every command's
 * description for the top-level help, so `luoshi --help` loads no command's code.
 */
export async function buildProgram(args: string[] = []): Promise<Command> {
  const program = new Command('luoshi')
    .description('落实 Luoshi — from a decision document to results (督查督办 · 产业链图谱 · 经济复杂度 · 对接活动)')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  await registerLazily(program, commandGroups, args);
  return program;
}

/** Prints an error the way a person can act on it and returns the exit status. */
export function reportCliError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof ConfigError) console.error(`配置错误 / configuration error: ${error.message}`);
  else if (error instanceof AppError) {
    console.error(`错误 / error: ${error.message}`);
    for (const d of error.details) console.error(`  - ${[d.row ? `row ${d.row}` : '', d.line ? `line ${d.line}` : '', d.field].filter(Boolean).join(' ')}: ${d.message}`);
  } else if (error instanceof ForbiddenError) console.error(`无权限 / not allowed: ${error.message}`);
  else if (error instanceof Error) console.error(`错误 / error: ${error.message}`);
  else console.error(error);
  return 1;
}

let running: Promise<unknown> = Promise.resolve();

/**
 * Runs `luoshi ARGS…` in this process and returns its exit status, as the command line would. With `io`, the
 * command's output, input and environment are this call's own (the process's are swapped for the duration, so
 * calls run one at a time); tests use it to run commands without starting a process per command.
 * @example const status = await runCli(['user', 'list', '--json'], { stdout: (t) => (out += t), env: { LUOSHI_DATA_DIR: dir } })
 */
export async function runCli(args: string[], io: CliIo = {}): Promise<number> {
  const turn = running.then(async () => {
    const restore = Object.keys(io).length ? swapProcessIo(io) : () => {};
    try {
      await (await buildProgram(args)).parseAsync(args, { from: 'user' });
      return typeof process.exitCode === 'number' ? process.exitCode : 0;
    } catch (error) {
      return reportCliError(error);
    } finally {
      restore();
    }
  });
  running = turn.catch(() => {});
  return turn;
}

if (process.argv[1] && /luoshi(\.m?js)?$|cli[\\/]main\.ts$/.test(process.argv[1])) {
  process.exitCode = await runCli(process.argv.slice(2));
}
