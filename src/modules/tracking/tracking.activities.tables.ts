import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';

/** What kind of activity: 专题学习, 调研, 协调会. */
export type ActivityKind = 'study' | 'research' | 'meeting';

/** The activities part of the tracking module's tables (migration 0031), as Kysely sees them. */
export interface ActivityTables {
  /** A study session, field research or coordination meeting held by a unit for a task. */
  task_activities: {
    id: Generated<string>;
    region_code: string;
    task_id: string;
    unit_id: string;
    kind: ActivityKind;
    title: string;
    held_on: ColumnType<string, string, string>;
    participants: string | null;
    outcome: string | null;
    created_by: string | null;
    author_name: Generated<string>;
    created_at: DefaultTimestamp;
  };
}
