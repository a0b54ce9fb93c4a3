import type { Command } from 'commander';

/**
 * Top-level commands whose code is loaded only when one of them runs: `luoshi --help` lists them from `commands`
 * (spec → one-line description) without loading anything, and `luoshi NAME …` loads the group's registrar alone.
 * @example { commands: { 'complexity <file>': '经济复杂度 / …' }, load: async () => (await import('./complexity.ts')).registerComplexityCommand }
 */
export interface CommandGroup {
  commands: Record<string, string>;
  load: () => Promise<(program: Command) => void>;
}

/** The command name of a spec: `backup <file>` → `backup`. */
export function commandName(spec: string): string {
  return spec.split(' ')[0];
}

/**
 * Adds to `program` what `args` need: the one group whose command is named first (or after `help`), or else a
 * description-only entry for every command, for the top-level help and "did you mean" suggestions.
 */
export async function registerLazily(program: Command, groups: CommandGroup[], args: string[]): Promise<void> {
  const words = args.filter((a) => !a.startsWith('-'));
  const wanted = words[0] === 'help' ? words[1] : words[0];
  const group = groups.find((g) => Object.keys(g.commands).some((spec) => commandName(spec) === wanted));
  if (group) {
    (await group.load())(program);
    return;
  }
  for (const g of groups) for (const [spec, description] of Object.entries(g.commands)) program.command(spec).description(description);
}
