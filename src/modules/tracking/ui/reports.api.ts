import type { Static } from 'typebox';
import { api } from '../../../web/api.ts';
import type { Report as ReportSchema, ReportBody, ReviewQueueReply, TaskReportsReply, UnitPageReply } from '../tracking.schema.ts';

/** The reporting API's answers, typed from the server's response schemas (tracking.schema.ts). */
export type Report = Static<typeof ReportSchema>;
export type ReportStatus = Report['status'];
export type TaskReports = Static<typeof TaskReportsReply>;
export type TimelineEvent = TaskReports['timeline'][number];
export type EvidenceFile = TaskReports['evidence'][number];
export type UnitPage = Static<typeof UnitPageReply>;
export type OwedLine = UnitPage['owed'][number];
export type QueueItem = Static<typeof ReviewQueueReply>['reports'][number];
export type ReviewQueue = Static<typeof ReviewQueueReply>;
export type PendingDeadlineChange = ReviewQueue['deadlineChanges'][number];
export type DeadlineChange = TaskReports['deadlineChanges'][number];
export type ReportInput = Omit<Static<typeof ReportBody>, 'version'>;

/** The reporting API, as the pages call it. */
export const reportsApi = {
  mine: () => api.get<UnitPage>('/api/reporting/mine'),
  queue: () => api.get<ReviewQueue>('/api/reporting/review-queue'),
  task: (taskId: string) => api.get<TaskReports>(`/api/tasks/${taskId}/reports`),
  save: (taskId: string, input: ReportInput) => api.post<Report>(`/api/tasks/${taskId}/reports`, input),
  submit: (id: string) => api.post<Report>(`/api/reports/${id}/submit`),
  accept: (id: string) => api.post<Report>(`/api/reports/${id}/accept`),
  return: (id: string, reason: string) => api.post<Report>(`/api/reports/${id}/return`, { reason }),
  deleteEvidence: (id: string) => api.delete(`/api/evidence/${id}`),
  requestDeadline: (taskId: string, newDueDate: string, reason: string) => api.post<DeadlineChange>(`/api/tasks/${taskId}/deadline-changes`, { newDueDate, reason }),
  decideDeadline: (changeId: string, approve: boolean, note?: string) => api.post<DeadlineChange>(`/api/deadline-changes/${changeId}/decision`, { approve, ...(note ? { note } : {}) }),
  reopen: (taskId: string, reason: string) => api.post<{ taskId: string; closed: boolean }>(`/api/tasks/${taskId}/reopen`, { reason }),
};
