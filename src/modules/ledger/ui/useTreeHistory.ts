import { useCallback, useRef, useState } from 'react';
import type { EditorNode } from './plan-tree.ts';

/** The tree being edited with undo: each structural edit is a step; typing into one field of one node is one step. */
export function useTreeHistory(initial: EditorNode[]) {
  const [state, setState] = useState<{ tree: EditorNode[]; past: EditorNode[][] }>({ tree: initial, past: [] });
  // The field last typed into: further keystrokes in it replace the current step instead of adding one.
  const typing = useRef<string | null>(null);

  /** Applies an edit; `field` (e.g. "n12.heading") marks keystrokes that belong to one step. */
  const apply = useCallback((next: EditorNode[], field?: string) => {
    setState((s) => {
      if (next === s.tree) return s;
      const coalesce = field !== undefined && field === typing.current;
      typing.current = field ?? null;
      return { tree: next, past: coalesce ? s.past : [...s.past.slice(-99), s.tree] };
    });
  }, []);

  const undo = useCallback(() => {
    typing.current = null;
    setState((s) => (s.past.length ? { tree: s.past[s.past.length - 1], past: s.past.slice(0, -1) } : s));
  }, []);

  /** Starts over from another tree (a new upload, a reload), forgetting the steps. */
  const reset = useCallback((tree: EditorNode[]) => {
    typing.current = null;
    setState({ tree, past: [] });
  }, []);

  return { tree: state.tree, apply, undo, canUndo: state.past.length > 0, changed: state.past.length > 0, reset };
}
