/**
 * The chain map's data asked for as the app opens at the map (atlas.routes.ts `preload`), beside the app's code and
 * the session check instead of after them: the page takes the answers when its queries first run. Only this small
 * file is in the app's first chunk (it uses the API client already there), not the page.
 */
import { api } from '../../../web/api.ts';

/** An answer asked for early is taken only this soon after (later, the page asks again). */
const FRESH_MS = 15_000;
const early = new Map<string, { at: number; answer: Promise<unknown> }>();

/** Where the map's chain and counts are read (atlas.api.ts asks the same). */
export const chainMapUrls = {
  chain: (id: string) => `/api/atlas/chains/${id}`,
  counts: (id: string) => `/api/atlas/chains/${id}/enterprise-counts`,
};

/** Asks for a chain and its counts (no region: as the map first opens). A refusal is left to the page's own request. */
export function prefetchChainMap(id: string): void {
  for (const [key, url] of [
    [`chain:${id}`, chainMapUrls.chain(id)],
    [`counts:${id}`, chainMapUrls.counts(id)],
  ] as const) {
    const answer = api.get(url, undefined, { allowUnauthenticated: true });
    answer.catch(() => undefined);
    early.set(key, { at: Date.now(), answer });
  }
}

/** The early answer for `key` when there is a fresh one (once), else `load()`; an early failure is asked again. */
export function takePrefetched<T>(key: `chain:${string}` | `counts:${string}`, load: () => Promise<T>): Promise<T> {
  const hit = early.get(key);
  early.delete(key);
  if (!hit || Date.now() - hit.at > FRESH_MS) return load();
  return (hit.answer as Promise<T>).catch(load);
}
