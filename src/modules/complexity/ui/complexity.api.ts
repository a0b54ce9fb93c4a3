/**
 * The complexity HTTP API as the web pages see it (response types from complexity.schema.ts, which the server serializes by), the upload of a table
 * (XMLHttpRequest, for its upload progress) and file downloads (fetched as blobs, so a refusal shows as a message).
 */
import { api } from '../../../web/api.ts';
import { downloadFile, uploadFile } from '../../../web/files.ts';
import type { OpportunitySort } from '../complexity.opportunities.domain.ts';
import type { AnalysisOptions, AnalysisStatus, AnalysisSummary, AtlasTableSource } from '../complexity.tables.ts';
import type { ComplexityColumns } from '../complexity.table.ts';
import type {
  AnalysisResponse,
  LocationSummaryResponse,
  OpportunitiesResponse,
  ProductSpaceResponse,
  ProfileProductResponse,
  ProfileResponse,
  RankingResponse,
} from '../complexity.schema.ts';

export { downloadFile };
export type { AnalysisOptions, AnalysisStatus, AnalysisSummary, AtlasTableSource, ComplexityColumns, OpportunitySort };
export const OPPORTUNITY_SORTS: OpportunitySort[] = ['balanced', 'density', 'pci', 'cog'];

/** An analysis with the caller's abilities ('read', 'create', 'export', 'delete'); `progress` is 0…1 while running. */
export type Analysis = AnalysisResponse;
export type Ranking = RankingResponse;
export type RankedLocation = Ranking['locations'][number];
export type LocationSummary = LocationSummaryResponse;
export type ProfileProduct = ProfileProductResponse;
export type Profile = ProfileResponse;
export type Opportunities = OpportunitiesResponse;
export type Opportunity = Opportunities['items'][number];
export type ProductSpace = ProductSpaceResponse;
export type SpaceNode = ProductSpace['nodes'][number];

/** What to compute, as the upload's query string. */
export interface RunOptions {
  name?: string;
  columns: ComplexityColumns;
  threshold: number;
  asymmetric: boolean;
  continuous: boolean;
}

/** What table to build from the industry-chain atlas (POST /api/atlas/complexity/analyses). */
export interface AtlasTableRequest {
  chainId: string;
  by: AtlasTableSource['by'];
  measure: AtlasTableSource['measure'];
  year: number;
  confirmedOnly: boolean;
  regions: string;
  level: AtlasTableSource['level'];
  name?: string;
}

/** What the atlas answers when opportunities become 招商 targets. */
export interface OpportunityTargetsResult {
  taskId: string;
  targets: { id: string; uscc: string; name: string; segmentKey: string; status: string }[];
  withoutCandidates: string[];
}

/** A chain of the atlas, as the forms here list them. */
export interface ChainChoice {
  id: string;
  name: string;
  /** The keeping region's name for a region's adapted copy; null for the shared definition. */
  regionName: string | null;
}

const base = (id: string) => `/api/complexity/analyses/${encodeURIComponent(id)}`;

export const complexityApi = {
  list: () => api.get<Analysis[]>('/api/complexity/analyses'),
  get: (id: string) => api.get<Analysis>(base(id)),
  remove: (id: string) => api.delete(base(id)),
  /** Builds the table from the atlas and starts the analysis (answers while it still runs, or when done within a second). */
  fromAtlas: (body: AtlasTableRequest) => api.post<Analysis>('/api/atlas/complexity/analyses', { ...body, wait: 1000 }),
  /** Turns a location's chosen opportunities of an atlas-built analysis into 招商 targets under a plan's new task. */
  targets: (id: string, body: { location: string; products: string[]; planId: string; perProduct: number; title?: string }) =>
    api.post<OpportunityTargetsResult>(`/api/atlas/complexity/analyses/${encodeURIComponent(id)}/targets`, body),
  chains: () => api.get<ChainChoice[]>('/api/atlas/chains'),
  ranking: (id: string, period?: string) => api.get<Ranking>(`${base(id)}/ranking`, { period }),
  profile: (id: string, location: string, period?: string) => api.get<Profile>(`${base(id)}/profile`, { location, period }),
  opportunities: (id: string, query: { location: string; period?: string; sort: OpportunitySort; limit: number }) => api.get<Opportunities>(`${base(id)}/opportunities`, query),
  space: (id: string, query: { location?: string; period?: string }) => api.get<ProductSpace>(`${base(id)}/space`, query),
  /** Every result; with a size threshold, without the locations whose total is below it (the file states it). */
  resultsUrl: (id: string, minTotal?: number | null) => `${base(id)}/results.csv${minTotal ? `?minTotal=${minTotal}` : ''}`,
  proximityUrl: (id: string) => `${base(id)}/proximity.csv`,
  /** The opportunities export: the chosen products, or the top `limit` in the chosen order. */
  opportunitiesUrl: (id: string, format: 'xlsx' | 'csv', query: { location: string; period?: string; sort: OpportunitySort; limit: number; products: string[] }) => {
    const params = new URLSearchParams({ location: query.location, sort: query.sort, limit: String(query.limit) });
    if (query.period !== undefined) params.set('period', query.period);
    for (const p of query.products) params.append('product', p);
    return `${base(id)}/opportunities.${format}?${params}`;
  },
};


/**
 * Uploads a table and starts its analysis; resolves with the analysis (usually still running), or throws ApiError
 * with the server's line and column of a bad table.
 * @example await uploadTable(file, { columns: { loc: 'country', prod: 'hs4', val: 'usd' }, threshold: 1, asymmetric: false, continuous: false }, csrf, setSent)
 */
export function uploadTable(file: File, options: RunOptions, csrfToken: string, onProgress: (sent: number) => void): Promise<Analysis> {
  const query = new URLSearchParams({ loc: options.columns.loc, prod: options.columns.prod, val: options.columns.val, threshold: String(options.threshold), wait: '1000' });
  if (options.name?.trim()) query.set('name', options.name.trim());
  for (const key of ['time', 'pop', 'presence', 'label'] as const) if (options.columns[key]) query.set(key, options.columns[key]!);
  if (options.asymmetric) query.set('asymmetric', 'true');
  if (options.continuous) query.set('continuous', 'true');
  return uploadFile<Analysis>('/api/complexity/analyses', file, { csrfToken, query: Object.fromEntries(query), onProgress });
}

