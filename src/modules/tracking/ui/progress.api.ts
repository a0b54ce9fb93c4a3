import { api } from '../../../web/api.ts';

export type ProgressClass = 'ahead' | 'on_track' | 'behind' | 'done' | 'overdue';
export type WarningLevel = 'red' | 'yellow' | 'blue';
export const CLASSES: ProgressClass[] = ['overdue', 'behind', 'on_track', 'ahead', 'done'];
export const WARNINGS: (WarningLevel | 'none')[] = ['red', 'yellow', 'blue', 'none'];

/** What the dashboard is narrowed to (the server's DashboardQuery). */
export interface DashboardFilter {
  part?: string;
  leader?: string;
  unit?: string;
  kind?: 'one_off' | 'phased' | 'ongoing';
  dueFrom?: string;
  dueTo?: string;
}

/** A number the user clicked: the tasks of one class or warning, within one part, leader or unit. */
export interface Drill {
  class?: ProgressClass;
  warning?: WarningLevel | 'none';
  part?: string;
  leader?: string;
  unit?: string;
  /** What the click said, shown above the list. */
  label: string;
}

export interface Tally {
  total: number;
  classes: Record<ProgressClass, number>;
  warnings: Record<WarningLevel | 'none', number>;
}
export interface DashboardGroup extends Tally {
  key: string;
  label: string;
}
export interface ProgressRule {
  aheadPoints: number;
  behindPoints: number;
  blueDays: number;
  redLateReports: number;
}

/** GET /api/plans/:id/dashboard. */
export interface PlanDashboard {
  plan: { id: string; title: string; status: string; issuedDate: string | null };
  asOf: string;
  rule: ProgressRule;
  totals: Tally;
  byPart: DashboardGroup[];
  byLeader: DashboardGroup[];
  byUnit: DashboardGroup[];
}

/** One task behind a number. */
export interface DashboardTask {
  id: string;
  number: string;
  title: string;
  part: string;
  kind: string;
  deadlineText: string;
  dueDate: string | null;
  leaders: { key: string; name: string }[];
  leadUnit: { key: string; name: string } | null;
  asOf: string;
  expected: number | null;
  actual: number | null;
  class: ProgressClass;
  warning: WarningLevel | null;
  lateReports: number;
  reason: { zh: string; en: string };
}

export type RankBy = 'onTime' | 'onTrack' | 'closures';
/** One unit of the rankings (通报). */
export interface UnitRanking {
  rank: number;
  unitKey: string;
  unitName: string;
  leads: number;
  supports: number;
  workload: number;
  onTimeRate: number | null;
  onTrackRate: number | null;
  closures: number;
  closureWeight: number;
}
export interface PlanRankings {
  asOf: string;
  by: RankBy;
  weighting: { zh: string; en: string };
  units: UnitRanking[];
}

/** The progress routes (src/modules/tracking/tracking.progress.routes.ts). */
export const progressApi = {
  dashboard: (planId: string, filter: DashboardFilter) => api.get<PlanDashboard>(`/api/plans/${planId}/dashboard`, { ...filter }),
  tasks: (planId: string, filter: DashboardFilter & Omit<Drill, 'label'>, page: { limit: number; offset: number }) =>
    api.get<{ total: number; tasks: DashboardTask[] }>(`/api/plans/${planId}/dashboard/tasks`, { ...filter, ...page }),
  rankings: (planId: string, by: RankBy) => api.get<PlanRankings>(`/api/plans/${planId}/rankings`, { by }),
  issuedPlans: () => api.get<{ id: string; title: string; task_count: number }[]>('/api/plans', { status: 'issued' }),
};
