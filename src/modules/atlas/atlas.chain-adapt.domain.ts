import type { ChainDefinition } from './atlas.chain.domain.ts';

/** Which shared chain (its id) and which of its versions a region's adaptation was copied from, or last checked against. */
export interface AdaptedFrom {
  chainId: string;
  version: number;
}

type Source = ChainDefinition['sources'][number];

/** The `url` of the source entry that records an adaptation: `luoshi:atlas-chain:<shared chain id>:v<version>`. */
const PATTERN = /^luoshi:atlas-chain:([0-9a-f-]{36}):v([1-9][0-9]*)$/i;

/**
 * The shared chain a chain was adapted from, read from its sources (the entry `adaptationSource` made), or null for a
 * chain of its own. The entry travels with the exchange file, so an adaptation exported and imported again stays one.
 * @example adaptedFrom([{ title: '…', url: 'luoshi:atlas-chain:0b0e…:v3' }]) // { chainId: '0b0e…', version: 3 }
 */
export function adaptedFrom(sources: readonly Source[]): AdaptedFrom | null {
  for (const s of sources) {
    const m = s.url ? PATTERN.exec(s.url) : null;
    if (m) return { chainId: m[1]!.toLowerCase(), version: Number(m[2]) };
  }
  return null;
}

/** The source entry recording that a chain adapts version `version` of the shared chain `shared`. */
export function adaptationSource(shared: { id: string; name: string }, version: number): Source {
  return {
    title: `采用共享定义“${shared.name}”第 ${version} 版并按本地区调整 / adapted from the shared definition ${shared.name}, version ${version}`,
    url: `luoshi:atlas-chain:${shared.id}:v${version}`,
  };
}

/** `sources` with the adaptation entry put in (replacing an older one, else first). */
export function withAdaptationSource(sources: readonly Source[], entry: Source): Source[] {
  const rest = sources.filter((s) => !(s.url && PATTERN.test(s.url)));
  return [entry, ...rest];
}

/** The entry of `sources` that records an adaptation, or undefined. */
export function adaptationEntry(sources: readonly Source[]): Source | undefined {
  return sources.find((s) => s.url && PATTERN.test(s.url));
}
