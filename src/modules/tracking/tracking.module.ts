import { defineModule, type ModuleManifest } from '../../server/module.ts';
import type { TrackingTables } from './tracking.tables.ts';
import type { ProgressTables } from './tracking.progress.tables.ts';
import type { ProjectTables } from './tracking.projects.tables.ts';
import type { EscalationTables } from './tracking.escalations.tables.ts';
import type { ReminderTables } from './tracking.reminders.tables.ts';
import type { ActivityTables } from './tracking.activities.tables.ts';

/**
 * The tracking module as the registry (src/server/registry.ts) sees it: progress reports, their review, evidence,
 * closing, deadline changes; progress (序时进度, class and warning as stored state), the dashboard and rankings; and
 * escalation notices (督办单); reminders (催办) through the app, e-mail and group robots, as delivery jobs in the database.
 */
export const trackingModule: ModuleManifest<TrackingTables & ProgressTables & ProjectTables & EscalationTables & ReminderTables & ActivityTables> = defineModule({
  name: 'tracking',
  title: { zh: '督查督办', en: 'Tracking and supervision' },
  routes: async () => {
    return Promise.all([
      import('./tracking.reports.routes.ts').then((m) => m.trackingReportRoutes),
      import('./tracking.progress.routes.ts').then((m) => m.trackingProgressRoutes),
      import('./tracking.results.routes.ts').then((m) => m.trackingResultsRoutes),
      import('./tracking.projects.routes.ts').then((m) => m.trackingProjectRoutes),
      import('./tracking.activities.routes.ts').then((m) => m.trackingActivityRoutes),
      import('./tracking.escalations.routes.ts').then((m) => m.trackingEscalationRoutes),
      import('./tracking.reminders.routes.ts').then((m) => m.trackingReminderRoutes),
      import('./tracking.views.routes.ts').then((m) => m.trackingViewRoutes),
    ]);
  },
  policy: async () => {
    const [{ trackingPolicy }, { escalationPolicy }, { reminderPolicy }] = await Promise.all([
      import('./tracking.policy.ts'),
      import('./tracking.escalations.policy.ts'),
      import('./tracking.reminders.policy.ts'),
    ]);
    return { ...trackingPolicy, ...escalationPolicy, ...reminderPolicy };
  },
  capabilities: (policy, actor) => ({
    reviewReports: policy.reporting.reviewQueue(actor),
    // 我的填报 of the account's own unit (its liaisons; a leader's account sits in the government office but does not report).
    unitReporting: actor.unitId !== null && policy.reporting.unitPage(actor, actor.unitId),
    superviseEscalations: policy.escalation.supervise(actor),
    remindUnits: policy.reminder.send(actor),
    // Administrators set any unit's channels, a unit's editors their own unit's.
    setNotifyChannels: actor.kind !== 'public' && (policy.reminder.setChannels(actor, { id: '' }) || actor.editableUnitIds.size > 0),
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
    {
      commands: { project: '项目 / projects of tasks (import a project table kept by hand)' },
      load: async () => (await import('./tracking.projects.cli.ts')).registerProjectCommands,
    },
    {
      commands: { reminders: '催办：提醒与发送 / reminders: plan and send them' },
      load: async () => (await import('./tracking.reminders.cli.ts')).registerReminderCommands,
    },
  ],
  // The demo reports on the demo decision first, then the demo plan half-way through its year (which stores every
  // issued plan's standing), then a handful of projects on it.
  seedDemo: async () => {
    const [{ seedDemoReports }, { seedDemoProgress }, { seedDemoProjects }, { seedDemoEscalations }] = await Promise.all([
      import('./tracking.seed.ts'),
      import('./tracking.progress.seed.ts'),
      import('./tracking.projects.seed.ts'),
      import('./tracking.escalations.seed.ts'),
    ]);
    return async (db, ctx) => {
      await seedDemoReports(db, ctx);
      await seedDemoProgress(db, ctx);
      await seedDemoProjects(db, ctx);
      await seedDemoEscalations(db, ctx);
    };
  },
  statusCounts: async () => (await import('./tracking.reports.repo.ts')).countTrackingRows,
  control: { 'plan-status': async () => (await import('./tracking.progress.control.ts')).planStatusOnServer },
  // A task edited in the ledger (its deadline or milestones) is judged again at once, as after an accepted report.
  taskChanged: async () => (await import('./tracking.progress.service.ts')).refreshEditedTask,
  audit: {
    entities: {
      report: { zh: '进展报告', en: 'Progress report' },
      deadline_change: { zh: '时限调整', en: 'Deadline change' },
      project: { zh: '项目', en: 'Project' },
      activity: { zh: '活动（专题学习、调研、协调会）', en: 'Activity' },
      escalation: { zh: '督办单', en: 'Escalation notice' },
      notify_channels: { zh: '提醒渠道', en: 'Reminder channels' },
      reminder: { zh: '催办', en: 'Reminder' },
      reminder_delivery: { zh: '催办投递', en: 'Reminder delivery' },
    },
    actions: {
      save: { zh: '保存', en: 'Save' },
      retry: { zh: '重新发送', en: 'Send again' },
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
      edit: { zh: '修改', en: 'Edit' },
      stage: { zh: '推进阶段', en: 'Move stage' },
      correct: { zh: '更正阶段', en: 'Correct stage' },
      report: { zh: '报送项目进展', en: 'Report project progress' },
      import_projects: { zh: '导入项目', en: 'Import projects' },
      issue: { zh: '下发督办', en: 'Issue' },
      answer: { zh: '答复', en: 'Answer' },
      close: { zh: '办结', en: 'Close' },
      set_channels: { zh: '设置提醒渠道', en: 'Set reminder channels' },
      set_reminder_rule: { zh: '修改催办规则', en: 'Change the reminder rule' },
      remind: { zh: '催办', en: 'Send a reminder' },
      set_highlights: { zh: '选定通报亮点', en: 'Choose briefing highlights' },
    },
  },
  citus: {
    distributed: [
      'task_reports',
      'report_events',
      'report_evidence',
      'deadline_changes',
      'plan_progress_rules',
      'task_progress',
      'task_report_summaries',
      'plan_dashboard_state',
      'plan_dashboard_counts',
      'task_projects',
      'project_events',
      'project_reports',
      'task_activities',
      'escalation_counters',
      'escalations',
      'escalation_events',
      'plan_reminder_rules',
      'reminders',
      'briefing_highlights',
    ],
    // A unit's channels are small and read with units; the delivery queue is claimed across every region at once
    // (FOR UPDATE SKIP LOCKED needs one node), so it stays on the coordinator.
    reference: ['unit_notify_channels'],
    local: ['reminder_deliveries'],
  },
});
