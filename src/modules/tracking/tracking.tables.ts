import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';

type DateColumn = ColumnType<string | null, string | null | undefined, string | null>;
type MaybeTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** Where a report is: 草稿 → 已报送 → 退回修改 | 已审核. */
export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'accepted';
/** The lead unit's report (the task's report) or a supporting unit's report to the lead unit. */
export type ReportRole = 'lead' | 'co';
/** A progress report, or the closing (办结) report. */
export type ReportKind = 'progress' | 'closing';
/** One step of a report's timeline. */
export type ReportAction = 'create' | 'save' | 'submit' | 'return' | 'accept' | 'reopen' | 'import';
/** A measured value of one of the task's indicators (by its position). */
export interface IndicatorValue {
  position: number;
  value: number;
}

/** The tracking module's tables, as Kysely sees them (reports part; the progress part adds its own below). */
export interface TrackingTables {
  task_reports: {
    id: Generated<string>;
    region_code: string;
    plan_id: string;
    task_id: string;
    unit_id: string;
    role: ReportRole;
    kind: Generated<ReportKind>;
    period: string;
    period_end: string;
    due_date: DateColumn;
    status: Generated<ReportStatus>;
    done_text: Generated<string>;
    percent: ColumnType<number | null, number | null | undefined, number | null>;
    milestones_reached: Generated<number[]>;
    indicator_values: JSONColumnType<IndicatorValue[], string | undefined, string>;
    problems: Generated<string>;
    help_needed: Generated<string>;
    next_steps: Generated<string>;
    quoted_report_ids: Generated<string[]>;
    source: Generated<'app' | 'import'>;
    source_name: string | null;
    source_row: number | null;
    return_reason: string | null;
    submitted_at: MaybeTimestamp;
    reviewed_at: MaybeTimestamp;
    reviewed_by: string | null;
    created_by: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
    version: Generated<number>;
  };
  report_events: {
    id: Generated<string>;
    region_code: string;
    report_id: string;
    task_id: string;
    action: ReportAction;
    from_status: string | null;
    to_status: string;
    reason: string | null;
    actor_user_id: string | null;
    actor_name: string;
    at: DefaultTimestamp;
  };
  report_evidence: {
    id: Generated<string>;
    region_code: string;
    report_id: string;
    task_id: string;
    file_name: string;
    content_type: string;
    size_bytes: number;
    sha256: string;
    content: Uint8Array;
    uploaded_by: string | null;
    created_at: DefaultTimestamp;
  };
  deadline_changes: {
    id: Generated<string>;
    region_code: string;
    task_id: string;
    unit_id: string | null;
    old_due_date: DateColumn;
    new_due_date: string;
    reason: string;
    status: Generated<'pending' | 'approved' | 'rejected'>;
    decision_note: string | null;
    requested_by: string | null;
    requested_at: DefaultTimestamp;
    decided_by: string | null;
    decided_at: MaybeTimestamp;
  };
}
