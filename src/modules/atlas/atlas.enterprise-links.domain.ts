import type { Evidence } from './atlas.tables.ts';

/**
 * A chain an enterprise file may name, with its current version's segments: plain data, loaded once per import and
 * handed to the reader (a worker thread, for a large file), which resolves every row's chain and segments in memory.
 */
export interface LinkableChain {
  /** The chain's own id (the one the file may name). */
  id: string;
  /** The chain its links are kept under: a region's adaptation counts its shared chain's links (dataChainId). */
  dataId: string;
  /** The region keeping it ('000000': shared). */
  region_code: string;
  key: string;
  name: string;
  /** Its segments; `terms` their key products and technologies (what a row's products may propose a link by: atlas.link-proposals.domain.ts). */
  segments: { key: string; parent: string | null; name: string; terms?: string[] }[];
}

/** One link read from a row: the chain it is kept under and the segment's key. */
export interface RowLink {
  chainId: string;
  segmentKey: string;
}

/** A row's links, with the evidence and date they carry (null: the import day), and their source where not the file (a proposal's words). */
export interface RowLinks {
  links: RowLink[];
  evidence: Evidence;
  asOf: string | null;
  source?: string;
}

interface ChainEntry {
  chain: LinkableChain;
  byKey: Set<string>;
  /** Folded name → the keys of the segments so named (several: ambiguous). */
  byName: Map<string, string[]>;
  byNameKey: Map<string, string>;
  parentOf: Map<string, string | null>;
  nameOf: Map<string, string>;
  /** Items already resolved (a provider's file repeats the same few segments a million times). */
  resolved: Map<string, string | LinkProblem>;
}

/** The chains of an import, indexed for the rows: by id, key and name. */
export interface ChainLookup {
  byId: Map<string, ChainEntry>;
  /** Folded key or name → the chains so called (several: ambiguous). */
  byRef: Map<string, ChainEntry[]>;
  /** Chain cells already resolved. */
  resolved: Map<string, ChainEntry | LinkProblem>;
}

/** Segments separated in a cell: ；; 、 , ， | or a line break ('/' is the path separator). */
export const SEGMENT_SPLIT = /[;；、,，|\n]+/;
const PATH_SPLIT = /\s*[/／]\s*/;
const SPACES = /\s+/g;
/** A name as cells are compared: compatibility forms folded, spaces removed, Latin letters lower-cased. */
export const fold = (s: string) => s.normalize('NFKC').replace(SPACES, '').toLowerCase();

/**
 * Indexes the chains for the rows. `chains` come most specific first (a region's own or adapted chain before the
 * shared one of the same key): a key or name then names the one the importer's region uses.
 */
export function makeChainLookup(chains: readonly LinkableChain[]): ChainLookup {
  const byId = new Map<string, ChainEntry>();
  const byRef = new Map<string, ChainEntry[]>();
  const keysTaken = new Set<string>();
  for (const chain of chains) {
    const byName = new Map<string, string[]>();
    for (const s of chain.segments) {
      const f = fold(s.name);
      const list = byName.get(f);
      if (list) list.push(s.key);
      else byName.set(f, [s.key]);
    }
    const entry: ChainEntry = {
      chain,
      byKey: new Set(chain.segments.map((s) => s.key)),
      byName,
      byNameKey: new Map(chain.segments.map((s) => [s.key, fold(s.name)])),
      parentOf: new Map(chain.segments.map((s) => [s.key, s.parent])),
      nameOf: new Map(chain.segments.map((s) => [s.key, s.name])),
      resolved: new Map(),
    };
    byId.set(chain.id.toLowerCase(), entry);
    // A shared chain that the region has adapted is named by its id only: its key and name are the adaptation's.
    if (keysTaken.has(chain.key)) continue;
    keysTaken.add(chain.key);
    for (const ref of new Set([fold(chain.key), fold(chain.name)])) {
      const list = byRef.get(ref);
      if (list) list.push(entry);
      else byRef.set(ref, [entry]);
    }
  }
  return { byId, byRef, resolved: new Map() };
}

/** A segment's path of names from the top (上级/名称). */
function pathOf(entry: ChainEntry, key: string): string {
  const names: string[] = [];
  for (let k: string | null | undefined = key; k && names.length < 50; k = entry.parentOf.get(k)) names.unshift(entry.nameOf.get(k) ?? k);
  return names.join('/');
}

/** A problem of a row's link columns, in both languages. */
export interface LinkProblem {
  field: 'chain' | 'segments';
  zh: string;
  en: string;
}

const EVIDENCE: Record<string, Evidence> = {
  强: 'strong', strong: 'strong', 强证据: 'strong',
  中: 'medium', medium: 'medium', 中等: 'medium',
  弱: 'weak', weak: 'weak', 弱证据: 'weak',
};

