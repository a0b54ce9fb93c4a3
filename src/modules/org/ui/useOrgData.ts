import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Region, Unit, UnitNode } from './org.api.ts';
import { orgQueries } from './org.queries.ts';

/** A node for antd TreeSelect. */
export interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: TreeOption[];
}

/** A unit's everyday name: the short name when there is one. */
export function unitLabel(unit: Pick<Unit, 'name' | 'short_name'> | undefined): string {
  return unit ? unit.short_name || unit.name : '';
}

/**
 * Unit tree as TreeSelect options; `disable` greys out units that cannot be chosen (e.g. a unit and its sub-units
 * as its own parent).
 */
export function unitTreeOptions(tree: UnitNode[], disable: (unit: Unit, ancestorDisabled: boolean) => boolean = () => false): TreeOption[] {
  const walk = (nodes: UnitNode[], ancestorDisabled: boolean): TreeOption[] =>
    nodes.map((node) => {
      const disabled = disable(node, ancestorDisabled);
      return {
        value: node.id,
        title: node.active ? node.name : `${node.name} ⊘`,
        disabled,
        children: node.children.length ? walk(node.children, disabled) : undefined,
      };
    });
  return walk(tree, false);
}

/** All units (inactive ones too) for names and pickers, indexed by id; every caller shares one cached request. */
export function useUnitDirectory() {
  const state = useQuery(orgQueries.units({ includeInactive: true }));
  const byId = useMemo(() => new Map((state.data?.units ?? []).map((u) => [u.id, u])), [state.data]);
  return { ...state, units: state.data?.units ?? [], tree: state.data?.tree ?? [], canCreate: state.data?.canCreate ?? false, byId };
}

/** Regions (GB/T 2260) as a tree of TreeSelect options, and by code. */
export function useRegions() {
  const state = useQuery(orgQueries.regions());
  return useMemo(() => {
    const regions: Region[] = state.data ?? [];
    const byCode = new Map(regions.map((r) => [r.code, r]));
    const children = new Map<string | null, Region[]>();
    for (const r of regions) {
      const parent = r.parent_code && byCode.has(r.parent_code) ? r.parent_code : null;
      children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const build = (parent: string | null): TreeOption[] =>
      (children.get(parent) ?? []).map((r) => {
        const kids = build(r.code);
        return { value: r.code, title: `${r.name} ${r.code}`, children: kids.length ? kids : undefined };
      });
    return { regions, byCode, options: build(null), loading: state.isPending };
  }, [state.data, state.isPending]);
}
