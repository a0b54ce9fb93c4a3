import type { EditorNode } from './plan-tree.ts';
import { CLOSING_GROUP, FULL_TEXT_COLUMN } from '../ledger.task-columns.domain.ts';

/** The key of the closing group in the picker; its paragraphs are `closing-1`, `closing-2` … */
export const CLOSING_ROOT = 'closing';

/** One line of the picker of nodes to make tasks from. */
export interface PickNode {
  key: string;
  title: string;
  /** A task already cites this node (or was made from this closing paragraph). */
  hasTask: boolean;
  children: PickNode[];
}

interface TaskCitation {
  node_keys: string[];
  group_path: string[];
  extra?: Record<string, string>;
}

const paragraphsOf = (closing: string | undefined) =>
  (closing ?? '')
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);

/**
 * The nodes of the current version, then the closing paragraphs (结束语) under a group of their own, each marked when a
 * task already cites it.
 */
export function pickTree(tree: EditorNode[], closing: string | undefined, tasks: TaskCitation[]): PickNode[] {
  const cited = new Set(tasks.flatMap((t) => t.node_keys));
  const paragraphs = paragraphsOf(closing);
  const closingCited = new Set(tasks.filter((t) => t.group_path[0] === CLOSING_GROUP).map((t) => t.extra?.[FULL_TEXT_COLUMN] ?? ''));
  const walk = (nodes: EditorNode[]): PickNode[] =>
    nodes
      .filter((n) => n.key)
      .map((n) => ({ key: n.key!, title: `${n.marker}${n.heading}`.trim() || n.text.slice(0, 30), hasTask: cited.has(n.key!), children: walk(n.children) }));
  const nodes = walk(tree);
  if (!paragraphs.length) return nodes;
  return [
    ...nodes,
    {
      key: CLOSING_ROOT,
      title: CLOSING_GROUP,
      hasTask: false,
      children: paragraphs.map((p, i) => ({ key: `closing-${i + 1}`, title: p.length > 40 ? `${p.slice(0, 40)}…` : p, hasTask: closingCited.has(p), children: [] })),
    },
  ];
}

/**
 * The nodes ticking makes tasks of, in document order: a ticked part stands for its items, so only ticked nodes
 * without children become tasks (a part whose items all have a task already makes none; the closing group never does).
 */
export function taskKeys(pick: PickNode[], checked: readonly string[]): string[] {
  const ticked = new Set(checked);
  const out: string[] = [];
  const walk = (nodes: PickNode[]) => {
    for (const n of nodes) {
      if (ticked.has(n.key) && n.children.length === 0 && n.key !== CLOSING_ROOT) out.push(n.key);
      walk(n.children);
    }
  };
  walk(pick);
  return out;
}