/**
 * The evidence a file's links carry: 强/中/弱 or strong/medium/weak; blank is 'medium', because a provider's or a
 * district's list assigns segments by business scope or industry code, which is what medium evidence means
 * (atlas.tables.ts Evidence). Undefined for a word it does not know.
 */
export function readEvidence(cell: string): Evidence | undefined {
  return cell ? EVIDENCE[fold(cell)] : 'medium';
}

/** Distinct cells remembered at most, per chain and for the chains (a memo, not a copy of the file). */
const MEMO = 10_000;
function memo<T>(map: Map<string, T>, cell: string, resolve: () => T): T {
  let hit = map.get(cell);
  if (hit === undefined) {
    hit = resolve();
    if (map.size >= MEMO) map.clear();
    map.set(cell, hit);
  }
  return hit;
}

/** The chain a cell names (its id, key or name), or the problem. */
function chainOf(lookup: ChainLookup, cell: string): ChainEntry | LinkProblem {
  const byId = lookup.byId.get(cell.toLowerCase());
  const hits = byId ? [byId] : (lookup.byRef.get(fold(cell)) ?? []);
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) return { field: 'chain', zh: `“${cell}”不存在或不可用（填写本地区可用产业链的名称、编码或 ID）`, en: `"${cell}" is not a chain you may use (give the name, key or id of a chain of your region)` };
  return { field: 'chain', zh: `“${cell}”对应多条产业链，请填写产业链编码或 ID`, en: `"${cell}" names several chains; give the chain's key or id` };
}

/** The key of the segment an item names in a chain — its key, its name, or a path of names ending in it — or the problem. */
function segmentOf(entry: ChainEntry, item: string): string | LinkProblem {
  if (entry.byKey.has(item)) return item;
  const chainName = entry.chain.name;
  const named = entry.byName.get(fold(item));
  let found: string[] = named ?? [];
  if (found.length === 0 && PATH_SPLIT.test(item)) {
    const parts = item.split(PATH_SPLIT).filter(Boolean).map(fold);
    // The segments named by the last part whose parent, grandparent … carry the other parts (the path's end of the full path).
    found = (entry.byName.get(parts[parts.length - 1]!) ?? []).filter((key) => {
      let k: string | null = key;
      for (let i = parts.length - 2; i >= 0; i--) {
        k = entry.parentOf.get(k) ?? null;
        if (k === null || entry.byNameKey.get(k) !== parts[i]) return false;
      }
      return true;
    });
  }
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    return { field: 'segments', zh: `“${item}”不在产业链“${chainName}”的当前版本中（填写环节名称、编码或“上级/名称”）`, en: `"${item}" is not in the current version of the chain ${chainName} (give the segment's name, key or "parent/name" path)` };
  }
  const paths = found.map((k) => pathOf(entry, k));
  return {
    field: 'segments',
    zh: `“${item}”在产业链“${chainName}”中有 ${found.length} 个同名环节（${paths.join('、')}），请填写环节编码或“上级/名称”路径`,
    en: `"${item}" is the name of ${found.length} segments of the chain ${chainName} (${paths.join(', ')}); give the key or the "parent/name" path`,
  };
}

/**
 * Reads a row's chain and segment cells into links (distinct), reporting each problem through `problem`: segments
 * without a chain, a chain without segments, an unknown chain or segment, a name that several segments carry.
 */
export function readRowLinks(lookup: ChainLookup, chainCell: string, segmentsCell: string, problem: (p: LinkProblem) => void): RowLink[] {
  if (!chainCell && !segmentsCell) return [];
  if (!chainCell) {
    problem({ field: 'chain', zh: '为空，但填写了环节：请填写环节所属的产业链', en: 'is empty while segments are given: name the chain they belong to' });
    return [];
  }
  const entry = memo(lookup.resolved, chainCell, () => chainOf(lookup, chainCell));
  if (!('chain' in entry)) {
    problem(entry);
    return [];
  }
  if (!segmentsCell) {
    problem({ field: 'segments', zh: `为空，但填写了产业链“${entry.chain.name}”：请填写企业所属的环节`, en: `is empty while the chain ${entry.chain.name} is given: name the enterprise's segments` });
    return [];
  }
  const links: RowLink[] = [];
  for (const raw of segmentsCell.split(SEGMENT_SPLIT)) {
    const item = raw.trim();
    if (!item) continue;
    const key = memo(entry.resolved, item, () => segmentOf(entry, item));
    if (typeof key !== 'string') problem(key);
    else if (!links.some((l) => l.segmentKey === key)) links.push({ chainId: entry.chain.dataId, segmentKey: key });
  }
  return links;
}
