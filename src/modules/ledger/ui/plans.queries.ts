/** Query keys and options of plans (see web/query.ts); everything about one plan sits under ['plans', id]. */
import { useCallback } from 'react';
import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { plansApi, type PlanStatus, type PlanType } from './plans.api.ts';

type ListQuery = { q?: string; status?: PlanStatus; planType?: PlanType };

export const planKeys = {
  all: ['plans'] as const,
  /** Every list of plans (any filter): their counts and statuses change with any plan. */
  lists: ['plans', 'list'] as const,
  list: (query: ListQuery) => ['plans', 'list', query] as const,
  /** The plan, its versions, comments, tasks and unresolved names: invalidate this after any change to the plan. */
  plan: (id: string) => ['plans', id] as const,
  detail: (id: string, version?: number) => ['plans', id, 'detail', version ?? 'current'] as const,
  comments: (id: string) => ['plans', id, 'comments'] as const,
  tasks: (id: string) => ['plans', id, 'tasks'] as const,
  unresolved: (id: string) => ['plans', id, 'unresolved'] as const,
};

export const planQueries = {
  list: (query: ListQuery) => queryOptions({ queryKey: planKeys.list(query), queryFn: () => plansApi.list(query) }),
  detail: (id: string, version?: number) => queryOptions({ queryKey: planKeys.detail(id, version), queryFn: () => plansApi.get(id, version) }),
  comments: (id: string) => queryOptions({ queryKey: planKeys.comments(id), queryFn: () => plansApi.comments(id) }),
  tasks: (id: string) => queryOptions({ queryKey: planKeys.tasks(id), queryFn: () => plansApi.tasks(id) }),
  unresolved: (id: string) => queryOptions({ queryKey: planKeys.unresolved(id), queryFn: () => plansApi.unresolved(id) }),
};

/** Refreshes everything cached about plans: after a plan is created, derived or deleted, every list shows it. */
export function useInvalidatePlans(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: planKeys.all }), [queryClient]);
}

/**
 * Refreshes what a change to one plan affects: everything cached under the plan (detail, comments, tasks, names)
 * and every list of plans (statuses and counts). Pages call it after a mutation instead of reloading by hand.
 */
export function useInvalidatePlan(id: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: planKeys.plan(id) }), queryClient.invalidateQueries({ queryKey: planKeys.lists })]);
  }, [queryClient, id]);
}
