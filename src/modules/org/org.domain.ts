/** A unit as the tree helpers need it. */
export interface TreeUnit {
  id: string;
  parent_id: string | null;
  name: string;
}

/** A node of the unit tree: the unit plus its children, in input order. */
export type UnitTreeNode<U extends TreeUnit> = U & { children: UnitTreeNode<U>[] };

/**
 * Nests a flat unit list into a tree; units whose parent is not in the list become roots.
 * @example buildUnitTree([{id:'a',parent_id:null,name:'市委'},{id:'b',parent_id:'a',name:'办公厅'}])
 */
export function buildUnitTree<U extends TreeUnit>(units: U[]): UnitTreeNode<U>[] {
  const nodes = new Map<string, UnitTreeNode<U>>(units.map((u) => [u.id, { ...u, children: [] }]));
  const roots: UnitTreeNode<U>[] = [];
  for (const u of units) {
    const node = nodes.get(u.id)!;
    const parent = u.parent_id ? nodes.get(u.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Whether putting unit `id` under `newParentId` would make the unit its own ancestor. */
export function wouldCreateCycle(units: TreeUnit[], id: string, newParentId: string | null): boolean {
  const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
  for (let cur: string | null | undefined = newParentId, steps = 0; cur; cur = parentOf.get(cur), steps++) {
    if (cur === id || steps > units.length) return true;
  }
  return false;
}
