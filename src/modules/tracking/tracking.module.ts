import { defineModule, type ModuleManifest } from '../../server/module.ts';
import type { TrackingTables } from './tracking.tables.ts';
import type { ProgressTables } from './tracking.progress.tables.ts';

/**
 * The tracking module as the registry (src/server/registry.ts) sees it: progress reports, their review, evidence,
 * closing, deadline changes; and progress (序时进度, class and warning as stored state), the dashboard and rankings.
 */
export const trackingModule: ModuleManifest<TrackingTables & ProgressTables> = defineModule({
  name: 'tracking',
  title: { zh: '督查督办', en: 'Tracking and supervision' },
  routes: async () => {
    const [reports, progress, views] = await Promise.all([import('./tracking.reports.routes.ts'), import('./tracking.progress.routes.ts'), import('./tracking.views.routes.ts')]);
    return [reports.trackingReportRoutes, progress.trackingProgressRoutes, views.trackingViewRoutes];
  },
  policy: async () => (await import('./tracking.policy.ts')).trackingPolicy,
  capabilities: (policy, actor) => ({
    reviewReports: policy.reporting.reviewQueue(actor),
    // 我的分管: a leader's own page, for an account that is a person holding the leader role.
    myPortfolio: actor.personId !== null && actor.roles.some((r) => r.role === 'leader') && policy.reporting.leaderPage(actor, actor.personId),
  }),
  cli: [
    {
      commands: { report: '进展报告 / progress reports (import a progress table kept by hand)' },
      load: async () => (await import('./tracking.cli.ts')).registerReportCommands,
    },
    {
      commands: { tracking: '督查：进度与预警 / supervision: progress, class and warning' },
      load: async () => (await import('./tracking.progress.cli.ts')).registerTrackingCommands,
    },
  ],
  // The demo reports on the demo decision first, then the demo plan half-way through its year (which stores every
  // issued plan's standing).
  seedDemo: async () => {
    const [{ seedDemoReports }, { seedDemoProgress }] = await Promise.all([import('./tracking.seed.ts'), import('./tracking.progress.seed.ts')]);
    return async (db, ctx) => {
      await seedDemoReports(db, ctx);
      await seedDemoProgress(db, ctx);
    };
  },
  control: { 'plan-status': async () => (await import('./tracking.progress.control.ts')).planStatusOnServer },
  audit: {
    entities: {
      report: { zh: '进展报告', en: 'Progress report' },
      deadline_change: { zh: '时限调整', en: 'Deadline change' },
    },
    actions: {
      save: { zh: '保存', en: 'Save' },
      submit: { zh: '报送', en: 'Submit' },
      return: { zh: '退回', en: 'Return' },
      accept: { zh: '审核通过', en: 'Accept' },
      reopen: { zh: '重新打开', en: 'Reopen' },
      request: { zh: '提出申请', en: 'Request' },
      approve: { zh: '同意', en: 'Approve' },
      reject: { zh: '不同意', en: 'Reject' },
      add_evidence: { zh: '上传佐证材料', en: 'Add evidence' },
      delete_evidence: { zh: '删除佐证材料', en: 'Remove evidence' },
      import: { zh: '导入', en: 'Import' },
      import_reports: { zh: '导入历史进展', en: 'Import progress history' },
      set_progress_rule: { zh: '修改进度预警规则', en: 'Change the progress rule' },
      set_highlights: { zh: '选定通报亮点', en: 'Choose briefing highlights' },
    },
  },
  citus: { distributed: ['task_reports', 'report_events', 'report_evidence', 'deadline_changes', 'plan_progress_rules', 'task_progress', 'briefing_highlights'] },
});
