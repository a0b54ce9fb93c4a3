import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { DefaultTimestamp } from '../org/index.ts';
import type { ClusterIndicator, ClusterLevel, ZoneKind } from './atlas.clusters.domain.ts';

type NullableNumber = ColumnType<number | null, number | null | undefined, number | null>;

/** The chains and segments a zone focuses on. */
export interface ZoneFocus {
  chainId: string;
  segmentKeys: string[];
}
/** A leading enterprise (链主) of a cluster as named: by its code when known. */
export interface ClusterLeading {
  uscc: string | null;
  name: string;
}
/** A target figure of a cluster: an indicator's value in a year. */
export interface ClusterTarget {
  indicator: ClusterIndicator;
  value: number;
  unit: string;
  year: number;
}

/** Clusters and carrier zones, as Kysely sees them (db/migrations/0019_atlas_clusters.sql). */
export interface AtlasClusterTables {
  atlas_zones: {
    region_code: string;
    id: Generated<string>;
    name: string;
    name_en: string | null;
    kind: ZoneKind;
    district_codes: string[];
    lat: NullableNumber;
    lng: NullableNumber;
    radius_km: NullableNumber;
    focus: JSONColumnType<ZoneFocus[], string, string>;
    note: string | null;
    created_by: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  atlas_clusters: {
    region_code: string;
    id: Generated<string>;
    name: string;
    name_en: string | null;
    level: ClusterLevel;
    chain_ids: string[];
    zone_ids: string[];
    leading_enterprises: JSONColumnType<ClusterLeading[], string, string>;
    targets: JSONColumnType<ClusterTarget[], string, string>;
    description: string | null;
    /** The 集群发展促进机构, named (migration 0027); null while there is none. */
    promotion_body: ColumnType<string | null, string | null | undefined, string | null>;
    created_by: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  };
  /** A cluster's indicator values over time (db/migrations/0027_atlas_cluster_indicators.sql); quarter 0 is the whole year. */
  atlas_cluster_indicators: {
    region_code: string;
    cluster_id: string;
    indicator: ClusterIndicator;
    year: number;
    quarter: ColumnType<number, number | undefined, number>;
    value: number;
    unit: string;
    source: string | null;
    entered_by: string | null;
    entered_at: DefaultTimestamp;
  };
  /** Thresholds of the readiness checklist set by the keepers, per target level and criterion (0027). */
  atlas_readiness_thresholds: {
    target: 'national' | 'national_sme';
    criterion: string;
    threshold: number;
    note: string | null;
    updated_by: string | null;
    updated_at: DefaultTimestamp;
  };
}
