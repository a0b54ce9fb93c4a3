/**
 * The plan tree as the editor changes it: pure functions that take a tree and return a new one (the old one is
 * never touched), so React can compare by reference and an edit can be undone by keeping the old tree.
 * Nodes carry an editor-only `id`; `key` is the stored node key, kept across versions so the server can compare
 * versions node by node (new nodes have none).
 */

/** A node as the editor holds it. */
export interface EditorNode {
  /** Editor-only identity (never sent to the server). */
  id: string;
  /** The node's key in stored versions; absent for nodes not saved yet. */
  key?: string;
  kind: string;
  marker: string;
  heading: string;
  text: string;
  ordinal: number | null;
  sourceLine: number | null;
  children: EditorNode[];
}

/** A node as the server takes it (POST /api/plans, POST /api/plans/:id/versions). */
export interface PlanNodeInput {
  key?: string;
  kind: string;
  marker: string;
  heading: string;
  text: string;
  ordinal: number | null;
  sourceLine: number | null;
  children: PlanNodeInput[];
}

/** Any tree the parser or the server gives: parsed documents and stored versions alike. */
export interface SourceNode {
  key?: string;
  kind: string;
  marker: string;
  heading: string;
  text: string;
  ordinal?: number | null;
  sourceLine?: number | null;
  children: SourceNode[];
}

/** Makes editor ids; one per editor so ids never collide within a tree. */
export function idMaker(prefix = 'n'): () => string {
  let next = 0;
  return () => `${prefix}${++next}`;
}

/** Gives every node of a parsed or stored tree an editor id, keeping stored keys. */
export function toEditorTree(nodes: SourceNode[], newId: () => string): EditorNode[] {
  return nodes.map((n) => ({
    id: newId(),
    ...(n.key ? { key: n.key } : {}),
    kind: n.kind || 'item',
    marker: n.marker ?? '',
    heading: n.heading ?? '',
    text: n.text ?? '',
    ordinal: n.ordinal ?? null,
    sourceLine: n.sourceLine ?? null,
    children: toEditorTree(n.children ?? [], newId),
  }));
}

/** The tree as the server takes it: editor ids dropped, stored keys kept. */
export function toPlanNodes(nodes: EditorNode[]): PlanNodeInput[] {
  return nodes.map((n) => ({
    ...(n.key ? { key: n.key } : {}),
    kind: n.kind,
    marker: n.marker,
    heading: n.heading,
    text: n.text,
    ordinal: n.ordinal,
    sourceLine: n.sourceLine,
    children: toPlanNodes(n.children),
  }));
}

type Path = number[];

function pathOf(tree: EditorNode[], id: string): Path | null {
  for (let i = 0; i < tree.length; i++) {
    if (tree[i].id === id) return [i];
    const inner = pathOf(tree[i].children, id);
    if (inner) return [i, ...inner];
  }
  return null;
}

function nodeAt(tree: EditorNode[], path: Path): EditorNode {
  let list = tree;
  let node = list[path[0]];
  for (const i of path.slice(1)) {
    list = node.children;
    node = list[i];
  }
  return node;
}

/** The sibling list a path's last index points into. */
function listAt(tree: EditorNode[], parentPath: Path): EditorNode[] {
  return parentPath.length ? nodeAt(tree, parentPath).children : tree;
}

/** Replaces the sibling list at `parentPath`, copying only the nodes on the way down. */
function withList(tree: EditorNode[], parentPath: Path, list: EditorNode[]): EditorNode[] {
  if (parentPath.length === 0) return list;
  const [head, ...rest] = parentPath;
  return tree.map((n, i) => (i === head ? { ...n, children: withList(n.children, rest, list) } : n));
}

/** Where a node is: the node, its parent (null at the top), its index among its siblings and its depth (1 at the top). */
export interface NodePlace {
  node: EditorNode;
  parent: EditorNode | null;
  siblings: EditorNode[];
  index: number;
  depth: number;
}

/** Finds a node by editor id. */
export function findNode(tree: EditorNode[], id: string): NodePlace | null {
  const path = pathOf(tree, id);
  if (!path) return null;
  const parentPath = path.slice(0, -1);
  const siblings = listAt(tree, parentPath);
  return { node: nodeAt(tree, path), parent: parentPath.length ? nodeAt(tree, parentPath) : null, siblings, index: path[path.length - 1], depth: path.length };
}

/** The paragraphs of a node's text (its text is paragraphs joined by "\n"). */
export function paragraphs(text: string): string[] {
  return text ? text.split('\n') : [];
}

/** Changes a node's marker, heading, text or kind. */
export function updateNode(tree: EditorNode[], id: string, patch: Partial<Pick<EditorNode, 'marker' | 'heading' | 'text' | 'kind'>>): EditorNode[] {
  const path = pathOf(tree, id);
  if (!path) return tree;
  const parentPath = path.slice(0, -1);
  const list = listAt(tree, parentPath).map((n) => (n.id === id ? { ...n, ...patch } : n));
  return withList(tree, parentPath, list);
}

