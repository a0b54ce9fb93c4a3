import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';
import type { ProjectKind, ProjectSourceKind, ProjectStage } from './tracking.projects.domain.ts';

type DateColumn = ColumnType<string | null, string | null | undefined, string | null>;

/** The projects part of the tracking module's tables (migration 0011), as Kysely sees them. */
export interface ProjectTables {
  /** A project (项目) of a task: its amount in 万元, where it is, its partner, its chain segment and stage with dates. */
  task_projects: {
    id: Generated<string>;
    region_code: string;
    plan_id: string;
    task_id: string;
    kind: ProjectKind;
    name: string;
    amount: number;
    site_region_code: string | null;
    partner_name: string | null;
    partner_uscc: string | null;
    chain_segment: string | null;
    segment_id: string | null;
    stage: Generated<ProjectStage>;
    signed_on: DateColumn;
    started_on: DateColumn;
    producing_on: DateColumn;
    full_on: DateColumn;
    source_kind: Generated<ProjectSourceKind>;
    source_ref: string | null;
    created_by: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
    version: Generated<number>;
  };
  /** A project's timeline: created, stage moves (a move back with its reason), edits. */
  project_events: {
    id: Generated<string>;
    region_code: string;
    project_id: string;
    task_id: string;
    action: 'create' | 'stage' | 'correct' | 'edit';
    from_stage: ProjectStage | null;
    to_stage: ProjectStage | null;
    on_date: DateColumn;
    reason: string | null;
    actor_user_id: string | null;
    actor_name: string;
    at: DefaultTimestamp;
  };
  /** A project's own short progress notes. */
  project_reports: {
    id: Generated<string>;
    region_code: string;
    project_id: string;
    task_id: string;
    report_date: string;
    stage: ProjectStage;
    body: string;
    created_by: string | null;
    author_name: string;
    created_at: DefaultTimestamp;
  };
}
