/**
 * The chain map's drawing, computed without G6 (so it is tested without a canvas): which segments show (a collapsed
 * segment hides its sub-tree), where (three stage columns, each a tree indented by depth — readable with 500
 * segments, and stable: a segment keeps its column and order), their size and colour, and the supply edges between
 * what shows (an edge of a hidden segment goes to its collapsed ancestor, repeated edges merged).
 */
import type { Segment, Stage } from './atlas.api.ts';

export const STAGE_ORDER: Stage[] = ['upstream', 'midstream', 'downstream'];
const ROW = 30;
const INDENT = 26;
const COLUMN = 380;

export interface SegmentFigures {
  total: number;
  inRegion: number;
  /** Strength score 0–100 of the chosen region, where the coverage API gives one. */
  strength?: number | null;
}

export interface MapNode {
  id: string;
  combo: Stage;
  style: { x: number; y: number; size: number; fill: string; stroke: string; labelText: string };
  data: { hidden: number; depth: number };
}
export interface MapEdge {
  id: string;
  source: string;
  target: string;
  style: { lineWidth: number; opacity: number };
  data: { count: number };
}
export interface MapData {
  nodes: MapNode[];
  edges: MapEdge[];
  combos: { id: Stage; style: { labelText: string } }[];
}

/** The parent of each segment, and its children in file order. */
export function segmentTree(segments: Segment[]) {
  const parent = new Map<string, string | null>();
  const children = new Map<string, string[]>();
  for (const s of segments) {
    parent.set(s.key, s.parent);
    if (s.parent) children.set(s.parent, [...(children.get(s.parent) ?? []), s.key]);
  }
  return { parent, children };
}

/** The segments with sub-segments, except the roots: collapsed at first on a large chain, so the map opens readable. */
export function initialCollapsed(segments: Segment[], threshold = 120): Set<string> {
  if (segments.length <= threshold) return new Set();
  const { children } = segmentTree(segments);
  return new Set(segments.filter((s) => !s.parent && children.has(s.key)).map((s) => s.key));
}

/** The segment itself, or its topmost collapsed ancestor when one hides it. */
export function shownAs(key: string, parent: Map<string, string | null>, collapsed: ReadonlySet<string>): string {
  let shown = key;
  for (let p = parent.get(key) ?? null; p; p = parent.get(p) ?? null) if (collapsed.has(p)) shown = p;
  return shown;
}

/** The ancestors of a segment, nearest first. */
export function ancestors(key: string, parent: Map<string, string | null>): string[] {
  const out: string[] = [];
  for (let p = parent.get(key) ?? null; p; p = parent.get(p) ?? null) out.push(p);
  return out;
}

const hex = (n: number) => Math.round(n).toString(16).padStart(2, '0');
/** A blue from light (weak) to dark (strong); grey for nothing at all. */
export function strengthColour(share: number | null): string {
  if (share === null || share <= 0) return '#d9d9d9';
  const t = Math.min(1, share);
  const from = [0xbae0ff, 0x003eb3].map((c) => [(c >> 16) & 255, (c >> 8) & 255, c & 255]);
  return `#${[0, 1, 2].map((i) => hex(from[0]![i]! + (from[1]![i]! - from[0]![i]!) * t)).join('')}`;
}

export function buildMap(
  segments: Segment[],
  edges: { from: string; to: string }[],
  figures: ReadonlyMap<string, SegmentFigures>,
  collapsed: ReadonlySet<string>,
  stageLabel: (s: Stage) => string,
  hiddenLabel: (count: number) => string,
  /** A segment's name as the page shows it (its English name in English, where it has one). */
  nameOf: (s: Segment) => string = (s) => s.name,
): MapData {
  const { parent, children } = segmentTree(segments);
  const byKey = new Map(segments.map((s) => [s.key, s]));
  const maxTotal = Math.max(1, ...[...figures.values()].map((f) => f.total));
  const maxRegion = Math.max(1, ...[...figures.values()].map((f) => f.inRegion));
  const subtreeSize = (key: string): number => (children.get(key) ?? []).reduce((n, c) => n + 1 + subtreeSize(c), 0);
  const nodes: MapNode[] = [];
  STAGE_ORDER.forEach((stage, column) => {
    let row = 0;
    const visit = (key: string, depth: number) => {
      const s = byKey.get(key)!;
      const f = figures.get(key);
      const hidden = collapsed.has(key) ? subtreeSize(key) : 0;
      const share = f ? (f.strength !== undefined && f.strength !== null ? f.strength / 100 : f.inRegion / maxRegion) : null;
      nodes.push({
        id: key,
        combo: stage,
        style: {
          x: column * COLUMN + depth * INDENT,
          y: row++ * ROW,
          size: 10 + 18 * Math.sqrt((f?.total ?? 0) / maxTotal),
          fill: strengthColour(share),
          stroke: hidden ? '#595959' : '#8c8c8c',
          labelText: hidden ? `${nameOf(s)} ${hiddenLabel(hidden)}` : nameOf(s),
        },
        data: { hidden, depth },
      });
      if (!collapsed.has(key)) for (const c of children.get(key) ?? []) visit(c, depth + 1);
    };
    for (const s of segments) if (!s.parent && s.stage === stage) visit(s.key, 0);
  });
  const merged = new Map<string, MapEdge>();
  for (const e of edges) {
    const source = shownAs(e.from, parent, collapsed);
    const target = shownAs(e.to, parent, collapsed);
    if (source === target) continue;
    const id = `${source}→${target}`;
    const m = merged.get(id);
    if (m) m.data.count++;
    else merged.set(id, { id, source, target, style: { lineWidth: 1, opacity: 0.7 }, data: { count: 1 } });
  }
  // Many edges fade, so the segments stay legible; the selected segment's own edges are drawn strong (ChainGraph).
  const opacity = merged.size > 300 ? 0.2 : merged.size > 100 ? 0.4 : 0.7;
  for (const e of merged.values()) {
    e.style.lineWidth = Math.min(6, 1 + Math.log2(e.data.count));
    e.style.opacity = opacity;
  }
  return { nodes, edges: [...merged.values()], combos: STAGE_ORDER.map((id) => ({ id, style: { labelText: stageLabel(id) } })) };
}
