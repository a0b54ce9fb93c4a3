import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { IndicatorValue } from './atlas.cluster-indicators.domain.ts';
import type { ReadinessTarget } from './atlas.cluster-readiness.domain.ts';

type Handle = Db | Tx;

const COLUMNS = ['indicator', 'year', 'quarter', 'value', 'unit', 'source', 'entered_by', 'entered_at'] as const;

/** A cluster's indicator values, by indicator, year and quarter; with the name of whoever entered each. */
export async function clusterIndicatorRows(db: Handle, cluster: { region_code: string; id: string }) {
  return db
    .selectFrom('atlas_cluster_indicators as i')
    .leftJoin('users as u', 'u.id', 'i.entered_by')
    .select(COLUMNS.map((c) => `i.${c}` as const))
    .select('u.display_name as entered_by_name')
    .where('i.region_code', '=', cluster.region_code)
    .where('i.cluster_id', '=', cluster.id)
    .orderBy('i.indicator')
    .orderBy('i.year')
    .orderBy('i.quarter')
    .execute();
}
export type IndicatorRow = Awaited<ReturnType<typeof clusterIndicatorRows>>[number];

/** Writes values of a cluster (a value already there for the indicator, year and quarter is replaced). */
export async function upsertIndicatorValues(trx: Tx, cluster: { region_code: string; id: string }, values: IndicatorValue[], enteredBy: string | null): Promise<void> {
  if (values.length === 0) return;
  for (let i = 0; i < values.length; i += 500) {
    await trx
      .insertInto('atlas_cluster_indicators')
      .values(values.slice(i, i + 500).map((v) => ({ region_code: cluster.region_code, cluster_id: cluster.id, ...v, entered_by: enteredBy, entered_at: new Date() })))
      .onConflict((oc) =>
        oc.columns(['region_code', 'cluster_id', 'indicator', 'year', 'quarter']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          unit: eb.ref('excluded.unit'),
          source: eb.ref('excluded.source'),
          entered_by: eb.ref('excluded.entered_by'),
          entered_at: eb.ref('excluded.entered_at'),
        })),
      )
      .execute();
  }
}

/** Deletes one value of a cluster; whether there was one. */
export async function deleteIndicatorValue(trx: Tx, cluster: { region_code: string; id: string }, key: { indicator: string; year: number; quarter: number }): Promise<boolean> {
  const r = await trx
    .deleteFrom('atlas_cluster_indicators')
    .where('region_code', '=', cluster.region_code)
    .where('cluster_id', '=', cluster.id)
    .where('indicator', '=', key.indicator as IndicatorValue['indicator'])
    .where('year', '=', key.year)
    .where('quarter', '=', key.quarter)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Moves a cluster's values to the region it was moved to (the cluster is written anew on that shard under the same
 * id). Read and written row by row through the application: the two regions may lie on different shards.
 */
export async function moveClusterIndicators(trx: Tx, clusterId: string, from: string, to: string): Promise<void> {
  const rows = await trx.selectFrom('atlas_cluster_indicators').select(COLUMNS).where('region_code', '=', from).where('cluster_id', '=', clusterId).execute();
  if (rows.length === 0) return;
  await trx.deleteFrom('atlas_cluster_indicators').where('region_code', '=', from).where('cluster_id', '=', clusterId).execute();
  await trx
    .insertInto('atlas_cluster_indicators')
    .values(rows.map((r) => ({ ...r, region_code: to, cluster_id: clusterId })))
    .execute();
}

/** The thresholds the keepers set for a target level (criteria without a row take the defaults). */
export async function readinessThresholdRows(db: Handle, target: ReadinessTarget) {
  return db.selectFrom('atlas_readiness_thresholds').select(['criterion', 'threshold', 'note', 'updated_at']).where('target', '=', target).execute();
}

/** Sets or (with null) clears a threshold of a target level. */
export async function writeReadinessThreshold(trx: Tx, target: ReadinessTarget, criterion: string, threshold: number | null, note: string | null, by: string | null): Promise<void> {
  if (threshold === null) {
    await trx.deleteFrom('atlas_readiness_thresholds').where('target', '=', target).where('criterion', '=', criterion).execute();
    return;
  }
  await trx
    .insertInto('atlas_readiness_thresholds')
    .values({ target, criterion, threshold, note, updated_by: by, updated_at: new Date() })
    .onConflict((oc) => oc.columns(['target', 'criterion']).doUpdateSet({ threshold, note, updated_by: by, updated_at: new Date() }))
    .execute();
}
