/** The atlas HTTP API as its pages see it (response types from the server's schemas). */
import { api } from '../../../web/api.ts';
import { downloadFile, uploadFile } from '../../../web/files.ts';
import { chainMapUrls } from './chain-map.prefetch.ts';
import { ENTERPRISE_TAGS } from '../atlas.enterprise.domain.ts';
import { chainFileName } from '../atlas.chain-format.domain.ts';
import type { ChainAdaptResult, ChainDetail, ChainSummary } from '../atlas.schema.ts';
import type { EnterpriseDetail, EnterprisePage, FilePreview, ImportJob, LinkResponse, SegmentCounts, SegmentEnterprises, SegmentProposals } from '../atlas.ui.schema.ts';

export type { ChainAdaptResult, ChainDetail, ChainSummary, EnterpriseDetail, EnterprisePage, FilePreview, ImportJob, LinkResponse, SegmentCounts, SegmentEnterprises };
export type EnterpriseItem = EnterprisePage['items'][number];
export type Segment = ChainDetail['segments'][number];
export type Decision = LinkResponse['decision'];
export type Stage = Segment['stage'];
export const STAGES: Stage[] = ['upstream', 'midstream', 'downstream'];
export const DECISIONS: Decision[] = ['confirmed', 'uncertain', 'rejected'];
/** The tags an enterprise may carry (data values, the same in both languages). */
export const TAGS: readonly string[] = ENTERPRISE_TAGS;

