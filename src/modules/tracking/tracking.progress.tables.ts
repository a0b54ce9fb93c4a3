import type { ColumnType } from 'kysely';
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
    as_of: string;
    expected: Percent;
    actual: Percent;
    class: ProgressClass;
    warning: WarningLevel | null;
    late_reports: number;
    reason_zh: string;
    reason_en: string;
    updated_at: DefaultTimestamp;
  };
}
