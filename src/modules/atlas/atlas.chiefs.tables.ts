import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';
import type { ChiefList, ChiefPerson, ProjectStage, WorkingGroupMember } from './atlas.chiefs.domain.ts';

type DateText = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;
type NullableNumber = ColumnType<number | null, number | null | undefined, number | null>;

/** The chain-chief records (链长制) and their lists, as Kysely sees them (db/migrations/0024_atlas_chain_chiefs.sql). */
export interface AtlasChiefTables {
  atlas_chain_chiefs: {
    region_code: string;
    chain_key: string;
    chief: JSONColumnType<ChiefPerson | null, string | null, string | null>;
    deputies: JSONColumnType<ChiefPerson[], string, string>;
    office_unit_id: string | null;
    office_name: string | null;
    office_contact: string | null;
    working_group: JSONColumnType<WorkingGroupMember[], string, string>;
    note: string | null;
    updated_by: string | null;
    updated_by_name: string | null;
    updated_at: DefaultTimestamp;
  };
  atlas_chain_chief_items: {
    region_code: string;
    id: Generated<string>;
    chain_key: string;
    list: ChiefList;
    name: string;
    segment_key: string | null;
    uscc: string | null;
    role: string | null;
    amount: NullableNumber;
    stage: ProjectStage | null;
    status: string | null;
    chokepoint_id: string | null;
    issuer: string | null;
    doc_number: string | null;
    issued_on: NullableDate;
    link: string | null;
    note: string | null;
    as_of: DateText;
    position: Generated<number>;
    /** The ledger task, tracking project and the plan's region of a key project followed in the ledger (0032). */
    tracked_plan_id: ColumnType<string | null, string | null | undefined, string | null>;
    tracked_task_id: ColumnType<string | null, string | null | undefined, string | null>;
    tracked_project_id: ColumnType<string | null, string | null | undefined, string | null>;
    tracked_region: ColumnType<string | null, string | null | undefined, string | null>;
    updated_by: string | null;
    updated_by_name: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
}
