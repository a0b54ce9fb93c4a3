import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';
import type { ProgressClass, WarningLevel } from './tracking.progress.domain.ts';

type Percent = ColumnType<number | null, number | null | undefined, number | null>;

/** The progress part of the tracking module's tables (migration 0007), as Kysely sees them. */
export interface ProgressTables {
  /** The numbers of the rule a supervisor set for one plan; without a row the plan follows DEFAULT_RULE. */
  plan_progress_rules: {
    region_code: string;
    plan_id: string;
    ahead_points: number;
    behind_points: number;
    blue_days: number;
    red_late_reports: number;
    updated_by: string | null;
    updated_at: DefaultTimestamp;
  };
  /** A task's standing as of a day, kept so dashboards and rankings read it instead of recomputing it. */
  task_progress: {
    region_code: string;
    task_id: string;
    plan_id: string;
    /** The day the row is shown for; null: its plan's progress day (plan_dashboard_state.progress_as_of, migration 0029). */
    as_of: string | null;
    /** Written before 0029 only (null since: the percent is read off expected_line for the day shown). */
    expected: Percent;
    /** The line expected progress follows, `day:percent,…` (expectedLine); null when the task has none. */
    expected_line: string | null;
    actual: Percent;
    class: ProgressClass;
    warning: WarningLevel | null;
    late_reports: number;
    /** Reports owed by as_of and how many came on time (migration 0012). */
    reports_due: ColumnType<number, number | undefined, number>;
    reports_on_time: ColumnType<number, number | undefined, number>;
    /** The reason, its day-dependent words as placeholders (renderReason). */
    reason_zh: string;
    reason_en: string;
    /**
     * The first day after its day the standing can change, its inputs unchanged (migration 0035: nextChange); null
     * when not known (stored before 0035, its inputs changed since, or a single task's refresh): recomputed on its plan's next turn.
     */
    next_change: ColumnType<string | null, string | null | undefined, string | null>;
    updated_at: DefaultTimestamp;
  };
  /**
   * Each task's lead reports summed up (migration 0021), written afresh by every report write (refreshReportSummaries),
   * so the recompute reads one row per task: the latest accepted percent, the day it became known, the reports owed.
   */
  task_report_summaries: {
    region_code: string;
    task_id: string;
    plan_id: string;
    actual: ColumnType<string | number | null, string | number | null, string | number | null>;
    known_on: string | null;
    dues: string | null;
  };
  /** Tasks (and optionally one report) a supervisor picked to highlight in the briefing of a day (migration 0012). */
  briefing_highlights: {
    region_code: string;
    id: Generated<string>;
    plan_id: string;
    briefing_date: string;
    task_id: string;
    report_id: string | null;
    note: Generated<string>;
    position: Generated<number>;
    created_by: string | null;
    created_at: DefaultTimestamp;
  };
  /** Per plan: the stamp bumped by every write of its standings, and what its stored dashboard counts were taken at (migration 0015). */
  plan_dashboard_state: {
    region_code: string;
    plan_id: string;
    stamp: ColumnType<string | number, number | undefined, number>;
    summary_stamp: ColumnType<string | number | null, number | null | undefined, number | null>;
    summary_plan_updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    summary_as_of: string | null;
    /** The directory's state the counts were taken at (orgStamp: units and people; migration 0022). */
    summary_org_stamp: string | null;
    /** The day of the plan's last whole recompute: the day its standings with as_of null are shown for (migration 0029). */
    progress_as_of: string | null;
    /** The plan-wide inputs its stored standings were computed from (migration 0035); null: recompute every task on the next turn. */
    progress_inputs: ColumnType<string | null, string | null | undefined, string | null>;
    tasks: ColumnType<number, number | undefined, number>;
    reports_due: ColumnType<number, number | undefined, number>;
    reports_on_time: ColumnType<number, number | undefined, number>;
  };
  /** A plan's tasks counted by class and warning, overall and per part, lead leader, lead unit and region (migration 0015). */
  plan_dashboard_counts: {
    region_code: string;
    plan_id: string;
    dim: 'total' | 'part' | 'leader' | 'unit' | 'region';
    key: string;
    /** The matched person (leader) or unit (unit) the key names; null for a name as written. */
    ref_id: string | null;
    label: string;
    total: number;
    ahead: number;
    on_track: number;
    behind: number;
    done: number;
    overdue: number;
    red: number;
    yellow: number;
    blue: number;
    no_warning: number;
  };
}
