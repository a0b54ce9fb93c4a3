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

/**
 * Where an analysis's table came from, when the product built it (migration 0026): the atlas's enterprises counted
 * by region × chain segment or GB/T 4754 code. An uploaded table has none (null).
 */
export interface AtlasTableSource {
  kind: 'atlas';
  chainId: string;
  /** The chain's name and version when the table was built. */
  chainName: string;
  chainVersion: number;
  by: 'segment' | 'industry';
  /** Enterprises linked, or their employees (the directory holds no revenue or output). */
  measure: 'count' | 'employees';
  /** Enterprises founded by the end of this year (and those whose founding date is unknown). */
  year: number;
  confirmedOnly: boolean;
  /** The regions asked for (codes or group keys, as in the atlas's `regions=`), and the level of the table's rows. */
  scope: string;
  scopeName: string;
  level: 'province' | 'prefecture' | 'county';
  /** Each product of the table: the segment key (by segment) or the GB/T 4754 code (by industry). */
  products: Record<string, string>;
  /** Enterprises counted, and how many of them have no founding date (counted as existing). */
  enterprises: number;
  undated: number;
}

/** Where an analysis's table came from; null for an uploaded file. */
export type AnalysisSource = AtlasTableSource;

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
    source: ColumnType<AnalysisSource | null, string | null | undefined, string | null>;
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