const ENDS_WITH_PUNCTUATION = /[\u3002\uff1b\uff1a\uff01\uff1f\uff0c.;:!?,]$/;

/**
 * A node written out as one paragraph the way official documents run a heading into its text:
 * marker, heading, a full stop when the heading has none, then the first paragraph of text.
 */
export function nodeAsText(node: Pick<EditorNode, 'marker' | 'heading' | 'text'>): string {
  const head = `${node.marker}${node.heading}`;
  if (!node.text) return head;
  if (!head) return node.text;
  const stop = node.heading && !ENDS_WITH_PUNCTUATION.test(node.heading) ? '\u3002' : '';
  return `${head}${stop}${node.text}`;
}

function appendText(text: string, more: string): string {
  return [text, more].filter(Boolean).join('\n');
}

/** Whether {@link mergeWithPrevious} can act: the node has a previous sibling or a parent. */
export function canMergeWithPrevious(tree: EditorNode[], id: string): boolean {
  const place = findNode(tree, id);
  return !!place && (place.index > 0 || place.parent !== null);
}

/**
 * Folds a node the parser wrongly split off back into the node above it: into its previous sibling (its text
 * appended as a paragraph, its children after the sibling's children), or, for a first child, into its parent
 * (its children taking its place).
 */
export function mergeWithPrevious(tree: EditorNode[], id: string): EditorNode[] {
  const path = pathOf(tree, id);
  if (!path) return tree;
  const index = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  const list = listAt(tree, parentPath);
  const node = list[index];
  if (index > 0) {
    const prev = list[index - 1];
    const merged = { ...prev, text: appendText(prev.text, nodeAsText(node)), children: [...prev.children, ...node.children] };
    return withList(tree, parentPath, [...list.slice(0, index - 1), merged, ...list.slice(index + 1)]);
  }
  if (parentPath.length === 0) return tree;
  const grandPath = parentPath.slice(0, -1);
  const parentIndex = parentPath[parentPath.length - 1];
  const parents = listAt(tree, grandPath);
  const parent = parents[parentIndex];
  const merged = { ...parent, text: appendText(parent.text, nodeAsText(node)), children: [...node.children, ...parent.children.slice(1)] };
  return withList(tree, grandPath, parents.map((p, i) => (i === parentIndex ? merged : p)));
}

/**
 * Splits a node's text before paragraph `at` (1 ≤ at < paragraphs): the node keeps the paragraphs before it and its
 * children; a new node of the same kind right after it takes the rest, to be given its marker and heading.
 */
export function splitAt(tree: EditorNode[], id: string, at: number, newId: string): EditorNode[] {
  const path = pathOf(tree, id);
  if (!path) return tree;
  const index = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  const list = listAt(tree, parentPath);
  const node = list[index];
  const parts = paragraphs(node.text);
  if (at < 1 || at >= parts.length) return tree;
  const first = { ...node, text: parts.slice(0, at).join('\n') };
  const second: EditorNode = { id: newId, kind: node.kind, marker: '', heading: '', text: parts.slice(at).join('\n'), ordinal: null, sourceLine: null, children: [] };
  return withList(tree, parentPath, [...list.slice(0, index), first, second, ...list.slice(index + 1)]);
}

/** Moves a node one place up among its siblings (no change for the first). */
export function moveUp(tree: EditorNode[], id: string): EditorNode[] {
  return swap(tree, id, -1);
}

/** Moves a node one place down among its siblings (no change for the last). */
export function moveDown(tree: EditorNode[], id: string): EditorNode[] {
  return swap(tree, id, 1);
}

function swap(tree: EditorNode[], id: string, by: -1 | 1): EditorNode[] {
  const path = pathOf(tree, id);
  if (!path) return tree;
  const index = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  const list = [...listAt(tree, parentPath)];
  const other = index + by;
  if (other < 0 || other >= list.length) return tree;
  [list[index], list[other]] = [list[other], list[index]];
  return withList(tree, parentPath, list);
}

/** What the children of a node of this kind usually are: parts hold articles, articles hold items. */
const CHILD_KIND: Record<string, string> = { part: 'article', chapter: 'article', section: 'article', article: 'item', item: 'item', annex: 'item' };

/** Indents a node (one level deeper): it becomes the last child of its previous sibling, taking its new siblings' kind. */
export function indent(tree: EditorNode[], id: string): EditorNode[] {
  const path = pathOf(tree, id);
  if (!path) return tree;
  const index = path[path.length - 1];
  if (index === 0) return tree;
  const parentPath = path.slice(0, -1);
  const list = listAt(tree, parentPath);
  const prev = list[index - 1];
  const node = list[index];
  const kind = prev.children[prev.children.length - 1]?.kind ?? CHILD_KIND[prev.kind] ?? node.kind;
  const newPrev = { ...prev, children: [...prev.children, { ...node, kind }] };
  return withList(tree, parentPath, [...list.slice(0, index - 1), newPrev, ...list.slice(index + 1)]);
}

