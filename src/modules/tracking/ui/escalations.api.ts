import type { Static } from 'typebox';
import { api } from '../../../web/api.ts';
import type { BulkIssueBody, Escalation as EscalationSchema, EscalationDetail as DetailSchema, EscalationList, IssueBody, SuggestionList } from '../tracking.escalations.schema.ts';

/** The escalation API's answers, typed from the server's response schemas (tracking.escalations.schema.ts). */
export type Escalation = Static<typeof EscalationSchema>;
export type EscalationDetail = Static<typeof DetailSchema>;
export type EscalationStatus = Escalation['status'];
export type Suggestion = Static<typeof SuggestionList>['suggestions'][number];
export type IssueInput = Static<typeof IssueBody>;
export type BulkIssueInput = Static<typeof BulkIssueBody>;
/** The few fields of the ledger's plans and tasks the manual issue form picks from. */
export interface PlanPick {
  id: string;
  title: string;
  status: string;
}
export interface TaskPick {
  id: string;
  seq: string;
  title: string;
}

/** The escalation API, as the pages call it. */
export const escalationsApi = {
  list: (filter: { status?: EscalationStatus | 'open'; unitId?: string } = {}) => api.get<Static<typeof EscalationList>>('/api/escalations', filter),
  get: (id: string) => api.get<EscalationDetail>(`/api/escalations/${id}`),
  suggestions: () => api.get<Static<typeof SuggestionList>>('/api/escalation-suggestions'),
  issue: (taskId: string, input: IssueInput) => api.post<Escalation>(`/api/tasks/${taskId}/escalations`, input),
  issueMany: (input: BulkIssueInput) => api.post<Static<typeof EscalationList>>('/api/escalations', input),
  answer: (id: string, answer: string) => api.post<Escalation>(`/api/escalations/${id}/answer`, { answer }),
  return: (id: string, reason: string) => api.post<Escalation>(`/api/escalations/${id}/return`, { reason }),
  close: (id: string, note?: string) => api.post<Escalation>(`/api/escalations/${id}/close`, note ? { note } : {}),
  docxUrl: (id: string) => `/api/escalations/${id}/docx`,
  issuedPlans: () => api.get<PlanPick[]>('/api/plans', { status: 'issued' }),
  tasksOf: (planId: string) => api.get<{ tasks: TaskPick[] }>(`/api/plans/${planId}/tasks`),
};
