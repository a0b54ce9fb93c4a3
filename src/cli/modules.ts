import type { CommandGroup } from './lazy.ts';

/** Sub-commands of the modules (parse, plan, complexity …), each loaded only when it runs; each module appends its own. */
export const moduleCommands: CommandGroup[] = [
  {
    commands: {
      'parse <file>': '解析公文为条目树 / parse an official document (.txt .md .docx .pdf) into its outline',
      plan: '规划与任务分工 / plans and task division',
    },
    load: async () => (await import('./plan.ts')).registerPlanCommands,
  },
  {
    commands: {
      'complexity <file>': '经济复杂度 / economic complexity (RCA, proximity, density, ECI/PCI, COI/COG) from a location × product CSV',
    },
    load: async () => (await import('./complexity.ts')).registerComplexityCommand,
  },
  {
    commands: { report: '进展报告 / progress reports (import a progress table kept by hand)' },
    load: async () => (await import('../modules/tracking/tracking.cli.ts')).registerReportCommands,
  },
  {
    commands: { tracking: '督查：进度与预警 / supervision: progress, class and warning' },
    load: async () => (await import('./tracking.ts')).registerTrackingCommands,
  },
];
