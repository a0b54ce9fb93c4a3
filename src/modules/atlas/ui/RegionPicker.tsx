import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { atlasApi, type Region } from './atlas.api.ts';

interface TreeNode {
  value: string;
  title: string;
  children: TreeNode[];
}

/** The regions as a tree (provinces, their cities, districts and zones). */
export function regionTree(regions: Region[]): TreeNode[] {
  const nodes = new Map(regions.map((r) => [r.code, { value: r.code, title: r.name, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const r of regions) {
    const node = nodes.get(r.code)!;
    const parent = r.parent_code ? nodes.get(r.parent_code) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The regions as a tree for a TreeSelect, from the cached list (loaded once), and whether it is still loading. */
export function useRegionTree(): { tree: TreeNode[]; loading: boolean } {
  const regions = useQuery({ queryKey: ['atlas', 'regions'], queryFn: atlasApi.regions, staleTime: Infinity });
  const tree = useMemo(() => regionTree(regions.data ?? []), [regions.data]);
  return { tree, loading: regions.isLoading };
}

/** A region picker; a region stands for itself and every region under it. */
export function RegionPicker({ value, onChange, placeholder, style }: { value?: string; onChange: (v: string | undefined) => void; placeholder: string; style?: React.CSSProperties }) {
  const { tree, loading } = useRegionTree();
  return (
    <TreeSelect
      aria-label={placeholder}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      placeholder={placeholder}
      value={value}
      onChange={(v) => onChange((v as string | undefined) || undefined)}
      treeData={tree}
      style={{ minWidth: 200, ...style }}
      loading={loading}
    />
  );
}

/**
 * The name of a region code from the same cached list as the picker (`440100` → 广州市), for lists that carry only the
 * code (招商候选, 成龙配套); an unknown code is shown as it is.
 */
export function useRegionName(): (code: string) => string {
  const regions = useQuery({ queryKey: ['atlas', 'regions'], queryFn: atlasApi.regions, staleTime: Infinity });
  const names = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, r.name])), [regions.data]);
  return (code: string) => names.get(code) ?? code;
}
