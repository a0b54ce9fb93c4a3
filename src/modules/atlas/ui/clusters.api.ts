/** The clusters and carrier zones API as the atlas pages see it (response types from the server's schemas). */
import { api } from '../../../web/api.ts';
import { downloadFile, uploadFile } from '../../../web/files.ts';
import type { IndicatorImportResult, IndicatorSeries, IndicatorValuesBody, Readiness, ThresholdsBody } from '../atlas.cluster-indicators.schema.ts';
import type { ClusterBody, ClusterDetail, ClusterFile, ClusterImportResult, ClusterSummary, Zone, ZoneBody } from '../atlas.clusters.schema.ts';

export type { IndicatorImportResult, IndicatorSeries, IndicatorValuesBody, Readiness, ThresholdsBody };
export type { ClusterBody, ClusterDetail, ClusterFile, ClusterImportResult, ClusterSummary, Zone, ZoneBody };

export const clusterApi = {
  clusters: () => api.get<ClusterSummary[]>('/api/atlas/clusters'),
  cluster: (id: string, confirmedOnly: boolean) => api.get<ClusterDetail>(`/api/atlas/clusters/${id}`, confirmedOnly ? { confirmedOnly: true } : {}),
  createCluster: (body: ClusterBody) => api.post<ClusterDetail>('/api/atlas/clusters', body),
  updateCluster: (id: string, body: ClusterBody) => api.put<ClusterDetail>(`/api/atlas/clusters/${id}`, body),
  deleteCluster: (id: string) => api.delete<{ ok: boolean }>(`/api/atlas/clusters/${id}`),
  zones: () => api.get<Zone[]>('/api/atlas/zones'),
  createZone: (body: ZoneBody) => api.post<Zone>('/api/atlas/zones', body),
  updateZone: (id: string, body: ZoneBody) => api.put<Zone>(`/api/atlas/zones/${id}`, body),
  deleteZone: (id: string) => api.delete<{ ok: boolean }>(`/api/atlas/zones/${id}`),
  exportFile: () => downloadFile('/api/atlas/clusters/export', 'clusters.json'),
  indicators: (id: string) => api.get<IndicatorSeries>(`/api/atlas/clusters/${id}/indicators`),
  setIndicators: (id: string, body: IndicatorValuesBody) => api.put<IndicatorSeries>(`/api/atlas/clusters/${id}/indicators`, body),
  importIndicators: (id: string, file: File, csrfToken: string, dryRun: boolean) =>
    uploadFile<IndicatorImportResult>(`/api/atlas/clusters/${id}/indicators/import`, file, { csrfToken, query: dryRun ? { dryRun: true } : {} }),
  exportIndicators: (id: string) => downloadFile(`/api/atlas/clusters/${id}/indicators.xlsx`, 'indicators.xlsx'),
  setThresholds: (body: ThresholdsBody) => api.put<{ ok: boolean }>('/api/atlas/readiness-thresholds', body),
  readiness: (id: string, target?: Readiness['target']) => api.get<Readiness>(`/api/atlas/clusters/${id}/readiness`, target ? { target } : {}),
  importFile: (file: ClusterFile, dryRun: boolean) => api.post<ClusterImportResult>(`/api/atlas/clusters/import${dryRun ? '?dryRun=true' : ''}`, file),
};
