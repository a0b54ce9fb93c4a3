import type { Static } from 'typebox';
import { api } from '../../../web/api.ts';
import type { Agenda, EventDetail as EventDetailSchema, EventList, InviteIntermediaryResult, LinkReply, PublicEvent, Recommendations, RegisteredParticipant, Report, ScheduleReply, SelfChains, SelfView, TaskChoices } from '../events.schema.ts';

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
/** A participant's page, as its personal link gives it: the event as it sees it and its own id. */
export type SelfViewData = Static<typeof SelfView>;
/** A chain and its segments as the link's page picks them. */
export type LinkChain = Static<typeof SelfChains>[number];
/** What a participant may do for itself: the same calls by its account (eventsApi) or by its personal link (linkApi). */
export interface ParticipantActions {
  update: (body: unknown) => Promise<unknown>;
  addOffer: (body: unknown) => Promise<unknown>;
  deleteOffer: (oid: string) => Promise<unknown>;
  request: (body: unknown) => Promise<unknown>;
  decide: (rid: string, decision: 'accept' | 'decline' | 'cancel') => Promise<unknown>;
  recommendations: () => Promise<Static<typeof Recommendations>>;
  agenda: () => Promise<AgendaData>;
  /** The .ics file's path. */
  icsPath: string;
  /** The chain and segment pickers' source (the atlas's chains for an account; the link's own list otherwise). */
  chains?: () => Promise<LinkChain[]>;
}
/** The personal link's page path (what the participant keeps). */
export const linkPath = (id: string, token: string) => `/events/${id}/self/${token}`;
/** The personal link's routes (/api/events/:id/self/:token/…), no account needed. */
export function linkApi(id: string, token: string): ParticipantActions & { view: () => Promise<SelfViewData> } {
  const at = `${base(id)}/self/${encodeURIComponent(token)}`;
  return {
    view: () => api.get<SelfViewData>(at),
    update: (body) => api.patch(at, body),
    addOffer: (body) => api.post(`${at}/offers`, body),
    deleteOffer: (oid) => api.delete(`${at}/offers/${oid}`),
    request: (body) => api.post(`${at}/requests`, body),
    decide: (rid, decision) => api.post(`${at}/requests/${rid}/decision`, { decision }),
    recommendations: () => api.get<Static<typeof Recommendations>>(`${at}/recommendations`),
    agenda: () => api.get<AgendaData>(`${at}/agenda`),
    icsPath: `${at}/agenda.ics`,
    chains: () => api.get<LinkChain[]>(`${at}/chains`),
  };
}
/** The same calls by the participant's own account (or an organiser acting for it). */
export function accountApi(id: string, pid: string): ParticipantActions {
  return {
    update: (body) => eventsApi.updateParticipant(id, pid, body),
    addOffer: (body) => eventsApi.addOffer(id, pid, body),
    deleteOffer: (oid) => eventsApi.deleteOffer(id, pid, oid),
    request: (body) => eventsApi.request(id, pid, body),
    decide: (rid, decision) => eventsApi.decide(id, rid, decision),
    recommendations: () => eventsApi.recommendations(id, pid),
    agenda: () => eventsApi.agenda(id, pid),
    icsPath: `${base(id)}/participants/${pid}/agenda.ics`,
  };
}
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
  recommendations: (id: string, pid: string) => api.get<Static<typeof Recommendations>>(`${base(id)}/participants/${pid}/recommendations`),
  renewLink: (id: string, pid: string) => api.post<Static<typeof LinkReply>>(`${base(id)}/participants/${pid}/link`, {}),
  /** The atlas's intermediaries (协会、联盟) an organiser may route the event through. */
  intermediaries: () => api.get<{ id: string; name: string; regionName: string; memberCount: number }[]>('/api/atlas/intermediaries'),
  inviteIntermediary: (id: string, intermediaryId: string) => api.post<InviteIntermediaryResult>(`${base(id)}/participants/from-intermediary`, { intermediaryId }),
};
