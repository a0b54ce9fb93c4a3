/** The chain-chief (链长制) API as the atlas pages see it (response types from the server's schemas). */
import { api } from '../../../web/api.ts';
import { downloadFile } from '../../../web/files.ts';
import type { ChiefHeadBody, ChiefItem, ChiefItemBody, ChiefItemPatch, ChiefRecord, TrackKeyProjectsResult } from '../atlas.chiefs.schema.ts';

export type { ChiefHeadBody, ChiefItem, ChiefItemBody, ChiefItemPatch, ChiefRecord };

/** A person of the org directory, as the chief form offers them. */
export interface DirectoryPerson {
  id: string;
  name: string;
  title: string | null;
  is_leader: boolean;
}

const q = (region: string | undefined) => (region ? `?region=${encodeURIComponent(region)}` : '');

export const chiefApi = {
  record: (chainId: string, region?: string) => api.get<ChiefRecord>(`/api/atlas/chains/${chainId}/chief${q(region)}`),
  updateHead: (chainId: string, region: string, body: ChiefHeadBody) => api.put<ChiefRecord>(`/api/atlas/chains/${chainId}/chief${q(region)}`, body),
  addItem: (chainId: string, region: string, body: ChiefItemBody) => api.post<ChiefRecord>(`/api/atlas/chains/${chainId}/chief/items${q(region)}`, body),
  changeItem: (chainId: string, region: string, itemId: string, body: ChiefItemPatch) => api.patch<ChiefRecord>(`/api/atlas/chains/${chainId}/chief/items/${itemId}${q(region)}`, body),
  deleteItem: (chainId: string, region: string, itemId: string) => api.delete<ChiefRecord>(`/api/atlas/chains/${chainId}/chief/items/${itemId}${q(region)}`),
  exportFile: (chainId: string, region: string, name: string) => downloadFile(`/api/atlas/chains/${chainId}/chief/export${q(region)}`, name),
  track: (chainId: string, region: string, planId: string, itemIds: string[]) => api.post<TrackKeyProjectsResult>(`/api/atlas/chains/${chainId}/chief/track${q(region)}`, { planId, itemIds }),
  people: () => api.get<DirectoryPerson[]>('/api/people'),
};
