/** What the events module reads of an atlas chain (atlas's ChainDefinition has these and more). */
export interface NamedChain {
  key: string;
  name: string;
  nameEn: string | null;
  segments: { key: string; name: string; nameEn: string | null }[];
}

/**
 * The atlas's names of the chains and segments an event's offers, needs and outcomes are tagged with, keyed by the
 * chain key ("demo-hydrogen") and by "chain/segment" ("demo-hydrogen/fuelcell.stack"); a key the atlas does not know
 * (any more) has no entry, and is shown as the key itself.
 */
export type SegmentNames = Record<string, { zh: string; en: string | null }>;

/** The names of the given chain/segment pairs, from the chains of the event's region. */
export function segmentNamesOf(chains: ReadonlyMap<string, NamedChain>, tagged: Iterable<{ chain_key: string | null; segment_key: string | null }>): SegmentNames {
  const out: SegmentNames = {};
  for (const t of tagged) {
    const c = t.chain_key ? chains.get(t.chain_key) : undefined;
    if (!c) continue;
    out[c.key] = { zh: c.name, en: c.nameEn };
    const s = t.segment_key ? c.segments.find((x) => x.key === t.segment_key) : undefined;
    if (s) out[`${c.key}/${s.key}`] = { zh: s.name, en: s.nameEn };
  }
  return out;
}

/** A chain's and a segment's name in a language (the Chinese name where the atlas has no English one), or its key. */
export function chainSegmentNames(t: { chain_key: string | null; segment_key: string | null }, names: SegmentNames, lang: 'zh' | 'en' = 'zh'): { chain: string; segment: string | null } {
  const pick = (n: { zh: string; en: string | null } | undefined, key: string) => (n ? (lang === 'en' ? (n.en ?? n.zh) : n.zh) : key);
  const chain = t.chain_key ? pick(names[t.chain_key], t.chain_key) : '';
  const segment = t.segment_key ? pick(names[`${t.chain_key}/${t.segment_key}`], t.segment_key) : null;
  return { chain, segment };
}

/**
 * How a tag is written: "氢能（示例） · 电堆", the chain alone, or '' when untagged; keys stand where the atlas has no
 * name.
 * @example segmentLabel({ chain_key: 'nev', segment_key: 'battery' }, {}) // 'nev · battery'
 */
export function segmentLabel(t: { chain_key: string | null; segment_key: string | null }, names: SegmentNames, lang: 'zh' | 'en' = 'zh'): string {
  if (!t.chain_key) return '';
  const n = chainSegmentNames(t, names, lang);
  return n.segment ? `${n.chain} · ${n.segment}` : n.chain;
}

/**
 * What is wrong with a chain and segment given for an outcome: a segment without its chain, a chain the event's
 * region does not use, a segment not in that chain. Each problem names its field (chainKey, segmentKey).
 */
export function chainSegmentProblems(chains: ReadonlyMap<string, NamedChain>, chainKey: string | null | undefined, segmentKey: string | null | undefined): { field: 'chainKey' | 'segmentKey'; zh: string; en: string }[] {
  if (!chainKey) return segmentKey ? [{ field: 'chainKey', zh: '填写环节时须同时选择产业链', en: 'a segment needs its chain' }] : [];
  const chain = chains.get(chainKey);
  if (!chain) return [{ field: 'chainKey', zh: `图谱中没有键为「${chainKey}」的产业链`, en: `the atlas has no chain with the key "${chainKey}"` }];
  if (segmentKey && !chain.segments.some((s) => s.key === segmentKey)) {
    return [{ field: 'segmentKey', zh: `产业链「${chain.name}」没有键为「${segmentKey}」的环节`, en: `the chain "${chain.nameEn ?? chain.name}" has no segment with the key "${segmentKey}"` }];
  }
  return [];
}
