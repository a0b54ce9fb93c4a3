/** The intermediaries API as the atlas pages see it (response types from the server's schemas). */
import { api } from '../../../web/api.ts';
import { uploadFile } from '../../../web/files.ts';
import type { GapChannels, IntermediaryBody, IntermediaryDetail, IntermediaryQuery, IntermediarySummary, MemberBody, MemberImportResult, MemberPatch, Membership } from '../atlas.intermediaries.schema.ts';

export type { GapChannels, IntermediaryBody, IntermediaryDetail, IntermediaryQuery, IntermediarySummary, MemberBody, MemberImportResult, MemberPatch, Membership };
export type Member = IntermediaryDetail['members'][number];

export const intermediaryApi = {
  list: (q: IntermediaryQuery) => api.get<IntermediarySummary[]>('/api/atlas/intermediaries', { ...q }),
  get: (id: string) => api.get<IntermediaryDetail>(`/api/atlas/intermediaries/${id}`),
  create: (body: IntermediaryBody) => api.post<IntermediaryDetail>('/api/atlas/intermediaries', body),
  update: (id: string, body: IntermediaryBody) => api.put<IntermediaryDetail>(`/api/atlas/intermediaries/${id}`, body),
  remove: (id: string) => api.delete<{ ok: boolean }>(`/api/atlas/intermediaries/${id}`),
  addMember: (id: string, body: MemberBody) => api.post<IntermediaryDetail>(`/api/atlas/intermediaries/${id}/members`, body),
  updateMember: (id: string, uscc: string, patch: MemberPatch) => api.patch<IntermediaryDetail>(`/api/atlas/intermediaries/${id}/members/${encodeURIComponent(uscc)}`, patch),
  removeMember: (id: string, uscc: string) => api.delete<IntermediaryDetail>(`/api/atlas/intermediaries/${id}/members/${encodeURIComponent(uscc)}`),
  importMembers: (id: string, file: File, dryRun: boolean, csrfToken: string) =>
    uploadFile<MemberImportResult>(`/api/atlas/intermediaries/${id}/members/import`, file, { csrfToken, query: { dryRun, fileName: file.name } }),
  memberships: (uscc: string) => api.get<Membership[]>('/api/atlas/intermediaries/memberships', { uscc }),
  gapChannels: (chainId: string, region: string, benchmark: string) => api.get<GapChannels>(`/api/atlas/chains/${chainId}/gap-channels`, { region, benchmark, candidates: 5 }),
};
