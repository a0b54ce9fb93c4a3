import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';

/** The 招商 targets of a chain kept under any of the regions (their plans'), newest first. */
export async function listTargets(db: Db | Tx, regionCodes: string[], chainId: string, limit: number) {
  if (regionCodes.length === 0) return [];
  return db
    .selectFrom('atlas_targets')
    .select(['region_code', 'id', 'segment_key', 'enterprise_uscc', 'enterprise_name', 'enterprise_region', 'score', 'reasons', 'status', 'task_id', 'project_id', 'created_at', 'updated_at'])
    .where('region_code', 'in', regionCodes)
    .where('chain_id', '=', chainId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
