import { defineModule, type ModuleManifest } from '../../server/module.ts';
import type { TrackingTables } from './tracking.tables.ts';

/** The tracking module as the registry (src/server/registry.ts) sees it: progress reports, their review, evidence, closing, deadline changes. */
export const trackingModule: ModuleManifest<TrackingTables> = defineModule({
  name: 'tracking',
  title: { zh: '督查督办', en: 'Tracking and supervision' },
  routes: async () => [(await import('./tracking.reports.routes.ts')).trackingReportRoutes],
  policy: async () => (await import('./tracking.policy.ts')).trackingPolicy,
  capabilities: (policy, actor) => ({ reviewReports: policy.reporting.reviewQueue(actor) }),
  cli: [
    {
      commands: { report: '进展报告 / progress reports (import a progress table kept by hand)' },
      load: async () => (await import('./tracking.cli.ts')).registerReportCommands,
    },
  ],
  seedDemo: async () => (await import('./tracking.seed.ts')).seedDemoReports,
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
    },
  },
  citus: { distributed: ['task_reports', 'report_events', 'report_evidence', 'deadline_changes'] },
});