/** Outdents a node (one level up): it leaves its parent and comes right after it, taking the parent's kind. */
export function outdent(tree: EditorNode[], id: string): EditorNode[] {
  const path = pathOf(tree, id);
  if (!path || path.length < 2) return tree;
  const index = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  const grandPath = parentPath.slice(0, -1);
  const parentIndex = parentPath[parentPath.length - 1];
  const parents = listAt(tree, grandPath);
  const parent = parents[parentIndex];
  const node = parent.children[index];
  const newParent = { ...parent, children: parent.children.filter((_, i) => i !== index) };
  return withList(tree, grandPath, [...parents.slice(0, parentIndex), newParent, { ...node, kind: parent.kind }, ...parents.slice(parentIndex + 1)]);
}

/** Removes a node with everything under it. */
export function remove(tree: EditorNode[], id: string): EditorNode[] {
  const path = pathOf(tree, id);
  if (!path) return tree;
  const parentPath = path.slice(0, -1);
  return withList(
    tree,
    parentPath,
    listAt(tree, parentPath).filter((n) => n.id !== id),
  );
}

/** A new empty node (to be filled in by the person); `kind` defaults to an item. */
export function emptyNode(id: string, kind = 'item'): EditorNode {
  return { id, kind, marker: '', heading: '', text: '', ordinal: null, sourceLine: null, children: [] };
}

/** Inserts a node right after `afterId` among its siblings, or at the end of the top level when `afterId` is null. */
export function insertAfter(tree: EditorNode[], afterId: string | null, node: EditorNode): EditorNode[] {
  if (afterId === null) return [...tree, node];
  const path = pathOf(tree, afterId);
  if (!path) return [...tree, node];
  const index = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  const list = listAt(tree, parentPath);
  return withList(tree, parentPath, [...list.slice(0, index + 1), node, ...list.slice(index + 1)]);
}

/** Adds a node as the last child of `parentId`. */
export function addChild(tree: EditorNode[], parentId: string, node: EditorNode): EditorNode[] {
  const path = pathOf(tree, parentId);
  if (!path) return tree;
  const parentPath = path.slice(0, -1);
  const list = listAt(tree, parentPath).map((n) => (n.id === parentId ? { ...n, children: [...n.children, node] } : n));
  return withList(tree, parentPath, list);
}

/** The kind a new child of this node should have. */
export function childKind(node: EditorNode): string {
  return node.children[node.children.length - 1]?.kind ?? CHILD_KIND[node.kind] ?? 'item';
}

/** Which edits make sense for a node now (the editor greys out the others). */
export function availableEdits(tree: EditorNode[], id: string) {
  const place = findNode(tree, id);
  if (!place) return { moveUp: false, moveDown: false, indent: false, outdent: false, merge: false };
  return {
    moveUp: place.index > 0,
    moveDown: place.index < place.siblings.length - 1,
    indent: place.index > 0,
    outdent: place.parent !== null,
    merge: place.index > 0 || place.parent !== null,
  };
}

/** Every node in document order with its depth. */
export function flatten<T extends { children: T[] }>(tree: T[], depth = 1): { node: T; depth: number }[] {
  return tree.flatMap((node) => [{ node, depth }, ...flatten(node.children, depth + 1)]);
}

/** Number of nodes in a tree. */
export function countNodes(tree: { children: unknown[] }[]): number {
  return tree.reduce((sum, n) => sum + 1 + countNodes(n.children as { children: unknown[] }[]), 0);
}

/**
 * The source lines a node stands for: from its own line up to the line before the next node (in document order)
 * that has a line, or to the end. Null when the node has no source line (added or split off in the editor).
 */
export function sourceRange<T extends { sourceLine?: number | null; children: T[] }>(tree: T[], isTarget: (node: T) => boolean, totalLines: number): { from: number; to: number } | null {
  const flat = flatten(tree).map((f) => f.node);
  const at = flat.findIndex(isTarget);
  if (at < 0) return null;
  const from = flat[at].sourceLine;
  if (!from) return null;
  const next = flat.slice(at + 1).find((n) => n.sourceLine && n.sourceLine > from)?.sourceLine;
  return { from, to: Math.max(from, Math.min(totalLines, (next ?? totalLines + 1) - 1)) };
}

/** Problems that would make the server refuse the tree: empty nodes (no marker, heading or text), by editor id. */
export function emptyNodeIds(tree: EditorNode[]): string[] {
  return flatten(tree)
    .filter(({ node }) => !node.marker.trim() && !node.heading.trim() && !node.text.trim())
    .map(({ node }) => node.id);
}
