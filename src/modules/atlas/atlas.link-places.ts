import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import { makeCentroidLookup, matchPoints } from './atlas.analysis.domain.ts';
import { setLinkPlaces, unplacedLinks } from './atlas.analysis.repo.ts';

let centroidLookup: ReturnType<typeof makeCentroidLookup> | null = null;

/** The centre of a division from the bundled table (loaded at first use: it is large). */
export async function centroidOf(code: string) {
  if (!centroidLookup) centroidLookup = makeCentroidLookup((await import('./atlas.centroids.data.ts')).CENTROIDS_TEXT);
  return centroidLookup(code);
}

/** Where an enterprise is: its own coordinates, else its division's centre from the bundled table. */
export async function locate(e: { regionCode: string; lat: number | null; lng: number | null }) {
  if (e.lat !== null && e.lng !== null) return { lat: e.lat, lng: e.lng, located: 'coordinates' as const };
  const c = await centroidOf(e.regionCode);
  return c ? { lat: c.lat, lng: c.lng, located: `centroid_${c.level}` as const } : { lat: null, lng: null, located: 'unknown' as const };
}

/**
 * {@link locate} without a wait per enterprise, for a bulk path placing many (an import's linked rows): the table
 * is loaded first. Not in a worker thread, whose TypeScript hook does not reach the table's dynamic import.
 */
export async function locator(): Promise<(e: { regionCode: string; lat: number | null; lng: number | null }) => { lat: number | null; lng: number | null }> {
  await centroidOf('110000');
  const lookup = centroidLookup!;
  return (e) => {
    if (e.lat !== null && e.lng !== null) return { lat: e.lat, lng: e.lng };
    const c = lookup(e.regionCode);
    return c ? { lat: c.lat, lng: c.lng } : { lat: null, lng: null };
  };
}

const BATCH = 5000;

/**
 * Fills the place (the enterprise's coordinates, else its district's centre) and the match points of the links that
 * lack them (db/migrations/0028_atlas_match_places.sql), a batch at a time: after links are written (one by hand, or
 * in bulk by a seed), and before a chain is matched (links written before the migration or straight into the table).
 * `scope` narrows it to a chain, or to one enterprise's links. Returns the links filled.
 */
export async function fillLinkPlaces(db: Db | Tx, scope: { chainId?: string; regionCode?: string; enterpriseId?: string } = {}): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await unplacedLinks(db, scope, BATCH);
    if (!rows.length) return filled;
    const out = [];
    for (const r of rows) {
      const place = await locate({ regionCode: r.region_code, lat: r.lat === null ? null : Number(r.lat), lng: r.lng === null ? null : Number(r.lng) });
      out.push({
        region_code: r.region_code,
        enterprise_id: r.enterprise_id,
        chain_id: r.chain_id,
        segment_key: r.segment_key,
        lat: place.lat,
        lng: place.lng,
        points: matchPoints({ evidence: r.evidence, tags: r.tags, sizeBand: r.size_band }),
      });
    }
    await setLinkPlaces(db, out);
    filled += rows.length;
    if (rows.length < BATCH) return filled;
  }
}
