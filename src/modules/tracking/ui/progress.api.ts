import type { Static } from 'typebox';
import { api } from '../../../web/api.ts';
import type { DashboardReply, DashboardTasksReply, DashboardUnitsReply, RankingsReply, TrendReply } from '../tracking.progress.schema.ts';

export type ProgressClass = 'ahead' | 'on_track' | 'behind' | 'done' | 'overdue';
export type WarningLevel = 'red' | 'yellow' | 'blue';
export const CLASSES: ProgressClass[] = ['overdue', 'behind', 'on_track', 'ahead', 'done'];
export const WARNINGS: (WarningLevel | 'none')[] = ['red', 'yellow', 'blue', 'none'];

/** What the dashboard is narrowed to (the server's DashboardQuery). */
export interface DashboardFilter {
  part?: string;
  leader?: string;
  unit?: string;
  /** The lead unit's region code. */
  region?: string;
  kind?: 'one_off' | 'phased' | 'ongoing';
  dueFrom?: string;
  dueTo?: string;
  /** The day of the standings (today by default). */
  asOf?: string;
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



export type RankBy = 'onTime' | 'onTrack' | 'closures';

/** GET /api/plans/:id/dashboard, as the server's schema says. */
export type PlanDashboard = Static<typeof DashboardReply>;
/** One task behind a number. */
export type DashboardTask = Static<typeof DashboardTasksReply>['tasks'][number];
/** GET /api/plans/:id/rankings; one unit of the rankings (通报). */
export type PlanRankings = Static<typeof RankingsReply>;
export type UnitRanking = PlanRankings['units'][number];
/** GET /api/plans/:id/dashboard/units: a page of every lead unit (全部单位). */
export type DashboardUnits = Static<typeof DashboardUnitsReply>;
/** How the unit list sorts: 'attention' is most red, then yellow, then most tasks. */
export type UnitSort = 'attention' | 'name' | 'total' | 'red' | 'yellow' | 'blue' | 'overdue' | 'behind' | 'on_track' | 'ahead' | 'done';
export interface UnitListPage {
  q?: string;
  sort?: UnitSort;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** GET /api/plans/:id/dashboard/trend. */
export type PlanTrend = Static<typeof TrendReply>;

/** The progress routes (src/modules/tracking/tracking.progress.routes.ts). */
export const progressApi = {
  dashboard: (planId: string, filter: DashboardFilter) => api.get<PlanDashboard>(`/api/plans/${planId}/dashboard`, { ...filter }),
  tasks: (planId: string, filter: DashboardFilter & Omit<Drill, 'label'>, page: { limit: number; offset: number }) =>
    api.get<{ total: number; tasks: DashboardTask[] }>(`/api/plans/${planId}/dashboard/tasks`, { ...filter, ...page }),
  units: (planId: string, filter: DashboardFilter, page: UnitListPage) => api.get<DashboardUnits>(`/api/plans/${planId}/dashboard/units`, { ...filter, ...page }),
  trend: (planId: string, filter: DashboardFilter) => api.get<PlanTrend>(`/api/plans/${planId}/dashboard/trend`, { ...filter }),
  rankings: (planId: string, by: RankBy) => api.get<PlanRankings>(`/api/plans/${planId}/rankings`, { by }),
  issuedPlans: () => api.get<{ id: string; title: string; task_count: number }[]>('/api/plans', { status: 'issued' }),
};
