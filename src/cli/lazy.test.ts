import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { commandName } from './lazy.ts';

const PLAN = '../modules/ledger/ledger.cli.ts';
const COMPLEXITY = '../modules/complexity/complexity.cli.ts';
/** The command files, heavy server parts and modules' code behind their manifests, each recorded when something imports it. */
const WATCHED = [
  './serve.ts',
  './database.ts',
  './user.ts',
  PLAN,
  COMPLEXITY,
  '../server/app.ts',
  '../server/start.ts',
  '../server/db.ts',
  '../modules/org/org.routes.ts',
  '../modules/ledger/ledger.policy.ts',
  '../modules/ledger/ledger.seed.ts',
  '../modules/complexity/complexity.repo.ts',
];
const loaded = new Set<string>();

beforeEach(() => {
  vi.resetModules();
  loaded.clear();
  for (const file of WATCHED) {
    vi.doMock(file, async (importOriginal) => {
      loaded.add(file);
      return importOriginal();
    });
  }
});

async function run(args: string[]): Promise<{ status: number; stdout: string }> {
  const { runCli } = await import('./main.ts');
  let stdout = '';
  const status = await runCli(args, { stdout: (t) => (stdout += t), stderr: () => {} });
  return { status, stdout };
}

describe('luoshi loads a command’s code only when that command runs', () => {
  it('lists every command for --help without loading any command or the server', async () => {
    const { status, stdout } = await run(['--help']);
    expect(status).toBe(0);
    for (const cmd of ['serve', 'migrate', 'seed', 'backup <file>', 'restore <file>', 'status', 'user', 'parse <file>', 'plan', 'complexity <file>']) expect(stdout).toContain(cmd);
    expect([...loaded]).toEqual([]);
  });

  it('loads only the complexity command for `luoshi complexity --help`, and only the plan commands for `luoshi help plan`', async () => {
    const complexity = await run(['complexity', '--help']);
    expect(complexity.stdout).toContain('--json');
    expect([...loaded]).toEqual([COMPLEXITY]);
    loaded.clear();
    const plan = await run(['help', 'plan']);
    expect(plan.stdout).toMatch(/import[\s\S]*export[\s\S]*list/);
    expect(loaded.has(PLAN)).toBe(true);
    expect(loaded.has('./serve.ts') || loaded.has('./database.ts') || loaded.has(COMPLEXITY)).toBe(false);
  });

  it('suggests the nearest command for a typo without loading any', async () => {
    const { runCli } = await import('./main.ts');
    let stderr = '';
    const status = await runCli(['stauts'], { stdout: () => {}, stderr: (t) => (stderr += t) });
    expect(status).toBe(2);
    expect(stderr).toMatch(/status/);
    expect([...loaded]).toEqual([]);
  });

  it('describes each command in --help exactly as the command itself does', async () => {
    const { commandGroups } = await import('./main.ts');
    for (const group of commandGroups) {
      const program = new Command('luoshi');
      (await group.load())(program);
      const real = new Map(program.commands.map((c) => [c.name(), c.description()]));
      expect(new Set(real.keys())).toEqual(new Set(Object.keys(group.commands).map(commandName)));
      for (const [spec, description] of Object.entries(group.commands)) expect(real.get(commandName(spec)), spec).toBe(description);
    }
  });
});
