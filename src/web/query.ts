/**
 * The UI's one cache of server data (TanStack Query). Pages ask for data through the query options of each module
 * (`org.queries.ts`, `plans.queries.ts`, `complexity.queries.ts`): two components asking for the same key share one
 * request and one answer, and a change invalidates the keys it affects instead of each page reloading by hand.
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.ts';

/** A refusal (4xx) is an answer, not a hiccup: retried never; a network or server failure once. */
function retry(failures: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 1;
}

/**
 * A query client with the app's defaults: data counts as fresh for 30 s (a page opened twice in that time does
 * not ask again; a change invalidates what it touched at once), no refetch on window focus.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
