import type { ChainChanges } from './atlas.chain-diff.domain.ts';

/** How a version of a chain was made. */
export const VERSION_ORIGINS = ['import', 'adapt', 'edit', 'review'] as const;
export type VersionOrigin = (typeof VERSION_ORIGINS)[number];

/** An audit entry of a chain, as far as its history needs it. */
export interface ChainAuditEntry {
  action: string;
  actorName: string;
  after: unknown;
}

/**
 * Which version an audit entry of a chain made, and how; null for an entry that made none. An import and an edit
 * name the version they wrote; adapting writes version 1; an edit that names the shared version it was checked
 * against (`source`) is a review of the shared definition's changes.
 * @example versionMadeBy({ action: 'edit', actorName: '发改委', after: { version: 3, changes: {} } }) // { version: 3, origin: 'edit' }
 */
export function versionMadeBy(entry: ChainAuditEntry): { version: number; origin: VersionOrigin } | null {
  const after = (entry.after ?? {}) as { version?: unknown; source?: unknown };
  if (entry.action === 'adapt') return { version: 1, origin: 'adapt' };
  if (typeof after.version !== 'number') return null;
  if (entry.action === 'import') return { version: after.version, origin: 'import' };
  if (entry.action === 'edit') return { version: after.version, origin: typeof after.source === 'number' ? 'review' : 'edit' };
  return null;
}

/** How many changes of each kind (versions stored before the chain's own fields were compared have none of those). */
export function countChanges(c: ChainChanges): Record<keyof ChainChanges, number> {
  return {
    chainChanged: c.chainChanged?.length ?? 0,
    segmentsAdded: c.segmentsAdded.length,
    segmentsRemoved: c.segmentsRemoved.length,
    segmentsRenamed: c.segmentsRenamed.length,
    segmentsMoved: c.segmentsMoved.length,
    segmentsChanged: c.segmentsChanged.length,
    edgesAdded: c.edgesAdded.length,
    edgesRemoved: c.edgesRemoved.length,
  };
}
