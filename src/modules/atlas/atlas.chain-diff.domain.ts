import type { ChainDefinition, ChainSegment } from './atlas.chain.domain.ts';
import type { Stage } from './atlas.chain-format.domain.ts';

/** The chain's own fields a version may change (besides its segments and edges). */
export const CHAIN_FIELDS = ['name', 'nameEn', 'label', 'description', 'sources'] as const;
export type ChainField = (typeof CHAIN_FIELDS)[number];

/** What changed from one version of a chain to the next; segments are the same segment when their id is. */
export interface ChainChanges {
  /** The chain's own name, English name, version label, description or sources, as text (sources: their titles). */
  chainChanged: { field: ChainField; from: string | null; to: string | null }[];
  segmentsAdded: { key: string; name: string; parent: string | null; stage: Stage }[];
  segmentsRemoved: { key: string; name: string }[];
  segmentsRenamed: { key: string; from: string; to: string }[];
  /** Under another parent (by key, with its name), or (a top-level segment) in another stage. */
  segmentsMoved: { key: string; name: string; fromParent: string | null; toParent: string | null; fromParentName?: string | null; toParentName?: string | null; fromStage: Stage; toStage: Stage }[];
  /** Other fields changed: industry codes, products, technologies, English name, description. */
  segmentsChanged: { key: string; name: string; fields: string[] }[];
  /** Supply edges by segment key, with the segments' names (a change stored before names were kept has none). */
  edgesAdded: ChangedEdge[];
  edgesRemoved: ChangedEdge[];
}

/** A supply edge added or removed: its segments by key and by name. */
export type ChangedEdge = { from: string; to: string; fromName?: string; toName?: string };

const DETAIL_FIELDS = ['industryCodes', 'products', 'technologies', 'nameEn', 'description'] as const satisfies readonly (keyof ChainSegment)[];

/** A source as the diff compares it (field by field: jsonb does not keep the order of keys) and as the change shows it. */
const sourceKey = (s: ChainDefinition['sources'][number]) => JSON.stringify([s.title, s.url ?? null, s.note ?? null]);
const sourceText = (s: ChainDefinition['sources'][number]) => (s.url ? `${s.title} (${s.url})` : s.title);

/** The chain's own fields that differ, with their values before and after. */
function chainFieldChanges(before: ChainDefinition, after: ChainDefinition): ChainChanges['chainChanged'] {
  const changed: ChainChanges['chainChanged'] = [];
  for (const field of CHAIN_FIELDS) {
    if (field === 'sources') {
      if (before.sources.map(sourceKey).join('\n') === after.sources.map(sourceKey).join('\n')) continue;
      const text = (list: ChainDefinition['sources']) => (list.length ? list.map(sourceText).join('；') : null);
      changed.push({ field, from: text(before.sources), to: text(after.sources) });
    } else if ((before[field] ?? null) !== (after[field] ?? null)) {
      changed.push({ field, from: before[field] ?? null, to: after[field] ?? null });
    }
  }
  return changed;
}

/** No change at all (a chain compared with itself). */
export const noChainChanges = (): ChainChanges => ({ chainChanged: [], segmentsAdded: [], segmentsRemoved: [], segmentsRenamed: [], segmentsMoved: [], segmentsChanged: [], edgesAdded: [], edgesRemoved: [] });

/**
 * The changes from `before` to `after`, in `after`'s order (removals in `before`'s).
 * @example diffChains(v1, v2).segmentsRenamed // [{ key: 'ic.pkg', from: '封装', to: '封装测试' }]
 */
