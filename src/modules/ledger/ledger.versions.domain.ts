/** A node of a plan's tree as the UI edits it; `key` is kept across versions (new nodes have none). */
export interface PlanTreeNode {
  key?: string;
  kind: string;
  marker: string;
  heading: string;
  text: string;
  ordinal?: number | null;
  sourceLine?: number | null;
  children: PlanTreeNode[];
}

/** A node as stored: one row per node, in document order. */
export interface FlatNode {
  key: string;
  parentKey: string | null;
  position: number;
  depth: number;
  kind: string;
  marker: string;
  heading: string;
  body: string;
  ordinal: number | null;
  sourceLine: number | null;
}

/**
 * Flattens a tree into rows in document order, giving keyless nodes a new key from `newKey`.
 * Duplicate keys (a node copied in the editor) are renewed so each key stays unique within a version.
 */
export function flattenTree(nodes: PlanTreeNode[], newKey: () => string): FlatNode[] {
  const out: FlatNode[] = [];
  const seen = new Set<string>();
  const walk = (list: PlanTreeNode[], parentKey: string | null, depth: number) => {
    for (const n of list) {
      const key = n.key && !seen.has(n.key) ? n.key : newKey();
      seen.add(key);
      out.push({
        key,
        parentKey,
        position: out.length,
        depth,
        kind: n.kind || 'item',
        marker: n.marker ?? '',
        heading: n.heading ?? '',
        body: n.text ?? '',
        ordinal: n.ordinal ?? null,
        sourceLine: n.sourceLine ?? null,
      });
      walk(n.children ?? [], key, depth + 1);
    }
  };
  walk(nodes, null, 1);
  return out;
}

/** A node of a stored version: every node has its key and depth. */
export interface StoredTreeNode extends PlanTreeNode {
  key: string;
  depth: number;
  children: StoredTreeNode[];
}

