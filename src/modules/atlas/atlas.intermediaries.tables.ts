import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';
import type { IntermediaryKind, MemberRole } from './atlas.intermediaries.domain.ts';

/** Intermediaries and their members, as Kysely sees them (db/migrations/0025_atlas_intermediaries.sql). */
export interface AtlasIntermediaryTables {
  atlas_intermediaries: {
    region_code: string;
    id: Generated<string>;
    name: string;
    kind: IntermediaryKind;
    uscc: string | null;
    contact: string | null;
    address: string | null;
    website: string | null;
    chain_ids: string[];
    cluster_ids: string[];
    note: string | null;
    created_by: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  atlas_intermediary_members: {
    /** The intermediary's region, not the member's. */
    region_code: string;
    intermediary_id: string;
    uscc: string;
    role: MemberRole;
    since: ColumnType<string | null, string | null | undefined, string | null>;
    created_at: DefaultTimestamp;
  };
}
