import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useMe } from '../../../web/session.tsx';
import { orgQueries, unitLabel, useUnitDirectory } from '../../org/ui/index.ts';

/** Where new plans go when nothing else says: Tianjin, the demo region. */
const DEFAULT_REGION = '120000';

/** The region of the signed-in user's unit (plans they create belong to it), or Tianjin when they have none. */
export function useHomeRegion(): string {
  const me = useMe();
  const directory = useUnitDirectory();
  return (me.unit_id && directory.byId.get(me.unit_id)?.region_code) || DEFAULT_REGION;
}

/** Units (for names and pickers) and city leaders (for the leader picker) in one place, each fetched once per page. */
export function usePlanDirectory() {
  const units = useUnitDirectory();
  const leaders = useQuery(orgQueries.people({ leadersOnly: true }));
  return useMemo(
    () => ({
      units,
      leaders: leaders.data ?? [],
      unitName: (id: string | null | undefined) => (id ? unitLabel(units.byId.get(id)) : ''),
    }),
    [units, leaders.data],
  );
}
