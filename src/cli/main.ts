import { Command, CommanderError } from 'commander';
import { ConfigError } from '../server/config.ts';
import { AppError } from '../lib/errors.ts';
import { ForbiddenError } from '../lib/abilities.ts';
import { registerServe } from './serve.ts';
import { registerDatabaseCommands } from './database.ts';
import { registerUserCommands } from './user.ts';
import { moduleCommands } from './modules.ts';

/** Builds the `luoshi` command with every sub-command. */
export function buildProgram(): Command {
  const program = new Command('luoshi')
    .description('落实 Luoshi — from a decision document to results (督查督办 · 产业链图谱 · 经济复杂度 · 对接活动)')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerDatabaseCommands(program);
  registerUserCommands(program);
  for (const register of moduleCommands) register(program);
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

if (process.argv[1] && /luoshi(\.m?js)?$|cli[\\/]main\.ts$/.test(process.argv[1])) {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    process.exitCode = reportCliError(error);
  }
}
