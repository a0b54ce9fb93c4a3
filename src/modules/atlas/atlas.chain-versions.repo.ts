import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { ChainChanges } from './atlas.chain-diff.domain.ts';
import type { ChainDefinition } from './atlas.chain.domain.ts';

/** One stored version of a chain as its history lists it. */
export interface ChainVersionRow {
  id: string;
  version: number;
  label: string | null;
  segment_count: number;
  edge_count: number;
  imported_at: Date;
  imported_by: string | null;
  /** The changes from the version before, stored when the version was written; null for the first. */
  changes: ChainChanges | null;
  /** Where the taxonomy comes from; an adaptation's record of its shared definition is one of them. */
  sources: ChainDefinition['sources'];
}

/** Every version of a chain, newest first. */
export async function listChainVersions(db: Db | Tx, chainId: string): Promise<ChainVersionRow[]> {
  return db
    .selectFrom('atlas_chain_versions')
    .select(['id', 'version', 'label', 'segment_count', 'edge_count', 'imported_at', 'imported_by', 'changes', 'sources'])
    .where('chain_id', '=', chainId)
    .orderBy('version', 'desc')
    .execute();
}
