import type { Static } from 'typebox';
import { api } from '../../../web/api.ts';
import type { Agenda, EventDetail as EventDetailSchema, EventList, PublicEvent, RegisteredParticipant, Report, ScheduleReply, TaskChoices } from '../events.schema.ts';

/** The events API's answers, typed from the server's response schemas (events.schema.ts). */
export type EventDetail = Static<typeof EventDetailSchema>;
export type EventSummary = Static<typeof EventList>['events'][number];
export type AgendaData = Static<typeof Agenda>;
export type ReportData = Static<typeof Report>;
export type ScheduleResult = Static<typeof ScheduleReply>;
export type PublicEventData = Static<typeof PublicEvent>;
export type TaskChoice = Static<typeof TaskChoices>['tasks'][number];
/** What the pickers read of the atlas's chains (GET /api/atlas/chains and /api/atlas/chains/:id). */
export interface ChainChoice {
  id: string;
  /** The region keeping the chain ('000000': the shared definition). */
  regionCode: string;
  key: string;
  name: string;
  nameEn: string | null;
}
export interface ChainSegments extends ChainChoice {
  segments: { key: string; parent: string | null; name: string; nameEn: string | null }[];
}

const base = (id: string) => `/api/events/${id}`;
/** The events routes (src/modules/events/events.routes.ts). */
export const eventsApi = {
  list: () => api.get<Static<typeof EventList>>('/api/events'),
  create: (body: unknown) => api.post<EventDetail>('/api/events', body),
  get: (id: string) => api.get<EventDetail>(base(id)),
  update: (id: string, body: unknown) => api.patch<EventDetail>(base(id), body),
  publicEvent: (id: string) => api.get<PublicEventData>(`${base(id)}/public`),
  registerPublicly: (id: string, body: unknown) => api.post<Static<typeof RegisteredParticipant>>(`${base(id)}/public/participants`, body),
  updateParticipant: (id: string, pid: string, body: unknown) => api.patch(`${base(id)}/participants/${pid}`, body),
  taskChoices: (id: string, q: string) => api.get<Static<typeof TaskChoices>>(`${base(id)}/task-choices?q=${encodeURIComponent(q)}`),
  chains: () => api.get<ChainChoice[]>('/api/atlas/chains'),
  chain: (chainId: string) => api.get<ChainSegments>(`/api/atlas/chains/${chainId}`),
  register: (id: string, body: unknown) => api.post<{ id: string; code: string }>(`${base(id)}/participants`, body),
  addOffer: (id: string, pid: string, body: unknown) => api.post(`${base(id)}/participants/${pid}/offers`, body),
  deleteOffer: (id: string, pid: string, oid: string) => api.delete(`${base(id)}/participants/${pid}/offers/${oid}`),
  request: (id: string, pid: string, body: unknown) => api.post(`${base(id)}/participants/${pid}/requests`, body),
  decide: (id: string, rid: string, decision: 'accept' | 'decline' | 'cancel') => api.post(`${base(id)}/requests/${rid}/decision`, { decision }),
  addMeeting: (id: string, body: unknown) => api.post(`${base(id)}/meetings`, body),
  attendance: (id: string, mid: string, body: unknown) => api.post(`${base(id)}/meetings/${mid}/attendance`, body),
  outcome: (id: string, mid: string, body: unknown) => api.put(`${base(id)}/meetings/${mid}/outcome`, body),
  schedule: (id: string) => api.post<ScheduleResult>(`${base(id)}/schedule`, { weighted: true }),
  checkIn: (id: string, code: string) => api.post<{ participant: { name: string }; already: boolean }>(`${base(id)}/check-in`, { code }),
  agenda: (id: string, pid: string) => api.get<AgendaData>(`${base(id)}/participants/${pid}/agenda`),
  report: (id: string) => api.get<ReportData>(`${base(id)}/report`),
  recommendations: (id: string, pid: string) => api.get<{ items: { participant_id: string; name: string; score: number; reasons: { zh: string; en: string }[] }[] }>(`${base(id)}/participants/${pid}/recommendations`),
};
