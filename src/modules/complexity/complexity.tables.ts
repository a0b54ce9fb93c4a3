import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';
import type { ComplexityColumns } from './complexity.table.ts';

/** Where an analysis is: the engine is running (or queued), it finished, or it failed (see `error`). */
export type AnalysisStatus = 'running' | 'done' | 'failed';

/** What an analysis was asked to compute: which columns hold what, and the engine's options. */
export interface AnalysisOptions {
  columns: ComplexityColumns;
  /** RCA (or RPOP) threshold for presence; default 1. */
  threshold: number;
  asymmetric: boolean;
  continuous: boolean;
}

/** One period of a finished analysis, in brief. */
export interface PeriodSummary {
  period: string;
  locations: number;
  products: number;
  /** Locations and products complexity is defined on (some presence). */
  complexLocations: number;
  complexProducts: number;
  /** λ₂ of M̃ and how the solver reached it. */
  eigen: { value: number; steps: number; residual: number };
  /** Product-space edges kept and the weakest proximity among the extra (non-tree) ones. */
  spaceEdges: number;
  spaceThreshold: number | null;
  warnings: string[];
}

/** What a finished analysis reports: the table read, its periods, warnings, and how long each step took. */
export interface AnalysisSummary {
  rows: number;
  periods: PeriodSummary[];
  warnings: string[];
  /** Milliseconds: reading the CSV, the engine in its worker, storing the results. */
  timings: { parseMs: number; computeMs: number; storeMs: number };
  /** With a label column: each location's label (country name beside its code), by location. */
  labels?: Record<string, string>;
}

type Bytes = ColumnType<Buffer, Buffer | Uint8Array, Buffer | Uint8Array>;
type NullableBytes = ColumnType<Buffer | null, Buffer | Uint8Array | null, Buffer | Uint8Array | null>;

/** The complexity module's tables, as Kysely sees them. */
export interface ComplexityTables {
  complexity_analyses: {
    id: Generated<string>;
    region_code: Generated<string>;
    name: string;
    source_name: string;
    options: JSONColumnType<AnalysisOptions>;
    status: Generated<AnalysisStatus>;
    progress: Generated<number>;
    error: string | null;
    summary: JSONColumnType<AnalysisSummary | null, string | null, string | null>;
    created_by: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
    finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  };
  complexity_results: {
    region_code: string;
    analysis_id: string;
    period: string;
    position: number;
    locations: string[];
    products: string[];
    diversity: number[];
    ubiquity: number[];
    complex_locations: number[];
    complex_products: number[];
    /** Per complex location. */
    eci: number[];
    /** Per location; per complex location in analyses stored before every location had COI, density and COG. */
    coi: number[];
    pci: number[];
    location_totals: number[];
    product_totals: number[];
    val: Bytes;
    rca: Bytes;
    rpop: NullableBytes;
    mcp: Bytes;
    /** Rows as `coi` (per location, or per complex location before), a column per complex product. */
    density: Bytes;
    cog: Bytes;
    proximity: Bytes;
    space_source: number[];
    space_target: number[];
    space_proximity: number[];
    eigen: JSONColumnType<{ value: number; steps: number; residual: number }>;
    dropped: JSONColumnType<{ locations: string[]; products: string[] }>;
    warnings: JSONColumnType<string[]>;
  };
}
