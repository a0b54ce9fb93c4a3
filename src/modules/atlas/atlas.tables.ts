import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';
import type { ChainChanges } from './atlas.chain-diff.domain.ts';
import type { Stage } from './atlas.chain-format.domain.ts';

type DateColumn = ColumnType<string | null, string | null | undefined, string | null>;

/** Evidence of an enterprise's link to a segment: strong (patents, tenders, products), medium (business scope, industry code), weak (name, region). */
export type Evidence = 'strong' | 'medium' | 'weak';
/** What local staff decided about a link. */
export type LinkDecision = 'confirmed' | 'uncertain' | 'rejected';
/** Size band (大型/中型/小型/微型, by the NBS classification). */
export type SizeBand = 'large' | 'medium' | 'small' | 'micro';

/** The atlas module's tables, as Kysely sees them (db/migrations/0013_atlas.sql). */
export interface AtlasTables {
  /** Import page uploads and runs (db/migrations/0018_atlas_import_jobs.sql). */
  atlas_import_uploads: {
    id: string;
    owner: string | null;
    file_name: string;
    size: number;
    created_at: DefaultTimestamp;
    expires_at: ColumnType<Date, Date | string, Date | string>;
  };
  atlas_import_upload_parts: {
    upload_id: string;
    part: number;
    bytes: Uint8Array;
  };
  atlas_import_jobs: {
    id: string;
    owner: string | null;
    upload_id: string | null;
    file_name: string;
    dry_run: boolean;
    status: 'running' | 'done' | 'failed';
    bytes: Generated<number>;
    total_bytes: Generated<number>;
    rows: Generated<number>;
    result: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
    error: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
    runner: string;
    heartbeat_at: ColumnType<Date, Date | string, Date | string>;
    created_at: DefaultTimestamp;
    expires_at: ColumnType<Date, Date | string, Date | string>;
  };
  atlas_chains: {
    id: Generated<string>;
    region_code: string;
    key: string;
    name: string;
    name_en: string | null;
    current_version: Generated<number>;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  atlas_chain_versions: {
    id: Generated<string>;
    chain_id: string;
    version: number;
    name: string;
    name_en: string | null;
    description: string | null;
    label: string | null;
    sources: JSONColumnType<{ title: string; url?: string; note?: string }[]>;
    changes: JSONColumnType<ChainChanges | null, string | null, string | null>;
    segment_count: number;
    edge_count: number;
    imported_by: string | null;
    imported_at: DefaultTimestamp;
  };
  atlas_segments: {
    id: Generated<string>;
    version_id: string;
    key: string;
    parent_id: string | null;
    stage: Stage;
    name: string;
    name_en: string | null;
    description: string | null;
    industry_codes: string[];
    products: string[];
    technologies: string[];
    position: number;
  };
  atlas_segment_edges: {
    version_id: string;
    from_id: string;
    to_id: string;
    note: string | null;
    position: number;
  };
  atlas_enterprises: {
    id: Generated<string>;
    region_code: string;
    uscc: string | null;
    name: string;
    name_norm: string;
    address: string | null;
    size_band: SizeBand | null;
    employees: number | null;
    tags: string[];
    main_products: string[];
    founded_on: DateColumn;
    search_tokens: string[];
    /** WGS-84 coordinates when the file gives them (db/migrations/0016_atlas_analysis.sql). */
    lat: ColumnType<number | null, number | null | undefined, number | null>;
    lng: ColumnType<number | null, number | null | undefined, number | null>;
    /** The name's pinyin sort key (atlas.pinyin.ts); null until filled for rows imported before it existed. */
    name_pinyin: ColumnType<string | null, string | null | undefined, string | null>;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  atlas_enterprise_segments: {
    region_code: string;
    enterprise_id: string;
    chain_id: string;
    segment_key: string;
    evidence: Evidence;
    source: string;
    as_of: ColumnType<string, string, string>;
    decision: Generated<LinkDecision>;
    note: string | null;
    decided_by: string | null;
    updated_at: DefaultTimestamp;
    /** Where the enterprise is (its coordinates, else its district's centre) and the asker-independent points of its match score (db/migrations/0028_atlas_match_places.sql). */
    lat: ColumnType<number | null, number | null | undefined, number | null>;
    lng: ColumnType<number | null, number | null | undefined, number | null>;
    match_points: ColumnType<number | null, number | null | undefined, number | null>;
  };
  atlas_enterprise_terms: {
    region_code: string;
    enterprise_id: string;
    term: string;
    name_pinyin: string | null;
  };
  atlas_coverage_cells: {
    region_code: string;
    chain_id: string;
    confirmed_only: boolean;
    segment_key: string;
    enterprises: number;
    leaders: number;
    specialised: number;
    little_giants: number;
    as_of: ColumnType<string | Date | null, string | null, string | null>;
    version: number | null;
  };
  atlas_map_counts: {
    chain_id: string;
    region_code: string;
    segment_key: string;
    enterprises: number;
    confirmed: number;
    as_of: ColumnType<string | Date | null, string | null, string | null>;
  };
  atlas_chokepoints: {
    id: Generated<string>;
    chain_id: string;
    segment_key: string;
    technology: string | null;
    import_dependency: ColumnType<string | null, number | null, number | null>;
    domestic_suppliers: number | null;
    note: string | null;
    source: string;
    created_at: DefaultTimestamp;
  };
  atlas_targets: {
    region_code: string;
    id: Generated<string>;
    chain_id: string;
    segment_key: string;
    enterprise_uscc: string | null;
    enterprise_name: string;
    enterprise_region: string;
    score: ColumnType<string, number, number>;
    reasons: string[];
    status: Generated<TargetStatus>;
    task_id: string | null;
    project_id: string | null;
    created_by: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
}

/** Where a 招商 target stands: 线索 → 对接 → 签约 → 落地 (or dropped). */
export type TargetStatus = 'lead' | 'contact' | 'signed' | 'landed' | 'dropped';
