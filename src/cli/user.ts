import type { Command } from 'commander';
import { withCliContext, output } from './context.ts';
import * as accounts from '../modules/org/org.accounts.service.ts';
import type { Role } from '../modules/org/org.tables.ts';
import { ValidationError } from '../lib/errors.ts';
import { dryRun } from '../lib/dry-run.ts';

async function readPassword(opts: { password?: string; passwordStdin?: boolean }): Promise<string> {
  if (opts.password) return opts.password;
  if (opts.passwordStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question('password: ');
  } finally {
    rl.close();
  }
}

/** Parses `role` or `role:单位名称` grants, resolving unit names through the directory. */
async function parseRoles(ctx: Parameters<Parameters<typeof withCliContext>[1]>[0], specs: string[]) {
  const units = await ctx.db.selectFrom('units').select(['id', 'name', 'short_name', 'aliases']).execute();
  return specs.map((spec, i) => {
    const [role, unitName] = spec.split(':');
    if (!unitName) return { role: role as Role };
    const unit = units.find((u) => u.id === unitName || u.name === unitName || u.short_name === unitName || u.aliases.includes(unitName));
    if (!unit) throw new ValidationError(`unknown unit "${unitName}"`, [{ field: `--role[${i}]`, message: `no unit named "${unitName}"` }]);
    return { role: role as Role, unitId: unit.id };
  });
}

/** Registers `luoshi user add|passwd|role|list`. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('账号管理 / manage accounts');
  user
    .command('add <username>')
    .description('create an account (password from --password, stdin, or a prompt)')
    .requiredOption('--name <displayName>', 'display name (姓名)')
    .option('--password <password>', 'password (prefer stdin or the prompt)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--role <role...>', 'role(s): admin, supervisor, leader, unit_editor:单位, unit_viewer:单位')
    .option('--unit <unit>', 'the unit the account belongs to (name, short name or alias)')
    .option('--json', 'print the account as JSON')
    .option('--dry-run', 'check everything, change nothing')
    .action(async (username: string, opts) => {
      const password = await readPassword(opts);
      await withCliContext({ quiet: opts.json }, async (ctx) => {
        const roles = await parseRoles(ctx, opts.role ?? []);
        let unitId: string | null = null;
        if (opts.unit) unitId = (await parseRoles(ctx, [`x:${opts.unit}`]))[0].unitId ?? null;
        const work = async (trx: typeof ctx.db) => accounts.createUser({ ...ctx, db: trx }, { username, displayName: opts.name, password, roles, unitId });
        const created = opts.dryRun ? await dryRun(ctx.db, work) : await work(ctx.db);
        output(opts.json, created, () => `${opts.dryRun ? '(dry run) would create' : 'created'} account ${username} with roles ${roles.map((r) => r.role).join(', ') || '(none)'}`);
      });
    });
  user
    .command('passwd <username>')
    .description('set an account password (from --password, stdin, or a prompt)')
    .option('--password <password>', 'new password')
    .option('--password-stdin', 'read the password from standard input')
    .option('--dry-run', 'check the password, change nothing')
    .action(async (username: string, opts) => {
      const password = await readPassword(opts);
      await withCliContext({}, async (ctx) => {
        const id = await accounts.userIdByUsername(ctx.db, username);
        const work = (trx: typeof ctx.db) => accounts.setPassword({ ...ctx, db: trx }, id, { newPassword: password });
        if (opts.dryRun) await dryRun(ctx.db, work);
        else await work(ctx.db);
        console.log(`${opts.dryRun ? '(dry run) password accepted for' : 'password changed for'} ${username}`);
      });
    });
  user
    .command('role <username> <roles...>')
    .description('replace an account’s roles, e.g. `luoshi user role chen unit_editor:市发改委 supervisor`')
    .option('--json', 'print the account as JSON')
    .option('--dry-run', 'check everything, change nothing')
    .action(async (username: string, specs: string[], opts) => {
      await withCliContext({ quiet: opts.json }, async (ctx) => {
        const id = await accounts.userIdByUsername(ctx.db, username);
        const roles = await parseRoles(ctx, specs.filter((s) => s !== 'none'));
        const work = (trx: typeof ctx.db) => accounts.setUserRoles({ ...ctx, db: trx }, id, roles);
        const updated = opts.dryRun ? await dryRun(ctx.db, work) : await work(ctx.db);
        output(opts.json, updated, () => `${opts.dryRun ? '(dry run) ' : ''}${username}: ${updated.roles.map((r) => r.role).join(', ') || '(no roles)'}`);
      });
    });
  user
    .command('list')
    .description('list accounts')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      await withCliContext({ quiet: opts.json }, async (ctx) => {
        const users = await accounts.listUsers(ctx);
        output(opts.json, users, () =>
          users.map((u) => `${u.username.padEnd(16)} ${u.active ? 'active  ' : 'inactive'} ${u.roles.map((r) => r.role).join(',').padEnd(24)} ${u.display_name}`).join('\n'),
        );
      });
    });
}