export interface Region {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

/** What importing a chain file did or, in a dry run, would do. */
export interface ChainImportResult {
  dryRun: boolean;
  chain: { id: string; key: string; name: string; regionCode: string };
  version: number;
  created: boolean;
  unchanged: boolean;
  segments: number;
  edges: number;
  changes: Record<string, Record<string, unknown>[]> | null;
}

import type { ChainTargets, Chokepoints, Coverage, Gaps, Match } from '../atlas.analysis.schema.ts';
export type { ChainTargets, Chokepoints, Coverage, Gaps, Match };

/** What turning chosen 招商 candidates into a ledger task made. */
export interface TargetsCreated {
  taskId: string;
  targets: { id: string; uscc: string; name: string; segmentKey: string; status: string }[];
}
import type { ChainEditBody, ChainEditResult } from '../atlas.chain-edit.schema.ts';
export type { ChainEditBody, ChainEditResult };
export type ChainEdit = ChainEditBody['edits'][number];

export interface EnterpriseFilter {
  q?: string;
  region?: string;
  tag?: string;
  chain?: string;
  segment?: string;
  offset?: number;
  limit?: number;
}

export const atlasApi = {
  chains: () => api.get<ChainSummary[]>('/api/atlas/chains'),
  chain: (id: string) => api.get<ChainDetail>(chainMapUrls.chain(id)),
  counts: (id: string, region?: string) => api.get<SegmentCounts>(chainMapUrls.counts(id), { region }),
  gaps: (id: string, region: string, benchmark: string) => api.get<Gaps>(`/api/atlas/chains/${id}/gaps`, { region, benchmark, candidates: 5 }),
  gapsWorkbook: (id: string, region: string, benchmark: string) =>
    downloadFile(`/api/atlas/chains/${id}/gaps/targets.xlsx?${new URLSearchParams({ region, benchmark, candidates: '10' })}`, 'targets.xlsx'),
  chokepoints: (id: string, region: string) => api.get<Chokepoints>(`/api/atlas/chains/${id}/chokepoints`, { region, leads: 5 }),
  /** The segment × region matrix over the given columns (codes or groups jjj, yrd, gba). */
  coverageMatrix: (id: string, regions: string[]) => api.get<Coverage>(`/api/atlas/chains/${id}/coverage`, { regions: regions.join(',') }),
  /** 成龙配套: suppliers and customers of an enterprise, ranked by closeness, size and tags. */
  match: (uscc: string, limit = 10) => api.get<Match>(`/api/atlas/enterprises/${encodeURIComponent(uscc)}/match`, { limit }),
  /** Turns chosen 招商 candidates into one task of a plan, the targets at 线索 (all or nothing). */
  createTargets: (id: string, body: { planId: string; title?: string; targets: { uscc: string; segmentKey: string }[] }) => api.post<TargetsCreated>(`/api/atlas/chains/${id}/targets`, body),
  /** The 招商 targets of a chain followed in a region (code or group), newest first. */
  targets: (id: string, region: string) => api.get<ChainTargets>(`/api/atlas/chains/${id}/targets`, { region }),
  /** Moves a target 线索 → 对接 → 签约 → 落地 (or 放弃); at 签约 it becomes a project under its task. */
  moveTarget: (id: string, body: { regionCode: string; status: ChainTargets['targets'][number]['status']; amount?: number }) =>
    api.post<{ id: string; status: string; projectId: string | null }>(`/api/atlas/targets/${id}/status`, body),
  coverage: (id: string, region: string) => api.get<Coverage>(`/api/atlas/chains/${id}/coverage`, { regions: region }),
  segmentProposals: (id: string, key: string, region?: string) => api.get<SegmentProposals>(`/api/atlas/chains/${id}/segments/${encodeURIComponent(key)}/proposals`, { region, limit: 100 }),
  linkProposals: (id: string, key: string, enterprises: { regionCode: string; id: string }[]) =>
    api.post<{ linked: number; skipped: number }>(`/api/atlas/chains/${id}/segments/${encodeURIComponent(key)}/proposals`, { enterprises }),
  segmentEnterprises: (id: string, key: string, region?: string) => api.get<SegmentEnterprises>(`/api/atlas/chains/${id}/segments/${encodeURIComponent(key)}/enterprises`, { region, limit: 50 }),
  editChain: (id: string, body: ChainEditBody) => api.post<ChainEditResult>(`/api/atlas/chains/${id}/edits`, body),
  adaptChain: (id: string) => api.post<ChainAdaptResult>(`/api/atlas/chains/${id}/adapt`, {}),
  reviewSource: (id: string, sourceVersion: number) => api.post<ChainAdaptResult>(`/api/atlas/chains/${id}/adaptation/review`, { sourceVersion }),
  /** The chain's current version as its JSON exchange file, or as an Excel workbook (环节, 供应关系, 说明). */
  exportChain: (c: { id: string; key: string; regionCode: string; version: number }, format: 'json' | 'xlsx' = 'json') =>
    downloadFile(`/api/atlas/chains/${c.id}/export${format === 'xlsx' ? '?format=xlsx' : ''}`, chainFileName(c, format)),
  importChain: (file: File, dryRun: boolean, csrfToken: string) => uploadFile<ChainImportResult>('/api/atlas/chains/import', file, { csrfToken, query: { dryRun } }),
  enterprises: (f: EnterpriseFilter) => api.get<EnterprisePage>('/api/atlas/enterprises', { ...f }),
  enterprise: (region: string, id: string) => api.get<EnterpriseDetail>(`/api/atlas/enterprises/${region}/${id}`),
  link: (region: string, id: string, body: { chainId: string; segmentKey: string; evidence: 'strong' | 'medium' | 'weak'; source: string; asOf: string; decision?: Decision; note?: string | null }) =>
    api.post<LinkResponse>(`/api/atlas/enterprises/${region}/${id}/links`, body),
  decide: (region: string, id: string, chain: string, segment: string, body: { decision: Decision; note?: string | null }) =>
    api.patch<LinkResponse>(`/api/atlas/enterprises/${region}/${id}/links/${chain}/${encodeURIComponent(segment)}`, body),
  regions: () => api.get<Region[]>('/api/regions'),
  upload: (file: File, csrfToken: string, onProgress: (sent: number) => void) => uploadFile<FilePreview>('/api/atlas/enterprises/uploads', file, { csrfToken, onProgress }),
  startImport: (body: { upload: string; dryRun: boolean; headerRow?: number; mapping?: Record<string, number>; proposeLinks?: boolean }) => api.post<ImportJob>('/api/atlas/enterprises/imports', body),
  job: (id: string) => api.get<ImportJob>(`/api/atlas/enterprises/imports/${id}`),
};
