/** Query keys and options of complexity analyses (see web/query.ts); a running analysis is polled each second. */
import { queryOptions } from '@tanstack/react-query';
import { complexityApi, type Analysis, type OpportunitySort } from './complexity.api.ts';

/** How often a running analysis (or a list holding one) is asked for its progress. */
const POLL_MS = 1000;

export const complexityKeys = {
  all: ['complexity'] as const,
  list: () => ['complexity', 'list'] as const,
  analysis: (id: string) => ['complexity', id] as const,
};

export const complexityQueries = {
  list: () =>
    queryOptions({
      queryKey: complexityKeys.list(),
      queryFn: () => complexityApi.list(),
      refetchInterval: (query) => (query.state.data?.some((a: Analysis) => a.status === 'running') ? POLL_MS : false),
    }),
  get: (id: string) =>
    queryOptions({
      queryKey: complexityKeys.analysis(id),
      queryFn: () => complexityApi.get(id),
      refetchInterval: (query) => (query.state.data?.status === 'running' ? POLL_MS : false),
    }),
  ranking: (id: string, period: string) => queryOptions({ queryKey: [...complexityKeys.analysis(id), 'ranking', period], queryFn: () => complexityApi.ranking(id, period) }),
  profile: (id: string, location: string, period: string) =>
    queryOptions({ queryKey: [...complexityKeys.analysis(id), 'profile', location, period], queryFn: () => complexityApi.profile(id, location, period) }),
  space: (id: string, location: string, period: string) =>
    queryOptions({ queryKey: [...complexityKeys.analysis(id), 'space', location, period], queryFn: () => complexityApi.space(id, { location, period }) }),
  opportunities: (id: string, query: { location: string; period: string; sort: OpportunitySort; limit: number }) =>
    queryOptions({ queryKey: [...complexityKeys.analysis(id), 'opportunities', query], queryFn: () => complexityApi.opportunities(id, query) }),
};
