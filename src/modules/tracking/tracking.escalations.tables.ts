import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';
import type { EscalationAction, EscalationSource, EscalationStatus } from './tracking.escalations.domain.ts';

type MaybeTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** The escalation part of the tracking module's tables (migration 0009), as Kysely sees them. */
export interface EscalationTables {
  /** The last number given to a notice in a region and year (督办〔year〕N号). */
  escalation_counters: {
    region_code: string;
    year: number;
    last_number: Generated<number>;
  };
  escalations: {
    id: Generated<string>;
    region_code: string;
    plan_id: string;
    task_id: string;
    year: number;
    number: number;
    unit_id: string | null;
    unit_name: string;
    leader_person_id: string | null;
    leader_name: string | null;
    source: EscalationSource;
    reason: string;
    requirements: string;
    reply_due: ColumnType<string, string, string>;
    status: Generated<EscalationStatus>;
    answer: string | null;
    answered_by: string | null;
    answered_by_name: string | null;
    answered_at: MaybeTimestamp;
    return_reason: string | null;
    close_note: string | null;
    closed_by: string | null;
    closed_at: MaybeTimestamp;
    issued_by: string | null;
    issued_by_name: string;
    issued_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
    version: Generated<number>;
  };
  escalation_events: {
    id: Generated<string>;
    region_code: string;
    escalation_id: string;
    action: EscalationAction;
    from_status: string | null;
    to_status: string;
    note: string | null;
    actor_user_id: string | null;
    actor_name: string;
    at: DefaultTimestamp;
  };
}
