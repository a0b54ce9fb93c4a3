/**
 * Whom each participant should meet: others whose offers answer its needs (or whose needs its offers answer) in the
 * same chain segment or a neighbouring one (a supply edge, or parent and child), whose offers and needs read alike
 * (TF-IDF cosine over segmented Chinese words), and who are in the same region. Every recommendation says why.
 */

/** An offer or a need as the recommender reads it; `tokens` are its words (jieba, src/lib/search-tokens.ts). */
export interface RecItem {
  participant: string;
  kind: 'offer' | 'need';
  title: string;
  chain: string | null;
  segment: string | null;
  tokens: string[];
}
/** A chain as the recommender reads it: its segments' parents and its supply edges. */
export interface RecChain {
  segments: { key: string; parent: string | null; name: string }[];
  edges: { from: string; to: string }[];
}
/** A recommendation: whom, how strongly, and why (zh and en, strongest first). */
export interface Recommendation {
  participant: string;
  score: number;
  reasons: { zh: string; en: string }[];
}

/** Whether two segments of a chain are the same (2), neighbours by a supply edge or parent and child (1), or neither (0). */
function segmentRelation(chain: RecChain | undefined, a: string, b: string): 0 | 1 | 2 {
  if (a === b) return 2;
  if (!chain) return 0;
  if (chain.edges.some((e) => (e.from === a && e.to === b) || (e.from === b && e.to === a))) return 1;
  const parent = new Map(chain.segments.map((s) => [s.key, s.parent]));
  return parent.get(a) === b || parent.get(b) === a ? 1 : 0;
}

/** TF-IDF vectors of token lists (idf over those lists), unit length. */
function tfidf(docs: string[][]): Map<string, number>[] {
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  return docs.map((d) => {
    const v = new Map<string, number>();
    for (const w of d) v.set(w, (v.get(w) ?? 0) + 1);
    let norm = 0;
    for (const [w, tf] of v) {
      const x = tf * Math.log(1 + docs.length / df.get(w)!);
      v.set(w, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    return v;
  });
}
const cosine = (a: Map<string, number>, b: Map<string, number>) => {
  let s = 0;
  for (const [w, x] of a) s += x * (b.get(w) ?? 0);
  return s;
};

/**
 * Ranks the others for `me`, best first; those with no reason to meet are left out.
 * @example recommend('p1', items, new Map([['p1', '120116'], ['p2', '120116']]), chains)[0] // { participant: 'p2', score: 3.4, reasons: [...] }
 */
export function recommend(me: string, items: RecItem[], regions: Map<string, string | null>, chains: Map<string, RecChain>): Recommendation[] {
  const vectors = tfidf(items.map((i) => i.tokens));
  const vec = new Map(items.map((it, k) => [it, vectors[k]!]));
  const mine = items.filter((i) => i.participant === me);
  const byOther = new Map<string, { score: number; reasons: { w: number; zh: string; en: string }[] }>();
  const add = (p: string, w: number, zh: string, en: string) => {
    const r = byOther.get(p) ?? { score: 0, reasons: [] };
    r.score += w;
    r.reasons.push({ w, zh, en });
    byOther.set(p, r);
  };
  const segName = (c: string, s: string) => chains.get(c)?.segments.find((x) => x.key === s)?.name ?? s;
  for (const m of mine) {
    for (const o of items) {
      if (o.participant === me || o.kind === m.kind) continue;
      const [need, offer] = m.kind === 'need' ? [m, o] : [o, m];
      const mineIsNeed = m.kind === 'need';
      if (need.chain && offer.chain && need.chain === offer.chain && need.segment && offer.segment) {
        const rel = segmentRelation(chains.get(need.chain), need.segment, offer.segment);
        if (rel === 2)
          add(o.participant, 3, `${mineIsNeed ? '您的需求' : '对方的需求'}「${need.title}」与${mineIsNeed ? '对方的供给' : '您的供给'}「${offer.title}」同属「${segName(need.chain, need.segment)}」环节`, `${mineIsNeed ? 'your need' : 'their need'} “${need.title}” and ${mineIsNeed ? 'their offer' : 'your offer'} “${offer.title}” are in the same segment (${need.segment})`);
        else if (rel === 1)
          add(o.participant, 2, `${mineIsNeed ? '对方的供给' : '您的供给'}「${offer.title}」所在环节「${segName(offer.chain, offer.segment)}」与需求「${need.title}」的环节「${segName(need.chain, need.segment)}」相邻`, `${mineIsNeed ? 'their offer' : 'your offer'} “${offer.title}” is in a segment next to that of the need “${need.title}” (${offer.segment} ↔ ${need.segment})`);
      }
      const sim = cosine(vec.get(m)!, vec.get(o)!);
      if (sim >= 0.15) add(o.participant, 3 * sim, `「${m.title}」与「${o.title}」内容相近（相似度 ${sim.toFixed(2)}）`, `“${m.title}” and “${o.title}” read alike (similarity ${sim.toFixed(2)})`);
    }
  }
  const myRegion = regions.get(me);
  if (myRegion)
    for (const p of [...byOther.keys()]) {
      const theirs = regions.get(p);
      if (theirs === myRegion) add(p, 0.5, '同在一个区县', 'in the same district');
      else if (theirs && theirs.slice(0, 4) === myRegion.slice(0, 4)) add(p, 0.3, '同在一个地市', 'in the same city');
    }
  return [...byOther]
    .map(([participant, r]) => ({ participant, score: Math.round(r.score * 100) / 100, reasons: r.reasons.sort((a, b) => b.w - a.w).map(({ zh, en }) => ({ zh, en })) }))
    .sort((a, b) => b.score - a.score || a.participant.localeCompare(b.participant));
}
