import type { Command } from 'commander';

/** Sub-command registrars of the modules (parse, plan, complexity …); each module appends its own. */
export const moduleCommands: ((program: Command) => void)[] = [];
