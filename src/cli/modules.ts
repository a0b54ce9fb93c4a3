import type { Command } from 'commander';
import { registerPlanCommands } from './plan.ts';
import { registerComplexityCommand } from './complexity.ts';

/** Sub-command registrars of the modules (parse, plan, complexity …); each module appends its own. */
export const moduleCommands: ((program: Command) => void)[] = [registerPlanCommands, registerComplexityCommand];