export function diffChains(before: ChainDefinition, after: ChainDefinition): ChainChanges {
  const old = new Map(before.segments.map((s) => [s.key, s]));
  const now = new Set(after.segments.map((s) => s.key));
  const nowByKey = new Map(after.segments.map((s) => [s.key, s]));
  // A segment's name as the side that has it says (an added edge: after, a removed one: before), else the key.
  const nameIn = (first: ReadonlyMap<string, ChainSegment>, second: ReadonlyMap<string, ChainSegment>, key: string) => first.get(key)?.name ?? second.get(key)?.name ?? key;
  const changes: ChainChanges = { ...noChainChanges(), chainChanged: chainFieldChanges(before, after) };
  for (const s of after.segments) {
    const was = old.get(s.key);
    if (!was) {
      changes.segmentsAdded.push({ key: s.key, name: s.name, parent: s.parent, stage: s.stage });
      continue;
    }
    if (was.name !== s.name) changes.segmentsRenamed.push({ key: s.key, from: was.name, to: s.name });
    if (was.parent !== s.parent || was.stage !== s.stage) {
      changes.segmentsMoved.push({
        key: s.key,
        name: s.name,
        fromParent: was.parent,
        toParent: s.parent,
        fromParentName: was.parent ? nameIn(old, nowByKey, was.parent) : null,
        toParentName: s.parent ? nameIn(nowByKey, old, s.parent) : null,
        fromStage: was.stage,
        toStage: s.stage,
      });
    }
    const fields = DETAIL_FIELDS.filter((f) => JSON.stringify(was[f]) !== JSON.stringify(s[f]));
    if (fields.length) changes.segmentsChanged.push({ key: s.key, name: s.name, fields });
  }
  for (const s of before.segments) if (!now.has(s.key)) changes.segmentsRemoved.push({ key: s.key, name: s.name });
  const edgeKey = (e: { from: string; to: string }) => `${e.from}\u0000${e.to}`;
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  for (const e of after.edges) if (!oldEdges.has(edgeKey(e))) changes.edgesAdded.push({ from: e.from, to: e.to, fromName: nameIn(nowByKey, old, e.from), toName: nameIn(nowByKey, old, e.to) });
  for (const e of before.edges) if (!newEdges.has(edgeKey(e))) changes.edgesRemoved.push({ from: e.from, to: e.to, fromName: nameIn(old, nowByKey, e.from), toName: nameIn(old, nowByKey, e.to) });
  return changes;
}

/** Whether nothing changed (the same version imported again). */
export function noChanges(c: ChainChanges): boolean {
  return Object.values(c).every((list) => (list as unknown[]).length === 0);
}

/**
 * A segment as a change names it: its name with its key in brackets, or the key alone when no name is known.
 * @example segmentLabel('up.1', '碳化硅衬底') // '碳化硅衬底 (up.1)'
 */
export const segmentLabel = (key: string, name: string | null | undefined): string => (name && name !== key ? `${name} (${key})` : key);

/** The changes as lines for a person, in both languages (the CLI prints them). */
export function describeChanges(c: ChainChanges): string[] {
  const stage = (s: Stage) => s;
  return [
    ...c.chainChanged.map((f) => `~ 产业链信息 / chain ${f.field}: ${f.from ?? '—'} → ${f.to ?? '—'}`),
    ...c.segmentsAdded.map((s) => `+ 新增环节 / segment added: ${s.key} ${s.name}${s.parent ? ` (under ${s.parent})` : ` (${stage(s.stage)})`}`),
    ...c.segmentsRemoved.map((s) => `- 删除环节 / segment removed: ${s.key} ${s.name}`),
    ...c.segmentsRenamed.map((s) => `~ 更名 / renamed: ${s.key} ${s.from} → ${s.to}`),
    ...c.segmentsMoved.map(
      (s) => `~ 移动 / moved: ${s.key} ${s.name}: ${s.fromParent ? segmentLabel(s.fromParent, s.fromParentName) : s.fromStage} → ${s.toParent ? segmentLabel(s.toParent, s.toParentName) : s.toStage}`,
    ),
    ...c.segmentsChanged.map((s) => `~ 修改 / changed: ${s.key} ${s.name}: ${s.fields.join(', ')}`),
    ...c.edgesAdded.map((e) => `+ 新增供应关系 / edge added: ${segmentLabel(e.from, e.fromName)} → ${segmentLabel(e.to, e.toName)}`),
    ...c.edgesRemoved.map((e) => `- 删除供应关系 / edge removed: ${segmentLabel(e.from, e.fromName)} → ${segmentLabel(e.to, e.toName)}`),
  ];
}
