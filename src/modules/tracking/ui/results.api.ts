import type { Static } from 'typebox';
import { api } from '../../../web/api.ts';
import type { ResultsReply } from '../tracking.results.schema.ts';

export type ResultsRecord = Static<typeof ResultsReply>;
export type ResultRow = ResultsRecord['rows'][number];

/** What the record is asked for. */
export interface ResultsQuery {
  by: 'unit' | 'leader';
  from: string;
  to: string;
  plan?: string;
}

/** The results record's API. */
export const resultsApi = {
  record: (q: ResultsQuery) => api.get<ResultsRecord>('/api/tracking/results', { ...q }),
  exportPath: (q: ResultsQuery, lang: string) => `/api/tracking/results.xlsx?${new URLSearchParams({ ...q, lang } as Record<string, string>).toString()}`,
};
