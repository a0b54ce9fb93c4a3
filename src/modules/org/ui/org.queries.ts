/** Query keys and options of the org data the pages share (see web/query.ts). */
import { queryOptions } from '@tanstack/react-query';
import { orgApi } from './org.api.ts';

/** Every org key starts with 'org', so `invalidateQueries({ queryKey: orgKeys.all })` refreshes them all. */
export const orgKeys = {
  all: ['org'] as const,
  /** Every list of units (any filter). */
  allUnits: ['org', 'units'] as const,
  units: (query: { q?: string; includeInactive?: boolean } = {}) => ['org', 'units', query] as const,
  regions: () => ['org', 'regions'] as const,
  /** Every list of people (any filter). */
  allPeople: ['org', 'people'] as const,
  people: (query: { unitId?: string; leadersOnly?: boolean } = {}) => ['org', 'people', query] as const,
  users: () => ['org', 'users'] as const,
  auditLabels: () => ['org', 'audit-labels'] as const,
};

export const orgQueries = {
  units: (query: { q?: string; includeInactive?: boolean } = {}) => queryOptions({ queryKey: orgKeys.units(query), queryFn: () => orgApi.units(query) }),
  regions: () => queryOptions({ queryKey: orgKeys.regions(), queryFn: () => orgApi.regions(), staleTime: Infinity }),
  people: (query: { unitId?: string; leadersOnly?: boolean } = {}) => queryOptions({ queryKey: orgKeys.people(query), queryFn: () => orgApi.people(query) }),
  users: () => queryOptions({ queryKey: orgKeys.users(), queryFn: () => orgApi.users() }),
  /** What the modules call their audit entities and actions (zh/en); they change only with a new server version. */
  auditLabels: () => queryOptions({ queryKey: orgKeys.auditLabels(), queryFn: () => orgApi.auditLabels(), staleTime: Infinity }),
};
