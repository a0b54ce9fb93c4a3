import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import { loadChainVersion } from './atlas.chains.repo.ts';

type ChainVersion = Awaited<ReturnType<typeof loadChainVersion>>;

/** Versions kept in memory at most (a few hundred segments each; the oldest read is dropped first). */
const MAX_VERSIONS = 64;

const versions = new Map<string, Promise<ChainVersion>>();

/** Freezes a value and everything in it, so that a reader changing the shared copy fails loudly instead of changing it for all. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * A stored chain version (segments and edges), read once per process: versions never change once written (an edit or
 * an import writes the next one), so the copy is kept by the version's id and shared, frozen, by every reader. The
 * coverage matrix and 成龙配套 read a 300-segment chain at each request; this spares them three queries each time.
 */
export function cachedChainVersion(db: Db | Tx, versionId: string): Promise<ChainVersion> {
  const had = versions.get(versionId);
  if (had) {
    versions.delete(versionId);
    versions.set(versionId, had);
    return had;
  }
  const loading = loadChainVersion(db, versionId).then(deepFreeze);
  // A failed read (a version rolled back with its transaction, a lost connection) is not kept.
  loading.catch(() => versions.delete(versionId));
  versions.set(versionId, loading);
  while (versions.size > MAX_VERSIONS) versions.delete(versions.keys().next().value!);
  return loading;
}
