import { api } from '../../../web/api.ts';
import { downloadFile } from '../../../web/files.ts';
import type { BriefingReplyType, LeaderPageReplyType, UnitPageReplyType } from '../tracking.views.schema.ts';

export type BriefingHighlights = BriefingReplyType;
export type LeaderPage = LeaderPageReplyType;
export type UnitPage = UnitPageReplyType;

/** A group key of the dashboard is a record's id when its name was matched to the directory (else the name as written). */
export const isRecordId = (key: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);

/** The views routes (src/modules/tracking/tracking.views.routes.ts). */
export const viewsApi = {
  downloadLedger: (planId: string, asOf?: string) => downloadFile(`/api/plans/${planId}/ledger.xlsx${asOf ? `?asOf=${asOf}` : ''}`, 'ledger.xlsx'),
  downloadBriefing: (planId: string, asOf: string, issuer: string) =>
    downloadFile(`/api/plans/${planId}/briefing.docx?${new URLSearchParams({ asOf, ...(issuer.trim() ? { issuer: issuer.trim() } : {}) })}`, 'briefing.docx'),
  highlights: (planId: string, asOf: string) => api.get<BriefingHighlights>(`/api/plans/${planId}/briefing`, { asOf }),
  setHighlights: (planId: string, asOf: string, highlights: { taskId: string; reportId?: string | null; note?: string }[]) =>
    api.put<BriefingHighlights>(`/api/plans/${planId}/briefing/highlights`, { asOf, highlights }),
  leader: (personId: string) => api.get<LeaderPage>(`/api/people/${personId}/leader-page`),
  unit: (unitId: string) => api.get<UnitPage>(`/api/units/${unitId}/tracking-page`),
};
