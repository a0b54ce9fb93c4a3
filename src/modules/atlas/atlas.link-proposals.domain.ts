/**
 * Links proposed from an enterprise's main products (按主要产品推荐环节): most lists a chain office receives say
 * what an enterprise makes, not which segment of which chain it belongs to. A product that names a segment's key
 * product or technology, or a leaf segment's own name (精密轴承 in “高速精密轴承、滚珠丝杠”), proposes a link to that
 * segment — product evidence, which the issue counts strong — as 'uncertain', for local staff to confirm or reject
 * on the map. Nothing is proposed from a word shorter than two characters, and a segment is dropped for a sub-segment
 * of it the same products name (the most specific place wins).
 */
import { fold, type LinkableChain, type RowLink } from './atlas.enterprise-links.domain.ts';

/** What a row's products propose: the links, and the words that matched (for the links' stated source). */
export interface Proposal {
  links: RowLink[];
  words: string[];
}

/** Proposed links per chain at most (the segments named by the longest words): a product list naming half a chain names none of it. */
export const MAX_PER_CHAIN = 3;

/** A segment name's parts: 金属切削机床（五轴加工中心） names both. */
const NAME_PARTS = /[()（）［］[\]【】、/／]+/;

/**
 * The words a segment is named by in products: its key products and technologies, and, for a segment without
 * sub-segments, its name (each part of 金属切削机床（五轴加工中心）); folded, two characters or more, distinct.
 */
export function segmentWords(segment: { name: string; terms?: readonly string[] }, leaf: boolean): string[] {
  const words = new Set<string>();
  for (const w of segment.terms ?? []) words.add(fold(w));
  if (leaf) for (const part of segment.name.split(NAME_PARTS)) words.add(fold(part));
  return [...words].filter((w) => w.length >= 2);
}

/** Does one of an enterprise's products hold the word (folded as {@link segmentWords} folds it)? */
export function productsHold(products: readonly string[], word: string): boolean {
  return products.some((p) => fold(p).includes(word));
}

interface Word {
  text: string;
  /** Index of the chain in the proposer's list. */
  chain: number;
  key: string;
}

export interface LinkProposer {
  /** The links a row's main products propose, or null for none. */
  propose(products: readonly string[]): Proposal | null;
}

/**
 * Indexes the words of the chains' segments (key products and technologies of every segment; the names of leaf
 * segments). `chains` as the import loads them, most specific first: of a shared chain and a region's adaptation of
 * it (the same chain their links are kept under) only the first is read.
 */
export function makeLinkProposer(chains: readonly LinkableChain[]): LinkProposer {
  const kept: { dataId: string; parentOf: Map<string, string | null> }[] = [];
  const byFirst = new Map<string, Word[]>();
  const seen = new Set<string>();
  for (const chain of chains) {
    if (seen.has(chain.dataId)) continue;
    seen.add(chain.dataId);
    const index = kept.length;
    kept.push({ dataId: chain.dataId, parentOf: new Map(chain.segments.map((s) => [s.key, s.parent])) });
    const parents = new Set(chain.segments.map((s) => s.parent).filter((p): p is string => p !== null));
    for (const s of chain.segments) {
      for (const text of segmentWords(s, !parents.has(s.key))) {
        const list = byFirst.get(text[0]!);
        const word = { text, chain: index, key: s.key };
        if (list) list.push(word);
        else byFirst.set(text[0]!, [word]);
      }
    }
  }
  return {
    propose(products) {
      // Per chain: segment key → the longest word that named it.
      const hits = new Map<number, Map<string, string>>();
      for (const raw of products) {
        const p = fold(raw);
        for (let i = 0; i < p.length - 1; i++) {
          const candidates = byFirst.get(p[i]!);
          if (!candidates) continue;
          for (const w of candidates) {
            if (!p.startsWith(w.text, i)) continue;
            let chain = hits.get(w.chain);
            if (!chain) hits.set(w.chain, (chain = new Map()));
            const had = chain.get(w.key);
            if (!had || had.length < w.text.length) chain.set(w.key, w.text);
          }
        }
      }
      if (hits.size === 0) return null;
      const links: RowLink[] = [];
      const words = new Set<string>();
      for (const [index, found] of hits) {
        const { dataId, parentOf } = kept[index]!;
        // A segment named together with one of its sub-segments gives way to it.
        const covered = new Set<string>();
        for (const key of found.keys()) for (let k = parentOf.get(key) ?? null; k !== null; k = parentOf.get(k) ?? null) covered.add(k);
        const best = [...found].filter(([key]) => !covered.has(key)).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
        for (const [key, word] of best.slice(0, MAX_PER_CHAIN)) {
          links.push({ chainId: dataId, segmentKey: key });
          words.add(word);
        }
      }
      // A word inside another (硅片 in 12英寸硅片) says nothing more.
      const all = [...words];
      return { links, words: all.filter((w) => !all.some((o) => o !== w && o.includes(w))) };
    },
  };
}
