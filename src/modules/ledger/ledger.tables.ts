import type { Generated, JSONColumnType, ColumnType } from 'kysely';
import type { DefaultTimestamp, Timestamp } from '../org/index.ts';

type DateColumn = ColumnType<string | null, string | null | undefined, string | null>;

/** Kinds of plan document. */
export type PlanType = 'decision' | 'opinion' | 'plan' | 'work_plan' | 'task_list';
/** Where a plan is in its life: 讨论稿 → 征求意见 → 审议通过 → 印发. */
export type PlanStatus = 'draft' | 'consultation' | 'adopted' | 'issued';
/** How often units report on a plan's tasks. */
export type ReportCycle = 'monthly' | 'quarterly' | 'per_task';
/** The drafting office's decision on a consultation comment. */
export type CommentDecision = 'pending' | 'adopted' | 'partly' | 'rejected';

/** The ledger module's tables, as Kysely sees them. */
export interface LedgerTables {
  plans: {
    id: Generated<string>;
    region_code: string;
    title: string;
    plan_type: PlanType;
    issuer: string | null;
    doc_number: string | null;
    issued_on: DateColumn;
    /** 印发日期: when the plan takes effect (tracking's expected progress starts here); defaults to issued_on. */
    issued_date: DateColumn;
    /** How often units report: monthly (due on report_due_day), quarterly, or as each task's recurrence says. */
    report_cycle: Generated<ReportCycle>;
    report_due_day: Generated<number>;
    status: Generated<PlanStatus>;
    owner_unit_id: string | null;
    parent_plan_id: string | null;
    parent_node_key: string | null;
    current_version: Generated<number>;
    created_by: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
    version: Generated<number>;
  };
  plan_versions: {
    region_code: string;
    plan_id: string;
    number: number;
    note: Generated<string>;
    source_name: string | null;
    source_text: string | null;
    meta: JSONColumnType<PlanMeta>;
    tables: JSONColumnType<unknown[]>;
    created_by: string | null;
    created_at: DefaultTimestamp;
  };
  plan_nodes: {
    id: Generated<string>;
    region_code: string;
    plan_id: string;
    version_number: number;
    node_key: string;
    parent_key: string | null;
    position: number;
    depth: number;
    kind: string;
    marker: string;
    heading: string;
    body: string;
    ordinal: number | null;
    source_line: number | null;
  };
  /** The units a plan in consultation (征求意见) is sent to. */
  plan_consulted_units: {
    region_code: string;
    plan_id: string;
    unit_id: string;
  };
  plan_comments: {
    id: Generated<string>;
    region_code: string;
    plan_id: string;
    version_number: number;
    node_key: string | null;
    unit_id: string;
    author_user_id: string | null;
    body: string;
    decision: Generated<CommentDecision>;
    decision_reason: string | null;
    decided_by: string | null;
    decided_at: Timestamp | null;
    created_at: DefaultTimestamp;
  };
  tasks: {
    id: Generated<string>;
    region_code: string;
    plan_id: string;
    position: number;
    seq: string;
    group_path: string[];
    title: string;
    task_kind: 'one_off' | 'phased' | 'ongoing';
    deadline_text: string;
    due_date: DateColumn;
    start_date: DateColumn;
    recurrence: 'monthly' | 'quarterly' | 'half_yearly' | 'yearly' | null;
    ongoing: boolean;
    deadline_understood: boolean;
    note: string;
    extra: JSONColumnType<Record<string, string>>;
    source_row: number | null;
    node_keys: string[];
    /** 办结: set when a supervisor accepts the closing report (tracking), cleared on reopening. */
    closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    closing_report_id: ColumnType<string | null, string | null | undefined, string | null>;
    /** The first deadline, kept when a deadline change is approved. */
    original_due_date: DateColumn;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
    version: Generated<number>;
  };
  task_leaders: { region_code: string; task_id: string; position: number; raw_name: string; person_id: string | null };
  task_units: { region_code: string; task_id: string; role: 'lead' | 'co'; position: number; raw_name: string; unit_id: string | null };
  task_milestones: {
    region_code: string;
    task_id: string;
    position: number;
    title: string;
    due_text: string;
    due_date: DateColumn;
    /** The percent expected by due_date (tracking's expected progress bends here); null when not given. */
    percent: ColumnType<number | null, number | null | undefined, number | null>;
  };
  task_indicators: {
    region_code: string;
    task_id: string;
    position: number;
    name: string;
    unit_of_measure: string;
    baseline: number | null;
    target: number | null;
    target_date: DateColumn;
  };
}

/** Document metadata kept with each version. */
export interface PlanMeta {
  title?: string | null;
  docNumber?: string | null;
  issuer?: string | null;
  date?: string | null;
  dateText?: string | null;
  addressee?: string | null;
  preamble?: string;
  closing?: string;
  coveringNotice?: string | null;
  embeddedTitle?: string | null;
  warnings?: { line: number; message: string }[];
}
