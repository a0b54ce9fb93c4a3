import { defineModule, type ModuleManifest } from '../../server/module.ts';
import type { LedgerTables } from './ledger.tables.ts';

/** The ledger module as the registry (src/server/registry.ts) sees it: plans, their versions, consultation and tasks. */
export const ledgerModule: ModuleManifest<LedgerTables> = defineModule({
  name: 'ledger',
  title: { zh: '规划与任务', en: 'Plans and tasks' },
  routes: async () => {
    const [plans, tasks] = await Promise.all([import('./ledger.routes.ts'), import('./ledger.tasks.routes.ts')]);
    return [plans.ledgerPlanRoutes, tasks.ledgerTaskRoutes];
  },
  policy: async () => (await import('./ledger.policy.ts')).ledgerPolicy,
  capabilities: (policy, actor) => ({ createPlans: policy.plan.create(actor) }),
  cli: [
    {
      commands: {
        'parse <file>': '解析公文为条目树 / parse an official document (.txt .md .docx .pdf) into its outline',
        plan: '规划与任务分工 / plans and task division',
      },
      load: async () => (await import('./ledger.cli.ts')).registerPlanCommands,
    },
  ],
  seedDemo: async () => (await import('./ledger.seed.ts')).seedDemoLedger,
  statusCounts: async () => (await import('./ledger.plans.repo.ts')).countLedgerRows,
  control: { 'plan-import-preview': async () => (await import('./ledger.control.ts')).previewImportOnServer },
  audit: {
    entities: {
      plan: { zh: '规划', en: 'Plan' },
      plan_comment: { zh: '征求意见', en: 'Consultation comment' },
      task: { zh: '任务', en: 'Task' },
    },
    actions: {
      add_tasks: { zh: '添加任务', en: 'Add tasks' },
      comment: { zh: '提出意见', en: 'Comment' },
      decide_comment: { zh: '处理意见', en: 'Decide on comment' },
      new_version: { zh: '新版本', en: 'New version' },
      set_status: { zh: '变更状态', en: 'Change status' },
      resolve_name: { zh: '认定单位名称', en: 'Resolve unit name' },
      set_schedule: { zh: '设置印发日期与报送周期', en: 'Set effective date and reporting cycle' },
    },
  },
  citus: {
    distributed: ['plans', 'plan_versions', 'plan_nodes', 'plan_comments', 'plan_consulted_units', 'tasks', 'task_leaders', 'task_units', 'task_milestones', 'task_indicators'],
  },
});