/** Rebuilds the tree from rows (in any order; document order is taken from `position`). */
export function buildTree(rows: FlatNode[]): StoredTreeNode[] {
  const sorted = [...rows].sort((a, b) => a.position - b.position);
  const byKey = new Map<string, StoredTreeNode>();
  const roots: StoredTreeNode[] = [];
  for (const r of sorted) {
    byKey.set(r.key, {
      key: r.key,
      depth: r.depth,
      kind: r.kind,
      marker: r.marker,
      heading: r.heading,
      text: r.body,
      ordinal: r.ordinal,
      sourceLine: r.sourceLine,
      children: [],
    });
  }
  for (const r of sorted) {
    const node = byKey.get(r.key)!;
    const parent = r.parentKey ? byKey.get(r.parentKey) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** One node-level difference between two versions. */
export interface NodeChange {
  change: 'added' | 'removed' | 'changed' | 'moved';
  key: string;
  /** The node's label in the newer version (or the older one for removals). */
  label: string;
  fields: { field: 'marker' | 'heading' | 'body' | 'kind'; before: string; after: string }[];
  before?: { parentLabel: string | null; index: number };
  after?: { parentLabel: string | null; index: number };
}

const label = (n: FlatNode) => `${n.marker}${n.heading}`.trim() || n.body.slice(0, 30);
const norm = (s: string) => s.replace(/\s+/g, '').replace(/[。；;，,：:]$/, '');

/** Pairs the nodes of two versions: by key first, then by identical marker path, then by identical heading. */
function matchNodes(a: FlatNode[], b: FlatNode[]): Map<string, string> {
  const pairs = new Map<string, string>();
  const bKeys = new Set(b.map((n) => n.key));
  for (const n of a) if (bKeys.has(n.key)) pairs.set(n.key, n.key);
  const taken = new Set(pairs.values());
  const pathOf = (list: FlatNode[]) => {
    const byKey = new Map(list.map((n) => [n.key, n]));
    const memo = new Map<string, string>();
    const path = (n: FlatNode): string => {
      if (memo.has(n.key)) return memo.get(n.key)!;
      const parent = n.parentKey ? byKey.get(n.parentKey) : undefined;
      const p = (parent ? path(parent) + '/' : '') + norm(n.marker || n.heading);
      memo.set(n.key, p);
      return p;
    };
    return path;
  };
  const pathA = pathOf(a);
  const pathB = pathOf(b);
  const tryMatch = (keyOf: (n: FlatNode) => string, keyOfB: (n: FlatNode) => string) => {
    const index = new Map<string, FlatNode[]>();
    for (const n of b) if (!taken.has(n.key)) index.set(keyOfB(n), [...(index.get(keyOfB(n)) ?? []), n]);
    for (const n of a) {
      if (pairs.has(n.key)) continue;
      const candidates = index.get(keyOf(n))?.filter((c) => !taken.has(c.key));
      if (candidates?.length) {
        pairs.set(n.key, candidates[0].key);
        taken.add(candidates[0].key);
      }
    }
  };
  tryMatch(pathA, pathB);
  tryMatch((n) => 'h:' + norm(n.heading), (n) => 'h:' + norm(n.heading));
  return pairs;
}

/**
 * Compares two versions of a plan node by node: what was added, removed, changed (marker, heading, body, kind)
 * or moved (to another parent or another place among its siblings). Ordered as in the newer version, with
 * removals after them.
 */
export function diffVersions(older: FlatNode[], newer: FlatNode[]): NodeChange[] {
  const pairs = matchNodes(older, newer);
  const reverse = new Map([...pairs].map(([a, b]) => [b, a]));
  const olderByKey = new Map(older.map((n) => [n.key, n]));
  const newerByKey = new Map(newer.map((n) => [n.key, n]));
  const siblingIndex = (list: FlatNode[]) => {
    const counters = new Map<string | null, number>();
    const out = new Map<string, number>();
    for (const n of [...list].sort((x, y) => x.position - y.position)) {
      const i = counters.get(n.parentKey) ?? 0;
      out.set(n.key, i);
      counters.set(n.parentKey, i + 1);
    }
    return out;
  };
  const idxA = siblingIndex(older);
  const idxB = siblingIndex(newer);
  const parentLabel = (byKey: Map<string, FlatNode>, key: string | null) => (key && byKey.get(key) ? label(byKey.get(key)!) : null);
  const reordered = reorderedNodes(older, newer, pairs);
  const changes: NodeChange[] = [];
  for (const n of [...newer].sort((x, y) => x.position - y.position)) {
    const oldKey = reverse.get(n.key);
    if (!oldKey) {
      changes.push({ change: 'added', key: n.key, label: label(n), fields: [], after: { parentLabel: parentLabel(newerByKey, n.parentKey), index: idxB.get(n.key)! } });
      continue;
    }
    const o = olderByKey.get(oldKey)!;
    const fields = (['marker', 'heading', 'body', 'kind'] as const)
      .filter((f) => o[f] !== n[f])
      .map((f) => ({ field: f, before: o[f], after: n[f] }));
    const oldParentNew = o.parentKey ? (pairs.get(o.parentKey) ?? `gone:${o.parentKey}`) : null;
    const moved = oldParentNew !== n.parentKey;
    if (fields.length) changes.push({ change: 'changed', key: n.key, label: label(n), fields });
    if (moved || reordered.has(n.key)) {
      changes.push({
        change: 'moved',
        key: n.key,
        label: label(n),
        fields: [],
        before: { parentLabel: parentLabel(olderByKey, o.parentKey), index: idxA.get(o.key)! },
        after: { parentLabel: parentLabel(newerByKey, n.parentKey), index: idxB.get(n.key)! },
      });
    }
  }
  for (const o of older) {
    if (!pairs.has(o.key)) changes.push({ change: 'removed', key: o.key, label: label(o), fields: [], before: { parentLabel: parentLabel(olderByKey, o.parentKey), index: idxA.get(o.key)! } });
  }
  return changes;
}

/**
 * Nodes that stayed under the same parent but changed place among their siblings: those outside the longest
 * common subsequence of the old and new sibling orders (so moving one node up reports that node alone).
 */
function reorderedNodes(older: FlatNode[], newer: FlatNode[], pairs: Map<string, string>): Set<string> {
  const moved = new Set<string>();
  const groups = new Map<string | null, FlatNode[]>();
  for (const n of [...newer].sort((a, b) => a.position - b.position)) groups.set(n.parentKey, [...(groups.get(n.parentKey) ?? []), n]);
  const olderPos = new Map(older.map((o) => [pairs.get(o.key), o]));
  for (const [parentKey, siblings] of groups) {
    // Siblings that were already siblings under the (matched) same parent, in new order, with their old positions.
    const kept = siblings.filter((n) => {
      const o = olderPos.get(n.key);
      return o && (o.parentKey ? pairs.get(o.parentKey) : null) === parentKey;
    });
    const oldOrder = kept.map((n) => olderPos.get(n.key)!.position);
    // Longest increasing subsequence of old positions = the nodes that kept their relative order.
    const tails: number[] = [];
    const tailIdx: number[] = [];
    const prev = new Array<number>(oldOrder.length).fill(-1);
    oldOrder.forEach((v, i) => {
      let lo = 0;
      let hi = tails.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tails[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      tails[lo] = v;
      tailIdx[lo] = i;
      prev[i] = lo > 0 ? tailIdx[lo - 1] : -1;
    });
    const stay = new Set<number>();
    for (let i = tails.length ? tailIdx[tails.length - 1] : -1; i >= 0; i = prev[i]) stay.add(i);
    kept.forEach((n, i) => {
      if (!stay.has(i)) moved.add(n.key);
    });
  }
  return moved;
}
