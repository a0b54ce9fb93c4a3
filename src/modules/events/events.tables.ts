import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp, Timestamp } from '../org/index.ts';

type DateColumn = ColumnType<string, string, string>;
type Uuids = ColumnType<string[], string[] | undefined, string[]>;
type Texts = ColumnType<string[], string[] | undefined, string[]>;

/** Who takes part: an enterprise (by its 统一社会信用代码), an association, an investor or a government unit. */
export type ParticipantKind = 'enterprise' | 'association' | 'investor' | 'government';
export type EventStatus = 'draft' | 'open' | 'closed' | 'held';
export type RequestStatus = 'requested' | 'accepted' | 'declined' | 'cancelled';
export type MeetingStatus = 'planned' | 'held' | 'no_show' | 'cancelled';
export type OutcomeKind = 'intention' | 'agreement' | 'signed';

/** The events module's tables (migration 0014), as Kysely sees them; every one is distributed by the event's region. */
export interface EventTables {
  events: {
    id: Generated<string>;
    region_code: string;
    name: string;
    description: string | null;
    starts_on: DateColumn;
    ends_on: DateColumn;
    venue: string | null;
    registration_opens_at: Timestamp | null;
    registration_closes_at: Timestamp | null;
    access: Generated<'public' | 'invitation'>;
    focus_chains: Texts;
    focus_segments: Texts;
    status: Generated<EventStatus>;
    organiser_unit_id: string | null;
    task_id: string | null;
    created_by: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  event_slots: {
    id: Generated<string>;
    region_code: string;
    event_id: string;
    position: number;
    label: string;
    starts_at: Timestamp;
    ends_at: Timestamp;
  };
  event_tables: {
    id: Generated<string>;
    region_code: string;
    event_id: string;
    number: number;
    name: string | null;
    capacity: Generated<number>;
  };
  event_participants: {
    id: Generated<string>;
    region_code: string;
    event_id: string;
    kind: ParticipantKind;
    name: string;
    uscc: string | null;
    enterprise_id: string | null;
    enterprise_region_code: string | null;
    contact_name: string | null;
    contact_phone: string | null;
    contact_email: string | null;
    description: string | null;
    home_region_code: string | null;
    available_slot_ids: Uuids;
    user_id: string | null;
    code: string;
    status: Generated<'registered' | 'cancelled'>;
    checked_in_at: Timestamp | null;
    /** SHA-256 (hex) of the secret of the participant's personal link (migration 0023); null when it has none. */
    token_hash: ColumnType<string | null, string | null | undefined, string | null>;
    created_at: DefaultTimestamp;
  };
  event_offers: {
    id: Generated<string>;
    region_code: string;
    event_id: string;
    participant_id: string;
    kind: 'offer' | 'need';
    title: string;
    body: string | null;
    chain_key: string | null;
    segment_key: string | null;
    products: Texts;
    created_at: DefaultTimestamp;
  };
  event_requests: {
    id: Generated<string>;
    region_code: string;
    event_id: string;
    from_id: string;
    to_id: string;
    message: string | null;
    priority: Generated<'must' | 'nice'>;
    status: Generated<RequestStatus>;
    created_at: DefaultTimestamp;
    decided_at: Timestamp | null;
  };
  event_meetings: {
    id: Generated<string>;
    region_code: string;
    event_id: string;
    request_id: string | null;
    a_id: string;
    b_id: string;
    origin: Generated<'request' | 'organiser'>;
    slot_id: string | null;
    table_id: string | null;
    status: Generated<MeetingStatus>;
    no_show_ids: Uuids;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  event_outcomes: {
    id: Generated<string>;
    region_code: string;
    event_id: string;
    meeting_id: string;
    kind: OutcomeKind;
    amount: Generated<number>;
    chain_key: string | null;
    segment_key: string | null;
    note: string | null;
    project_id: string | null;
    created_by: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
}
